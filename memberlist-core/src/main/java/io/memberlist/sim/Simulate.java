package io.memberlist.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's command line: runs one scenario and prints a report (or one JSON object with
 * {@code --json}); {@code --html FILE} also writes a self-contained HTML report with charts. Example:
 * <pre>
 * mvn -q -pl memberlist-core compile exec:java -Dexec.mainClass=io.memberlist.sim.Simulate \
 *     -Dexec.args="--nodes 1000 --scenario crash --json"
 * </pre>
 */
public final class Simulate {
    private Simulate() {
    }

    public static void main(String[] args) throws IOException {
        SimulationOptions options;
        Path html = null;
        List<String> rest = new ArrayList<>(List.of(args));
        int at = rest.indexOf("--html");
        try {
            if (at >= 0) {
                if (at + 1 >= rest.size()) {
                    throw new IllegalArgumentException("--html needs a file name\n" + SimulationOptions.usage());
                }
                html = Path.of(rest.remove(at + 1));
                rest.remove(at);
            }
            options = SimulationOptions.parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Recording recording = html == null ? null : new Recording();
        SimulationReport report = SimulationRunner.run(options, recording);
        if (html != null) {
            Files.writeString(html, HtmlReport.render(report, recording));
        }
        System.out.println(options.json() ? report.json() : report.text());
        if (report.invariantViolations() > 0) {
            System.exit(1);
        }
    }
}
