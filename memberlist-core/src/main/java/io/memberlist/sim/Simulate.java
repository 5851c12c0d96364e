package io.memberlist.sim;

/**
 * The simulator's command line: runs one scenario and prints a report (or one JSON object with
 * {@code --json}). Example:
 * <pre>
 * mvn -q -pl memberlist-core compile exec:java -Dexec.mainClass=io.memberlist.sim.Simulate \
 *     -Dexec.args="--nodes 1000 --scenario crash --json"
 * </pre>
 */
public final class Simulate {
    private Simulate() {
    }

    public static void main(String[] args) {
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SimulationReport report = SimulationRunner.run(options);
        System.out.println(options.json() ? report.json() : report.text());
        if (report.invariantViolations() > 0) {
            System.exit(1);
        }
    }
}
