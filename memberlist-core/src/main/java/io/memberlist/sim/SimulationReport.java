package io.memberlist.sim;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one simulator run: what was simulated, how fast news travelled, false alarms, cost, and
 * invariant violations. Prints as readable text or as one JSON object.
 *
 * <p>{@code bytesPerNodePerS} counts the bytes a node would put on the wire for every packet and stream
 * it sends, framed as configured: compound, compression, CRC, encryption and label (the simulation encodes
 * each with the node's {@link io.memberlist.transport.Framing}). IP, UDP and TCP headers are not counted.
 */
public record SimulationReport(SimulationOptions options, int nodes, double simSeconds, double wallSeconds,
                               double heapMb, long events, Distribution joinConvergence,
                               Distribution crashDetection, Distribution leaveDetection, Double healConvergenceS,
                               Double firstSuspectS, long falseSuspects, long falseDeads, long slowMemberDeads,
                               double msgsPerNodePerS, double bytesPerNodePerS, long invariantViolations,
                               List<String> violations) {

    public String json() {
        StringBuilder b = new StringBuilder("{");
        field(b, "nodes", nodes);
        field(b, "scenario", "\"" + options.scenario().name().toLowerCase(Locale.ROOT) + "\"");
        field(b, "profile", "\"" + options.profile() + "\"");
        field(b, "lifeguard", options.lifeguard());
        field(b, "loss", fmt(options.loss()));
        field(b, "seed", options.seed());
        field(b, "sim_seconds", fmt(simSeconds));
        field(b, "wall_seconds", fmt(wallSeconds));
        field(b, "heap_mb", fmt(heapMb));
        field(b, "events", events);
        field(b, "join_convergence_s", dist(joinConvergence));
        field(b, "crash_detection_s", dist(crashDetection));
        field(b, "leave_detection_s", dist(leaveDetection));
        field(b, "heal_convergence_s", healConvergenceS == null ? "null" : fmt(healConvergenceS));
        field(b, "first_suspect_s", firstSuspectS == null ? "null" : fmt(firstSuspectS));
        field(b, "false_suspects", falseSuspects);
        field(b, "false_deads", falseDeads);
        field(b, "slow_member_deads", slowMemberDeads);
        field(b, "msgs_per_node_per_s", fmt(msgsPerNodePerS));
        field(b, "bytes_per_node_per_s", fmt(bytesPerNodePerS));
        field(b, "invariant_violations", invariantViolations);
        b.append("\"violations\":[");
        for (int i = 0; i < violations.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(violations.get(i).replace("\"", "'")).append('"');
        }
        return b.append("]}").toString();
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "memberlist simulation: %s, %d nodes, %s profile, lifeguard %s, seed %d%n",
                options.scenario().name().toLowerCase(Locale.ROOT), nodes, options.profile(),
                options.lifeguard() ? "on" : "off", options.seed()));
        b.append(String.format(Locale.ROOT, "  network        loss %.1f%%, latency %.1f ms, jitter %.1f ms%n",
                options.loss() * 100, options.latencyMs(), options.jitterMs()));
        if (options.effectiveSlowNodes() > 0) {
            b.append(String.format(Locale.ROOT, "  slow nodes     %d, processing %.0f ms late%n",
                    options.effectiveSlowNodes(), options.effectiveSlowDelayMs()));
        }
        b.append(String.format(Locale.ROOT, "  simulated      %.0f s in %.2f s wall (%d events), heap %.0f MB%n",
                simSeconds, wallSeconds, events, heapMb));
        line(b, "join seen alive", joinConvergence);
        line(b, "crash seen dead", crashDetection);
        line(b, "leave seen left", leaveDetection);
        if (firstSuspectS != null) {
            b.append(String.format(Locale.ROOT, "  first suspect  %.2f s after the event%n", firstSuspectS));
        }
        if (healConvergenceS != null) {
            b.append(String.format(Locale.ROOT, "  healed view    %.2f s after the partition ended%n", healConvergenceS));
        }
        b.append(String.format(Locale.ROOT, "  false alarms   %d suspicions, %d deaths of healthy running nodes%n",
                falseSuspects, falseDeads));
        if (options.effectiveSlowNodes() > 0) {
            b.append(String.format(Locale.ROOT, "  slow members   declared dead %d times%n", slowMemberDeads));
        }
        b.append(String.format(Locale.ROOT, "  traffic        %.2f msgs/s and %.0f bytes/s per node%n",
                msgsPerNodePerS, bytesPerNodePerS));
        b.append(String.format("  invariants     %s%n", invariantViolations == 0 ? "all held"
                : invariantViolations + " violations"));
        violations.forEach(v -> b.append("    ").append(v).append('\n'));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, Distribution d) {
        if (d != null) {
            b.append(String.format("  %-14s %s%n", label, d.text()));
        }
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String dist(Distribution d) {
        return d == null ? "null" : d.json();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
