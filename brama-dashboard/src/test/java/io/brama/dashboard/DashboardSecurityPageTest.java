package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.CircuitState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** The page in a real Chromium: hostile text stays text; open and reset with and without a token. */
class DashboardSecurityPageTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String TOKEN = "page-t0ken";
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String IMG = "<img src=x onerror=alert(2)>";

  private static Browser browser;
  private Fixture f;

  @BeforeEach
  void startBrowser() throws IOException {
    if (browser == null) {
      browser = Browser.start(); // one browser for the class
    }
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  @AfterEach
  void tearDown() {
    try {
      if (browser != null) {
        browser.reset();
      }
    } finally {
      if (f != null) {
        f.close();
      }
    }
  }

  @Test
  void theConsoleCheckSeesErrors() {
    f = new Fixture();
    browser.open(f.dashboard.uri());

    browser.js("console.error('seen by the test')");

    assertThat(browser.consoleErrors()).anyMatch(m -> m.contains("seen by the test"));
  }

  @Test
  void hostileIdsAndReasonsAreShownAsTextAndNeverRun() {
    f = new Fixture();
    f.register(IMG, SCRIPT, IMG);
    f.brama.failure(IMG, SCRIPT);
    browser.open(f.dashboard.uri());
    f.openByFailures(IMG, SCRIPT);

    browser.until(DEADLINE, d -> "OPEN".equals(browser.state(IMG)));
    browser.until(DEADLINE, d -> browser.log().stream().anyMatch(l -> l.contains(SCRIPT)));
    assertThat(browser.cell(IMG, "id")).isEqualTo(IMG);
    assertThat(browser.cell(IMG, "type")).isEqualTo(SCRIPT);
    assertThat(browser.cell(IMG, "reason")).isEqualTo(SCRIPT);
    assertThat(browser.text(By.cssSelector("section.scope h2"))).isEqualTo(IMG);
    assertThat(browser.log().get(0)).contains(IMG, "CLOSED → OPEN", SCRIPT);
    // nothing was parsed as markup: the page's own five scripts, no image, no alert
    assertThat(browser.driver.findElements(By.tagName("script"))).hasSize(5);
    assertThat(browser.driver.findElements(By.tagName("img"))).isEmpty();
    assertThatThrownBy(() -> browser.driver.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void withoutATokenTheButtonsAreDisabled() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    browser.open(f.dashboard.uri());

    browser.until(DEADLINE, d -> browser.row("payment_api") != null);
    assertThat(browser.text(By.id("write-note"))).isEqualTo("Read-only: no token configured");
    assertThat(browser.driver.findElement(By.id("token")).isDisplayed()).isFalse();
    for (WebElement button : browser.row("payment_api").findElements(By.tagName("button"))) {
      assertThat(button.isEnabled()).isFalse();
    }
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void withATokenTheButtonsOpenAndResetOnlyWithTheRightOne() {
    f = new Fixture(DashboardConfig.builder().token(TOKEN).build());
    f.register("payment_api", "http", "payments");
    browser.open(f.dashboard.uri());
    WebElement token = browser.driver.findElement(By.id("token"));
    browser.until(DEADLINE, d -> token.isDisplayed());
    assertThat(browser.text(By.id("write-note"))).isEmpty();

    click("payment_api", "open");
    browser.until(DEADLINE, d -> message().equals("Enter the token first (401)."));
    token.sendKeys("wrong");
    click("payment_api", "open");
    browser.until(DEADLINE, d -> message().equals("The token was rejected (401)."));
    assertThat(f.brama.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(browser.state("payment_api")).isEqualTo("CLOSED");

    token.clear();
    token.sendKeys(TOKEN);
    click("payment_api", "open");
    browser.until(DEADLINE, d -> "OPEN".equals(browser.state("payment_api")));
    assertThat(message()).isEqualTo("Opened payment_api");
    assertThat(f.brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    browser.until(DEADLINE, d -> browser.log().stream()
        .anyMatch(l -> l.contains("CLOSED → OPEN") && l.contains("opened from the dashboard")));

    click("payment_api", "reset");
    browser.until(DEADLINE, d -> "CLOSED".equals(browser.state("payment_api")));
    assertThat(f.brama.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    // the two refusals are the only console entries: the browser reports each 401 response
    List<String> errors = browser.consoleErrors();
    assertThat(errors).hasSize(2).allMatch(m -> m.contains("401"));
  }

  private static void click(String id, String action) {
    browser.row(id).findElement(By.className(action)).click();
  }

  private static String message() {
    WebElement message = browser.driver.findElement(By.id("message"));
    return message.isDisplayed() ? message.getText() : "";
  }
}
