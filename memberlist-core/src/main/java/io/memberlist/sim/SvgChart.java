package io.memberlist.sim;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG markup, drawn by the program itself so an HTML report needs no script, font
 * or stylesheet from the network. Axes start at zero and end at the data's maximum rounded up to a
 * readable step.
 */
final class SvgChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int BOTTOM = 44;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

    /** One line: points (x[i], y[i]), drawn as steps when {@code step} (a distribution over members). */
    record Series(String name, double[] x, double[] y, boolean step) {
    }

    private SvgChart() {
    }

    static String render(String title, String xLabel, String yLabel, List<Series> series) {
        double xMax = niceCeil(max(series, true));
        double yMax = niceCeil(max(series, false));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT, esc(title)));
        b.append(text(WIDTH / 2.0, 20, "middle", "title", title));
        axes(b, xMax, yMax, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"");
            for (int p = 0; p < s.x().length; p++) {
                if (s.step() && p > 0) {
                    point(b, s.x()[p], s.y()[p - 1], xMax, yMax);
                }
                point(b, s.x()[p], s.y()[p], xMax, yMax);
            }
            b.append("\"/>");
            b.append(text(LEFT + 10, TOP + 14 + 16 * i, "start", "legend", s.name()).replace("<text ",
                    "<text fill=\"" + color + "\" "));
        }
        return b.append("</svg>").toString();
    }

    private static void axes(StringBuilder b, double xMax, double yMax, String xLabel, String yLabel) {
        int plotBottom = HEIGHT - BOTTOM;
        b.append(String.format(Locale.ROOT, "<path stroke=\"#444\" fill=\"none\" d=\"M%d %d V%d H%d\"/>",
                LEFT, TOP, plotBottom, WIDTH - RIGHT));
        for (int t = 0; t <= 5; t++) {
            double xv = xMax * t / 5;
            double yv = yMax * t / 5;
            double px = LEFT + (WIDTH - LEFT - RIGHT) * t / 5.0;
            double py = plotBottom - (plotBottom - TOP) * t / 5.0;
            b.append(String.format(Locale.ROOT, "<path stroke=\"#ddd\" d=\"M%d %.1f H%d\"/>", LEFT, py, WIDTH - RIGHT));
            b.append(text(px, plotBottom + 16, "middle", "tick", num(xv)));
            b.append(text(LEFT - 6, py + 4, "end", "tick", num(yv)));
        }
        b.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 8, "middle", "label", xLabel));
        b.append(String.format(Locale.ROOT, "<text class=\"label\" text-anchor=\"middle\" "
                + "transform=\"translate(16 %.1f) rotate(-90)\">%s</text>", (TOP + plotBottom) / 2.0, esc(yLabel)));
    }

    private static void point(StringBuilder b, double x, double y, double xMax, double yMax) {
        double px = LEFT + (WIDTH - LEFT - RIGHT) * (x / xMax);
        double py = HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (y / yMax);
        b.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
    }

    private static String text(double x, double y, String anchor, String cls, String s) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
                cls, x, y, anchor, esc(s));
    }

    private static double max(List<Series> series, boolean x) {
        double m = 0;
        for (Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at least {@code v}; 1 for nothing. */
    static double niceCeil(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
