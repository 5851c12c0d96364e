package io.memberlist.sim;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Simulate --html}: one page with its charts inline and nothing to fetch. */
class HtmlReportTest {

    @Test
    void crashRun_rendersEveryChart_selfContained() {
        SimulationOptions o = SimulationOptions.parse(new String[] {"--nodes", "30", "--scenario", "crash",
                "--duration-s", "40"});
        Recording recording = new Recording();
        SimulationReport report = SimulationRunner.run(o, recording);

        String html = HtmlReport.render(report, recording);

        assertThat(recording.samples()).hasSize(41); // t = 0..40 s, one per simulated second
        assertThat(html).startsWith("<!DOCTYPE html>").contains("crash seen dead")
                .contains("Share of members that see the crashed member dead")
                .contains("Members that see the crashed member dead").contains("Sent per member, each second")
                .contains("About healthy members (cumulative)");
        assertThat(count(html, "<svg ")).isEqualTo(5);
        // Self-contained: the only URL is the SVG namespace, which browsers never fetch.
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:").doesNotContain("https:")
                .doesNotContain("<script").doesNotContain("<link");
    }

    @Test
    void recording_doesNotChangeTheRun() {
        SimulationOptions o = SimulationOptions.parse(new String[] {"--nodes", "30", "--scenario", "leave",
                "--duration-s", "20", "--loss", "0.05"});

        SimulationReport plain = SimulationRunner.run(o);
        SimulationReport recorded = SimulationRunner.run(o, new Recording());

        assertThat(recorded.json().replaceAll("\"(wall_seconds|heap_mb)\":[0-9.]+", ""))
                .isEqualTo(plain.json().replaceAll("\"(wall_seconds|heap_mb)\":[0-9.]+", ""));
    }

    @Test
    void niceCeil_roundsUpToAReadableAxisEnd() {
        assertThat(SvgChart.niceCeil(60)).isEqualTo(60);
        assertThat(SvgChart.niceCeil(61)).isEqualTo(80);
        assertThat(SvgChart.niceCeil(0.7)).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(SvgChart.niceCeil(0)).isEqualTo(1);
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
