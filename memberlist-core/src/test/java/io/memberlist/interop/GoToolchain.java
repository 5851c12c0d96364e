package io.memberlist.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Go toolchain and the memberlist v0.2.2 sources, and builds the Go peer
 * ({@code src/test/go/memberlist-peer}) once per JVM into {@code target/go-peer/}.
 *
 * <p>Lookup: {@code go} from {@code -Dmemberlist.go} / {@code $MEMBERLIST_GO}, else {@code PATH}, else
 * {@code /usr/lib/go/bin/go}; the GOPATH from {@code -Dmemberlist.gopath} / {@code $MEMBERLIST_GOPATH}, else
 * the Debian package's {@code /usr/share/gocode}, accepted only if it holds
 * {@code src/github.com/hashicorp/memberlist}. Builds run in GOPATH mode ({@code GO111MODULE=off}) with the
 * proxy off, so they never touch the network.
 */
public final class GoToolchain {
    static final String HOW_TO_ENABLE = "install golang-go and golang-github-hashicorp-memberlist-dev "
            + "(e.g. sudo .ci/install-go.sh), see README";
    static final String DEBIAN_GOPATH = "/usr/share/gocode";
    private static final String MEMBERLIST_SRC = "src/github.com/hashicorp/memberlist";
    private static final String PEER_SRC = "src/test/go/memberlist-peer";
    private static final long BUILD_TIMEOUT_SECONDS = 300;

    private static Path builtPeer;
    private static long lastBuildMillis = -1;

    private GoToolchain() {
    }

    /** True when both {@code go} and the memberlist sources were found. */
    static boolean available() {
        return goBinary().isPresent() && gopath().isPresent();
    }

    /** Why interop tests are skipped, with how to enable them; empty when {@link #available()}. */
    static String unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (goBinary().isEmpty()) {
            missing.add("no 'go' on PATH");
        }
        if (gopath().isEmpty()) {
            missing.add("no GOPATH with " + MEMBERLIST_SRC + " (looked in " + gopathCandidate() + ")");
        }
        return missing.isEmpty() ? "" : "Go interop tests skipped: " + String.join(", ", missing) + "; to enable, "
                + HOW_TO_ENABLE;
    }

    /**
     * Skips the calling test when the toolchain is missing. Call it from {@code @BeforeEach}: a skip from
     * {@code @BeforeAll} shows up in Surefire as "Tests run: 0", which hides it.
     */
    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), GoToolchain::unavailableReason);
    }

    static Optional<Path> goBinary() {
        String configured = setting("memberlist.go", "MEMBERLIST_GO");
        if (configured != null) {
            Path p = Paths.get(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Paths.get(dir, "go");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        Path debian = Paths.get("/usr/lib/go/bin/go");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    static Optional<Path> gopath() {
        Path p = Paths.get(gopathCandidate());
        return Files.isDirectory(p.resolve(MEMBERLIST_SRC)) ? Optional.of(p) : Optional.empty();
    }

    /** How long the last build in this JVM took, or -1 if the peer was not built yet. */
    static synchronized long lastBuildMillis() {
        return lastBuildMillis;
    }

    /**
     * The Go peer binary, built on first use in this JVM (later builds in other JVMs are incremental thanks
     * to the build cache in {@code target/go-peer/gocache}).
     *
     * @throws IllegalStateException if the toolchain is missing or the build fails (with the compiler output)
     */
    static synchronized Path peerBinary() {
        if (builtPeer != null) {
            return builtPeer;
        }
        long start = System.nanoTime();
        Path binary = program("memberlist-peer");
        lastBuildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("[go-peer] built " + binary + " in " + lastBuildMillis + " ms (GOPATH "
                + gopath().orElseThrow() + ")");
        builtPeer = binary;
        return binary;
    }

    /**
     * Builds the Go program in {@code src/test/go/<name>} into {@code target/go-peer/<name>}: the interop peer,
     * or {@code memberlist-cluster} for benchmarks.
     *
     * @throws IllegalStateException if the toolchain is missing or the build fails (with the compiler output)
     */
    public static synchronized Path program(String name) {
        if (!available()) {
            throw new IllegalStateException(unavailableReason());
        }
        Path module = moduleDir();
        Path out = module.resolve("target/go-peer");
        Path binary = out.resolve(name);
        try {
            Files.createDirectories(out.resolve("gocache"));
            ProcessBuilder pb = new ProcessBuilder(goBinary().orElseThrow().toString(), "build", "-o",
                    binary.toString(), ".")
                    .directory(module.resolve("src/test/go").resolve(name).toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("GO111MODULE", "off");
            env.put("GOPATH", gopath().orElseThrow().toString());
            env.put("GOCACHE", out.resolve("gocache").toString());
            env.put("GOFLAGS", "");
            env.put("GOPROXY", "off");
            env.put("GOTOOLCHAIN", "local");
            env.put("CGO_ENABLED", "0");
            Process process = pb.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("go build of " + name + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("go build of " + name + " failed (exit " + process.exitValue()
                        + "):\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run go build: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + name, e);
        }
        return binary;
    }

    /** The memberlist-core directory (Surefire runs with it as {@code basedir}; IDEs may use the root). */
    static Path moduleDir() {
        for (String base : new String[] {System.getProperty("basedir"), System.getProperty("user.dir")}) {
            if (base == null) {
                continue;
            }
            for (Path candidate : List.of(Paths.get(base), Paths.get(base, "memberlist-core"))) {
                if (Files.isRegularFile(candidate.resolve(PEER_SRC).resolve("main.go"))) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        throw new IllegalStateException("cannot find " + PEER_SRC + "/main.go from basedir or user.dir");
    }

    private static String gopathCandidate() {
        String configured = setting("memberlist.gopath", "MEMBERLIST_GOPATH");
        return configured != null ? configured : DEBIAN_GOPATH;
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
