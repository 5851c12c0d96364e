package io.memberlist.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A simulator run as one self-contained HTML page (inline SVG and CSS, nothing fetched) for a design
 * review: the text report, then how the event reached the members (over members and over time), the
 * traffic per member, and false alarms over time.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(SimulationReport report, Recording recording) {
        SimulationOptions o = report.options();
        String scenario = o.scenario().name().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>memberlist simulation: ").append(SvgChart.esc(scenario)).append(", ")
                .append(report.nodes()).append(" nodes</title><style>")
                .append("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}")
                .append("pre{background:#f6f6f6;padding:1rem;overflow:auto}svg{display:block;margin:1rem 0}")
                .append(".title{font-weight:bold;font-size:14px}.tick,.legend{font-size:11px}.label{font-size:12px}")
                .append("</style></head><body>\n<h1>memberlist simulation: ").append(SvgChart.esc(scenario))
                .append(", ").append(report.nodes()).append(" nodes</h1>\n<pre>")
                .append(SvgChart.esc(report.text())).append("</pre>\n");
        Measurements.Sample times = recording.subjectTimes();
        if (times != null && times.expected() > 0) {
            String what = switch (o.scenario()) {
                case JOIN -> "see the new member alive";
                case CRASH -> "see the crashed member dead";
                default -> "see the member left";
            };
            b.append("<h2>The ").append(scenario).append(" over members</h2>\n");
            b.append(SvgChart.render("Share of members that " + what, "seconds after the " + scenario,
                    "share of members", List.of(overMembers(times))));
            b.append("<h2>The ").append(scenario).append(" over time</h2>\n");
            b.append(SvgChart.render("Members that " + what, "simulated seconds", "members",
                    List.of(series("members", recording, s -> s.seen()))));
        }
        b.append("<h2>Traffic</h2>\n");
        b.append(SvgChart.render("Sent per member, each second", "simulated seconds", "bytes per member per second",
                List.of(rate(recording, true))));
        b.append(SvgChart.render("Packets and streams per member, each second", "simulated seconds",
                "per member per second", List.of(rate(recording, false))));
        b.append("<h2>False alarms</h2>\n");
        b.append(SvgChart.render("About healthy members (cumulative)", "simulated seconds", "count",
                List.of(series("suspicions", recording, s -> s.falseSuspects()),
                        series("deaths", recording, s -> s.falseDeads()))));
        return b.append("</body></html>\n").toString();
    }

    /** The share of members that saw the event by each time: steps at the sorted per-member times. */
    private static SvgChart.Series overMembers(Measurements.Sample times) {
        long[] sorted = times.reachedNanos().clone();
        Arrays.sort(sorted);
        double[] x = new double[sorted.length + 1];
        double[] y = new double[sorted.length + 1];
        for (int i = 0; i < sorted.length; i++) {
            x[i + 1] = sorted[i] / 1e9;
            y[i + 1] = (i + 1) / (double) times.expected();
        }
        return new SvgChart.Series(sorted.length + " of " + times.expected() + " members", x, y, true);
    }

    private static SvgChart.Series series(String name, Recording r, java.util.function.ToDoubleFunction<Recording.Sample> f) {
        List<Recording.Sample> samples = r.samples();
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            x[i] = samples.get(i).atS();
            y[i] = f.applyAsDouble(samples.get(i));
        }
        return new SvgChart.Series(name, x, y, false);
    }

    private static SvgChart.Series rate(Recording r, boolean bytes) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Recording.Sample> samples = r.samples();
        for (int i = 1; i < samples.size(); i++) {
            Recording.Sample a = samples.get(i - 1);
            Recording.Sample c = samples.get(i);
            double dt = c.atS() - a.atS();
            if (dt <= 0) {
                continue;
            }
            double delta = bytes ? c.bytes() - a.bytes() : c.packets() - a.packets();
            x.add(c.atS());
            y.add(delta / c.nodes() / dt);
        }
        return new SvgChart.Series(bytes ? "bytes" : "packets and streams",
                x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray(), false);
    }
}
