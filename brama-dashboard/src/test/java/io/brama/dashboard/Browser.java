package io.brama.dashboard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through /usr/bin/chromedriver: both paths are given, so
 * Selenium's driver manager never runs (and never downloads anything). Skips the calling test only
 * when {@code CI} is unset and Chromium is not installed; in CI a missing browser fails.
 */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Skips the calling test when CI is unset and Chromium is missing; fails it when Chromium or its
   * driver is missing otherwise. Call it from each test (or {@code @BeforeEach}), so that every
   * skipped test is reported with the reason.
   */
  public static void require() {
    assumeTrue(System.getenv("CI") != null || Files.isExecutable(CHROMIUM),
        "browser tests skipped: " + CHROMIUM + " is missing and CI is unset "
            + "(install it with: apt-get install -y chromium chromium-driver)");
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
          + ": apt-get install -y chromium chromium-driver");
    }
  }

  /** Starts a browser, after {@link #require()}. */
  public static Browser start() throws IOException {
    require();
    Path profile = Files.createTempDirectory("brama-dashboard-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1360,900", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  /** Loads the dashboard and waits for its first render. */
  public void open(URI uri) {
    driver.get(uri.toString());
    until(Duration.ofSeconds(10), d -> text(By.id("stream-status")).equals("live"));
  }

  /** Waits up to {@code timeout} for {@code condition} to give a non-null, non-false value. */
  public <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition::apply);
  }

  /** The text of the element {@code by} finds. */
  public String text(By by) {
    return driver.findElement(by).getText();
  }

  /** The row of connection {@code id}, or null; found by its data-id, whatever the id holds. */
  public WebElement row(String id) {
    return (WebElement) js("return [...document.querySelectorAll('tr.connection')]"
        + ".find(r => r.dataset.id === arguments[0]) || null", id);
  }

  /** The text of cell {@code className} in the row of {@code id}, or null if there is no row. */
  public String cell(String id, String className) {
    WebElement row = row(id);
    return row == null ? null : row.findElement(By.className(className)).getText();
  }

  /** The state the row of {@code id} shows, or null if there is no row. */
  public String state(String id) {
    WebElement row = row(id);
    return row == null ? null : row.getDomAttribute("data-state");
  }

  /** The event log's entries, newest first. */
  @SuppressWarnings("unchecked")
  public List<String> log() {
    // read in one script: entries may be dropped from the end while we read
    return (List<String>) js("return [...document.querySelectorAll('#event-log li')]"
        + ".map(li => [...li.children].map(c => c.textContent).join(' '))");
  }

  /** Runs {@code script} in the page and returns its result. */
  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Console entries at SEVERE level since the last call (reading empties the browser's buffer). */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  /** Leaves the page (its event stream closes) and forgets its console. */
  public void reset() {
    driver.get("about:blank");
    consoleErrors();
  }

  /** Quits the browser and deletes its profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
