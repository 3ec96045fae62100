package cn.gongkai.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (no browser download), with a fresh profile and
 * a download folder of its own. Screenshots go to web/target/screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    final Path downloads;
    private final Path profile;
    private final String base;

    static boolean available() {
        return Files.isExecutable(DRIVER) && Files.isExecutable(CHROMIUM);
    }

    Browser(int port) throws IOException {
        this.base = "http://127.0.0.1:" + port;
        this.profile = Files.createTempDirectory("gongkai-chromium");
        this.downloads = Files.createTempDirectory("gongkai-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,1000", "--lang=zh-CN");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("plugins.always_open_pdf_externally", true);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String path) {
        driver.get(base + path);
    }

    void login(String username, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        // A form post replaces the page while the condition reads it: an element found on the old page goes stale.
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    Path screenshot(String name) throws IOException, InterruptedException {
        Thread.sleep(1200); // let ECharts finish its entry animation
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Waits for one finished download whose name ends with the suffix. */
    Path download(String suffix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> done = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
                if (!done.isEmpty()) {
                    return done.getFirst();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + suffix + " downloaded into " + downloads);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        for (Path dir : List.of(profile, downloads)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
