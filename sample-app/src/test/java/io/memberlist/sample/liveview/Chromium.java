package io.memberlist.sample.liveview;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds Debian's {@code chromium} and {@code chromium-driver} (or {@code CHROME_BIN} / {@code CHROMEDRIVER})
 * and starts a headless browser. Where they are missing the tests are skipped with a message saying how
 * to install them, except on CI ({@code CI=true}), where a missing browser fails the build: there the
 * browser tests must run.
 */
final class Chromium {
    private static final String INSTALL = "install them with `sudo apt-get install chromium chromium-driver`"
            + " (.ci/install-browser.sh does it), or point CHROME_BIN and CHROMEDRIVER at them";

    private Chromium() {
    }

    static String browser() {
        return setting("CHROME_BIN", "/usr/bin/chromium");
    }

    static String driver() {
        return setting("CHROMEDRIVER", "/usr/bin/chromedriver");
    }

    /** Skips the calling test (fails it on CI) unless both executables are present. */
    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of(browser()))) {
            missing.add("browser " + browser());
        }
        if (!Files.isExecutable(Path.of(driver()))) {
            missing.add("driver " + driver());
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "live view browser tests need chromium and chromium-driver; missing " + missing + "; "
                + INSTALL;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true, so the browser tests must run, not skip: " + reason);
        }
        System.err.println("LiveViewBrowserTests skipped: " + reason);
        Assumptions.abort("skipped: " + reason);
    }

    /** A headless browser with a window large enough for the three-column layout and tall enough for the whole
     *  page, Forecast panel included: a body screenshot is cut at the window. */
    static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--window-size=1400,1150", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String setting(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}
