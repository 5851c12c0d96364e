package io.memberlist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md §3: {@code protocol}, {@code wire} and {@code security} never import Netty, and the
 * protocol machine reads no clock and owns no threads (time is an argument, timers are data).
 */
class ArchitectureTest {
    private static final Path MAIN = locateMainSources();

    private static Path locateMainSources() {
        for (String candidate : List.of("src/main/java/io/memberlist", "memberlist-core/src/main/java/io/memberlist")) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("main sources not found from " + Path.of("").toAbsolutePath());
    }

    private static List<Path> javaFiles(String pkg) {
        Path dir = MAIN.resolve(pkg);
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source without comments and string literals, so that prose may name what code must not use. */
    private static String code(String source) {
        return source
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("//[^\\n]*", " ")
                .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static List<String> violations(String pkg, Pattern forbidden) {
        List<String> found = new ArrayList<>();
        for (Path f : javaFiles(pkg)) {
            Matcher m = forbidden.matcher(code(read(f)));
            while (m.find()) {
                found.add(MAIN.relativize(f) + ": " + m.group());
            }
        }
        return found;
    }

    @Test
    void protocolWireSecurity_sources_neverImportNetty() {
        Pattern netty = Pattern.compile("\\bimport\\s+(static\\s+)?io\\.netty\\.[\\w.*]+");
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("protocol", "wire", "security")) {
            found.addAll(violations(pkg, netty));
        }
        assertThat(found).as("Netty imports in packages that must stay free of it").isEmpty();
    }

    @Test
    void protocol_sources_readNoClockAndOwnNoThreads() {
        Pattern clockOrThread = Pattern.compile(
                "\\bjava\\.time\\.(Instant|Clock|LocalDateTime)\\b"
                        + "|\\bInstant\\s*\\.\\s*now\\b"
                        + "|\\bSystem\\s*\\.\\s*(currentTimeMillis|nanoTime)\\b"
                        + "|\\bThread(LocalRandom)?\\b"
                        + "|\\bjava\\.util\\.concurrent\\b"
                        + "|\\bMath\\s*\\.\\s*random\\b");
        assertThat(violations("protocol", clockOrThread)).as("clock, thread or hidden randomness in the machine")
                .isEmpty();
    }

    @Test
    void scanner_forbiddenPatterns_areDetected() {
        // Guards against a scanner that silently matches nothing.
        Pattern netty = Pattern.compile("\\bimport\\s+(static\\s+)?io\\.netty\\.[\\w.*]+");
        assertThat(netty.matcher(code("import io.netty.buffer.ByteBuf;")).find()).isTrue();
        assertThat(netty.matcher(code("// import io.netty.buffer.ByteBuf;")).find()).isFalse();
        assertThat(javaFiles("protocol")).hasSizeGreaterThan(10);
    }
}
