package io.memberlist.multihost;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine can run a {@link NetnsBed}: root, the tools ({@code unshare}, {@code nsenter},
 * {@code ip}, {@code nft}, {@code timeout}) and a kernel that lets us create network namespaces, a bridge, veth
 * pairs and an nftables table. Where it cannot, tests are skipped with what is missing and how to install it —
 * except under CI ({@code CI=true}), where they fail, so CI never skips them silently.
 */
public final class Netns {
    static final String HOW_TO_ENABLE = "run as root on Linux with util-linux, iproute2, nftables and curl installed "
            + "(sudo .ci/install-netns.sh), or exclude them with -Dsurefire.excludedGroups=multihost";
    private static final List<String> TOOLS = List.of("timeout", "unshare", "nsenter", "ip", "nft", "curl");
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    /** Creates in a throwaway namespace everything a bed needs, so a missing kernel feature shows here. */
    private static final String PROBE = "ip link add br0 type bridge && ip link add v0 type veth peer name v1"
            + " && ip link set v0 master br0 && nft add table inet probe";

    private static String unavailable;

    private Netns() {
    }

    /** Skips (or under CI fails) the calling test when a bed cannot run here. Call it from {@code @BeforeEach}. */
    public static void requireAvailable() {
        String why = unavailableReason();
        if (why.isEmpty()) {
            return;
        }
        String message = "multi-host tests need network namespaces: " + why + "; to enable, " + HOW_TO_ENABLE;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: failing instead of skipping)");
        }
        Assumptions.abort(message);
    }

    /** Why a bed cannot run here; empty when it can. Probed once per JVM. */
    static synchronized String unavailableReason() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    /** The absolute path of a tool, also found in sbin directories a non-root PATH lacks. */
    static String tool(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("'" + name + "' not found")).toString();
    }

    private static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst();
    }

    private static String probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "not Linux";
        }
        List<String> missing = TOOLS.stream().filter(t -> find(t).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return "missing " + String.join(", ", missing);
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "not root (uid " + uid + ")";
            }
            Process p = new ProcessBuilder(tool("unshare"), "-n", "-m", "--propagation", "private", "sh", "-c",
                    PROBE).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "creating a namespace with a bridge and veth pair timed out";
            }
            return p.exitValue() == 0 ? "" : "cannot create a namespace with a bridge, veth pair and nftables table"
                    + " (" + out + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot probe namespaces: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
