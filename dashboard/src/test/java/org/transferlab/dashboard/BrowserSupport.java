package org.transferlab.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests, using Debian's {@code chromium} and {@code chromedriver} at
 * fixed paths; Selenium Manager never runs and nothing is downloaded. Each browser gets a fresh
 * profile directory, removed by {@link Browser#close()}. Also reads Vaadin grids, whose cells live
 * in light-DOM {@code vaadin-grid-cell-content} elements.
 */
public final class BrowserSupport {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private BrowserSupport() {}

    /** Whether Chromium and its driver are installed. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Skips the calling test, with the reason, when no browser is installed; under {@code CI=true}
     * fails it instead, since a CI run that skips the browser tests proves nothing about the dashboard.
     */
    public static void assumeAvailable() {
        requireOrSkip(available(), CHROMIUM + " or " + CHROMEDRIVER + " is absent (scripts/test installs them: apt-get install -y chromium chromium-driver)",
                System.getenv("CI"));
    }

    /** Skips (or under {@code CI=true} fails) the calling test when {@code present} is false. */
    static void requireOrSkip(boolean present, String missing, String ci) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(ci)) {
            throw new IllegalStateException("CI=true and the browser tests cannot run: " + missing);
        }
        Assumptions.abort("browser test skipped: " + missing);
    }

    /** Starts a headless browser with a window of the given size. */
    public static Browser start(int width, int height) {
        return start(width, height, new String[0]);
    }

    /** The same with further Chromium switches (e.g. {@code --host-resolver-rules} to give a test name an address). */
    public static Browser start(int width, int height, String... extraArguments) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("tlab-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    public static Browser start() {
        return start(1400, 1000);
    }

    /** A running browser; closing it quits the driver and removes its profile. */
    public record Browser(ChromeDriver driver, Path profile) implements AutoCloseable {

        public WebDriverWait waitUpTo(Duration timeout) {
            WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
            wait.ignoring(org.openqa.selenium.JavascriptException.class);
            return wait;
        }

        /** The text of every rendered cell of the grid with the given element id, in DOM order. */
        @SuppressWarnings("unchecked")
        public List<String> gridCells(String gridId) {
            Object cells = ((JavascriptExecutor) driver).executeScript(
                    "const g = document.getElementById(arguments[0]);"
                            + "return g ? Array.from(g.querySelectorAll('vaadin-grid-cell-content'))"
                            + ".map(c => c.textContent.trim()) : [];", gridId);
            return (List<String>) cells;
        }

        /** Clicks the grid cell whose text is exactly {@code text}. */
        public void clickGridCell(String gridId, String text) {
            ((JavascriptExecutor) driver).executeScript(
                    "const g = document.getElementById(arguments[0]);"
                            + "const c = Array.from(g.querySelectorAll('vaadin-grid-cell-content'))"
                            + ".find(c => c.textContent.trim() === arguments[1]);"
                            + "c.click();", gridId, text);
        }

        public String text(String elementId) {
            Object text = ((JavascriptExecutor) driver).executeScript(
                    "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;", elementId);
            return text == null ? null : text.toString();
        }

        public Object script(String js, Object... args) {
            return ((JavascriptExecutor) driver).executeScript(js, args);
        }

        public void screenshot(Path file) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public WebDriver webDriver() {
            return driver;
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                deleteTree(profile);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
