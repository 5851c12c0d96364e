package io.memberlist.sim;

import java.util.Locale;

/**
 * The knobs of one simulator run, as the command line gives them. Durations default per scenario when
 * not set (negative).
 *
 * @param slowNodes   members whose message processing lags ({@code slow} scenario; default 3)
 * @param slowDelayMs how late each of their incoming messages is processed (default 10000)
 * @param compression whether nodes compress (memberlist's default: on); affects only the byte counts
 * @param encryption  whether nodes encrypt with a 32-byte key (default off); affects only the byte counts
 */
public record SimulationOptions(int nodes, String profile, Scenario scenario, double loss, double latencyMs,
                                double jitterMs, int slowNodes, double slowDelayMs, double durationS, long seed,
                                boolean lifeguard, double partitionS, boolean json, boolean compression,
                                boolean encryption) {

    public static SimulationOptions defaults() {
        return new SimulationOptions(100, "lan", Scenario.STEADY, 0, 1, 0, -1, -1, -1, 1, true, 20, false, true,
                false);
    }

    /** Parses {@code --flag value} pairs; throws with a message naming the flag on bad input. */
    public static SimulationOptions parse(String[] args) {
        SimulationOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--json")) {
                o = o.with(13, "true");
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + usage());
            }
            String value = args[++i];
            int field = switch (flag) {
                case "--nodes" -> 0;
                case "--profile" -> 1;
                case "--scenario" -> 2;
                case "--loss" -> 3;
                case "--latency-ms" -> 4;
                case "--jitter-ms" -> 5;
                case "--slow-nodes" -> 6;
                case "--slow-delay-ms" -> 7;
                case "--duration-s" -> 8;
                case "--seed" -> 9;
                case "--lifeguard" -> 10;
                case "--partition-s" -> 11;
                case "--compression" -> 14;
                case "--encryption" -> 15;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage());
            };
            o = o.with(field, value);
        }
        o.validate();
        return o;
    }

    private SimulationOptions with(int field, String v) {
        try {
            return new SimulationOptions(
                    field == 0 ? Integer.parseInt(v) : nodes,
                    field == 1 ? v.toLowerCase(Locale.ROOT) : profile,
                    field == 2 ? Scenario.parse(v) : scenario,
                    field == 3 ? Double.parseDouble(v) : loss,
                    field == 4 ? Double.parseDouble(v) : latencyMs,
                    field == 5 ? Double.parseDouble(v) : jitterMs,
                    field == 6 ? Integer.parseInt(v) : slowNodes,
                    field == 7 ? Double.parseDouble(v) : slowDelayMs,
                    field == 8 ? Double.parseDouble(v) : durationS,
                    field == 9 ? Long.parseLong(v) : seed,
                    field == 10 ? onOff(flagName(field), v) : lifeguard,
                    field == 11 ? Double.parseDouble(v) : partitionS,
                    field == 13 || json,
                    field == 14 ? onOff(flagName(field), v) : compression,
                    field == 15 ? onOff(flagName(field), v) : encryption);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a number\n" + usage(), e);
        }
    }

    private static String flagName(int field) {
        return switch (field) {
            case 10 -> "--lifeguard";
            case 14 -> "--compression";
            default -> "--encryption";
        };
    }

    private static boolean onOff(String flag, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(flag + " takes on or off, not '" + v + "'");
        };
    }

    private void validate() {
        if (nodes < 2) {
            throw new IllegalArgumentException("--nodes must be at least 2");
        }
        if (!profile.equals("lan") && !profile.equals("wan") && !profile.equals("local")) {
            throw new IllegalArgumentException("--profile takes lan, wan or local, not '" + profile + "'");
        }
        if (loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("--loss is a probability in [0, 1)");
        }
        if (latencyMs < 0 || jitterMs < 0 || partitionS <= 0) {
            throw new IllegalArgumentException("latency, jitter and partition length must not be negative");
        }
        if (slowNodes > nodes) {
            throw new IllegalArgumentException("--slow-nodes cannot exceed --nodes");
        }
    }

    /** The run length: the flag, or the scenario's default. */
    public double effectiveDurationS() {
        return durationS > 0 ? durationS : scenario.defaultDurationS(this);
    }

    public int effectiveSlowNodes() {
        return slowNodes >= 0 ? slowNodes : scenario == Scenario.SLOW ? 3 : 0;
    }

    public double effectiveSlowDelayMs() {
        return slowDelayMs >= 0 ? slowDelayMs : 10_000;
    }

    public static String usage() {
        return """
                usage: Simulate [--nodes N] [--profile lan|wan|local]
                                [--scenario steady|join|crash|leave|partition|slow]
                                [--loss 0.10] [--latency-ms 1] [--jitter-ms 0]
                                [--slow-nodes K] [--slow-delay-ms D] [--partition-s 20]
                                [--duration-s S] [--seed X] [--lifeguard on|off]
                                [--compression on|off] [--encryption on|off] [--json]
                                [--html FILE]""";
    }
}
