package io.memberlist.sample.liveview;

import io.memberlist.Config;
import io.memberlist.protocol.Timing;
import io.memberlist.sim.ForecastBudget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live view as a person sees it: three sample-app nodes on the LAN profile, the page of the first one
 * open in a headless chromium. Every member appears; a node killed hard turns SUSPECT and then DEAD, a node
 * stopped gracefully turns LEFT, all without a reload; when the first node restarts, the page reconnects by
 * itself. The Forecast panel shows the simulator's numbers for the nodes' own (LAN) settings. Screenshots go to
 * {@code target/liveview/}.
 *
 * <p>Bounds come from the LAN profile: a crashed member is suspected within one probe of each other member
 * plus the probe timeout, and declared dead within Lifeguard's maximum suspicion timeout after that
 * ({@link Timing#suspicionTimeout} times {@code suspicionMaxTimeoutMult}). The margin allows Lifeguard to
 * stretch the probe interval to its maximum ({@code awarenessMaxMultiplier}), which is what happens to a node
 * whose two cores are busy, plus two seconds for the page and the browser.
 */
class LiveViewBrowserTests {
    private static final Config LAN = Config.lan().name("bounds").build();
    private static final int CLUSTER = 3;
    private static final Duration MARGIN = LAN.probeInterval().multipliedBy(LAN.awarenessMaxMultiplier())
            .plusSeconds(2);
    private static final Duration SUSPECT_WITHIN = LAN.probeInterval().multipliedBy(CLUSTER - 1)
            .plus(LAN.probeTimeout()).plus(MARGIN);
    private static final Duration DEAD_WITHIN = Duration.ofNanos(LAN.suspicionMaxTimeoutMult()
            * Timing.suspicionTimeout(LAN.suspicionMult(), CLUSTER, LAN.probeInterval().toNanos())).plus(MARGIN);
    /** A leave is gossiped at once; this allows the JVM to begin its shutdown and a few gossip rounds. */
    private static final Duration LEFT_WITHIN = LAN.probeInterval().multipliedBy(CLUSTER).plus(MARGIN);
    /** Not a performance bound: how long three Spring Boot JVMs may take to start on a loaded machine. */
    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final String PAGE = "/actuator/memberlist/ui";
    /**
     * A forecast finishes within its budget's wall time or fails; a minute more for the page and a busy machine.
     * Not a performance bound either.
     */
    private static final Duration FORECAST_WITHIN = ForecastBudget.DEFAULT.maxWall().plusMinutes(1);
    /** Lifeguard's shortest suspicion timeout for this size: no member can be told of a crash sooner. */
    private static final double MIN_DEAD_S = Timing.suspicionTimeout(LAN.suspicionMult(), CLUSTER,
            LAN.probeInterval().toNanos()) / 1e9;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SampleNode first;
    private static SampleNode crashing;
    private static SampleNode leaving;
    private static ChromeDriver browser;

    private static void startCluster() {
        List<String> args = List.of("--memberlist.profile=lan", "--memberlist.discovery.zone=zone-a",
                "--memberlist.discovery.metadata.version=1.4.2");
        first = new SampleNode("node-1", args).start();
        await("node-1 up").atMost(STARTUP).pollInterval(Duration.ofMillis(500)).until(() -> first.healthy(HTTP));
        crashing = new SampleNode("node-3", args).start(first.seed());
        leaving = new SampleNode("node-2", args).start(first.seed());
        await("node-2 and node-3 up").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .until(() -> crashing.healthy(HTTP) && leaving.healthy(HTTP));
        browser = Chromium.start();
    }

    @AfterAll
    static void stopCluster() {
        if (browser != null) {
            browser.quit();
        }
        for (SampleNode n : new SampleNode[] {first, crashing, leaving}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void showsMembers_thenSuspectDeadAndLeftWithoutReload_andReconnectsAfterRestart() throws Exception {
        // Checked here, not in @BeforeAll, so that a skip is reported as a skipped test with its reason.
        Chromium.assumeAvailable();
        startCluster();
        browser.get(first.url(PAGE));
        browser.executeScript("window.sameDocument = 'yes';");
        await("all three members alive on the page").atMost(Duration.ofSeconds(30))
                .until(() -> states().equals(Map.of("node-1", "ALIVE", "node-2", "ALIVE", "node-3", "ALIVE")));
        assertThat(browser.findElement(By.id("local-node")).getText()).isEqualTo("node-1");
        assertThat(rowText("node-2")).contains("zone-a").contains("version=1.4.2").contains("UP");
        await("RTTs measured").atMost(SUSPECT_WITHIN).until(() -> cell("node-2", "td.rtt").endsWith("ms"));
        // Without a what-if the panel forecasts the current size, and asks again when the size changes.
        await("the forecast panel filled in for 3 nodes").atMost(FORECAST_WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> "ready".equals(browser.findElement(By.id("forecast")).getDomAttribute("data-status"))
                        && browser.findElement(By.id("forecast-scope")).getText().startsWith(CLUSTER + " nodes,"));
        assertForecastForTheRunningConfig();
        screenshot("01-cluster");

        crashing.kill();
        long killed = System.nanoTime();
        await("node-3 SUSPECT after kill -9").atMost(SUSPECT_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> "SUSPECT".equals(states().get("node-3")));
        Duration suspectAfter = Duration.ofNanos(System.nanoTime() - killed);
        screenshot("02-suspect");
        await("node-3 DEAD").atMost(DEAD_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> "DEAD".equals(states().get("node-3")));
        Duration deadAfter = Duration.ofNanos(System.nanoTime() - killed);
        screenshot("03-dead");
        System.out.printf("live view: node-3 SUSPECT after %d ms (bound %d ms), DEAD after %d ms (bound %d ms"
                        + " after SUSPECT)%n", suspectAfter.toMillis(), SUSPECT_WITHIN.toMillis(), deadAfter.toMillis(),
                DEAD_WITHIN.toMillis());

        leaving.stop();
        await("node-2 LEFT after a graceful stop").atMost(LEFT_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> "LEFT".equals(states().get("node-2")));
        screenshot("04-left");
        assertThat(timeline()).contains("suspected node-3", "dead node-3", "left node-2");
        assertThat(browser.executeScript("return window.sameDocument;"))
                .as("the page was never reloaded").isEqualTo("yes");

        first.stop();
        assertThat(first.exited(STARTUP)).isTrue();
        await("the page notices the restart").atMost(Duration.ofSeconds(30))
                .until(() -> !"live".equals(browser.findElement(By.id("conn")).getDomAttribute("data-status")));
        first.start();
        await("node-1 back").atMost(STARTUP).pollInterval(Duration.ofMillis(500)).until(() -> first.healthy(HTTP));
        await("the page reconnected by itself").atMost(Duration.ofSeconds(30))
                .until(() -> "live".equals(browser.findElement(By.id("conn")).getDomAttribute("data-status"))
                        && states().equals(Map.of("node-1", "ALIVE")));
        assertThat(browser.executeScript("return window.sameDocument;")).isEqualTo("yes");
        screenshot("05-reconnected");
    }

    /** The panel shows numbers of the LAN profile's forecast at the cluster's size, and the histogram is drawn. */
    private static void assertForecastForTheRunningConfig() {
        assertThat(browser.findElement(By.id("forecast-scope")).getText()).startsWith(CLUSTER + " nodes, no loss");
        @SuppressWarnings("unchecked")
        List<String> dead = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#forecast-dead td.num')).map(function (td) { return td.textContent; });");
        assertThat(dead).hasSize(3).allMatch(t -> t.matches("\\d+\\.\\d+s"));
        double p50 = Double.parseDouble(dead.get(0).replace("s", ""));
        double p99 = Double.parseDouble(dead.get(1).replace("s", ""));
        assertThat(p50).as("crash dead everywhere p50, s").isGreaterThanOrEqualTo(MIN_DEAD_S).isLessThanOrEqualTo(p99);
        assertThat(browser.findElement(By.id("forecast-bytes")).getText()).matches("[\\d.]+k?B");
        assertThat(browser.findElement(By.id("forecast-packets")).getText()).matches("[\\d.]+k?");
        assertThat(browser.findElement(By.id("forecast-suspicions")).getText()).matches("[\\d.e+-]+");
        assertThat((Long) browser.executeScript("var c = document.getElementById('chart-forecast');"
                + " return c.width * c.height;")).as("the histogram was drawn").isPositive();
    }

    // The page re-renders rows on every change, so read them in one script rather than element by element.
    @SuppressWarnings("unchecked")
    private static Map<String, String> states() {
        return (Map<String, String>) browser.executeScript("var m = {};"
                + "document.querySelectorAll('#members tr[data-name]').forEach(function (r) {"
                + " m[r.dataset.name] = r.dataset.state; }); return m;");
    }

    private static String rowText(String name) {
        return (String) browser.executeScript("var r = document.querySelector(\"#members tr[data-name='\" + arguments[0]"
                + " + \"']\"); return r ? r.innerText : '';", name);
    }

    private static String cell(String name, String css) {
        return (String) browser.executeScript("var c = document.querySelector(\"#members tr[data-name='\" + arguments[0]"
                + " + \"'] \" + arguments[1]); return c ? c.textContent : '';", name, css);
    }

    @SuppressWarnings("unchecked")
    private static List<String> timeline() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#timeline li[data-kind]')).map(function (li) { return li.dataset.kind + ' ' + li.dataset.name; });");
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SampleNode.OUTPUT);
        // The body, not the window: as tall as the content, so the picture has no empty band below it.
        Files.copy(browser.findElement(By.tagName("body")).getScreenshotAs(OutputType.FILE).toPath(),
                SampleNode.OUTPUT.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
