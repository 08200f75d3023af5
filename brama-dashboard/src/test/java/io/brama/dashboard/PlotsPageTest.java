package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The plots and the recent past in a real Chromium: sparklines, state strips, the log on load. */
class PlotsPageTest extends PageTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private String spark(String id, String what) {
    return (String) browser.js("const r = [...document.querySelectorAll('tr.connection')]"
        + ".find(r => r.dataset.id === arguments[0]); const c = r && r.querySelector('canvas.spark');"
        + " return c ? (c.dataset[arguments[1]] || null) : null", id, what);
  }

  private String sparkPixels(String id) {
    return (String) browser.js("return [...document.querySelectorAll('tr.connection')]"
        + ".find(r => r.dataset.id === arguments[0]).querySelector('canvas.spark').toDataURL()", id);
  }

  @Test
  void sparklinesAppearAndChangeAfterTraffic() {
    f = Fixture.counting();
    f.register("payment_api", "http", "payments");
    Sampler sampler = f.dashboard.sampler();
    sampler.stop(); // this test takes the steps itself, on the manual clock
    sampler.sample();
    browser.open(f.dashboard.uri());
    browser.until(DEADLINE, d -> "0".equals(spark("payment_api", "calls")));
    String quiet = sparkPixels("payment_api");
    assertThat(browser.row("payment_api").findElement(By.className("counters-off")).isDisplayed())
        .isFalse();

    for (int i = 0; i < 20; i++) {
      f.brama.success("payment_api");
    }
    f.brama.failure("payment_api", "timeout");
    f.brama.failure("payment_api", "timeout");
    f.clock.advance(Duration.ofSeconds(1));
    sampler.sample();
    browser.until(DEADLINE, d -> "22".equals(spark("payment_api", "calls")));
    assertThat(spark("payment_api", "failures")).isEqualTo("2");
    String busy = sparkPixels("payment_api");
    assertThat(busy).isNotEqualTo(quiet);

    f.brama.open("payment_api", "maintenance");
    for (int i = 0; i < 4; i++) {
      f.brama.available("payment_api");
    }
    f.clock.advance(Duration.ofSeconds(1));
    sampler.sample();
    browser.until(DEADLINE, d -> "4".equals(spark("payment_api", "rejected")));
    assertThat(sparkPixels("payment_api")).isNotEqualTo(busy);
  }

  @Test
  void withoutCountersThePageSaysCountersOff() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    browser.open(f.dashboard.uri());
    browser.until(DEADLINE, d -> browser.row("payment_api") != null
        && browser.row("payment_api").findElement(By.className("counters-off")).isDisplayed());
    WebElement row = browser.row("payment_api");
    assertThat(row.findElement(By.className("counters-off")).getText()).isEqualTo("counters off");
    assertThat(row.findElement(By.className("spark")).isDisplayed()).isFalse();
  }

  @Test
  void aNewcomerSeesWhyTheCircuitsOpened() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.register("orders_db", "jdbc", "storage");
    f.openByFailures("payment_api", "HTTP 503 from the gateway");
    f.brama.open("orders_db", "failover to the replica");
    org.awaitility.Awaitility.await().atMost(DEADLINE).until(() ->
        f.api.get("api/events/history").body().contains("failover to the replica"));

    browser.open(f.dashboard.uri()); // after the fact

    browser.until(DEADLINE, d -> browser.log().size() == 4);
    List<String> log = browser.log();
    assertThat(log.get(0)).contains("orders_db", "CLOSED → OPEN", "failover to the replica");
    assertThat(log.get(1)).contains("payment_api", "CLOSED → OPEN", "HTTP 503 from the gateway");
    assertThat(log.get(3)).contains("payment_api", "registered");
    assertThat(browser.driver.findElements(By.cssSelector("#event-log li[data-past]"))).hasSize(4);

    f.brama.reset("orders_db", "back");
    browser.until(DEADLINE, d -> browser.log().size() == 5 && browser.log().get(0).contains("back"));
    assertThat(browser.driver.findElements(By.cssSelector("#event-log li[data-past]"))).hasSize(4);
    browser.until(DEADLINE, d -> "CLOSED".equals(browser.state("orders_db")));
  }

  @Test
  void theStripShowsTheStatesOfTheLastFifteenMinutesWithReasons() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.clock.advance(Duration.ofMinutes(5));
    f.brama.open("payment_api", "HTTP 503", Duration.ofMinutes(10));
    f.clock.advance(Duration.ofMinutes(5)); // the right third of the strip is OPEN
    browser.open(f.dashboard.uri());

    browser.until(DEADLINE, d -> "CLOSED,OPEN".equals(browser.js("return [...document"
        + ".querySelectorAll('tr.connection')].find(r => r.dataset.id === 'payment_api')"
        + ".querySelector('canvas.strip').dataset.states")));
    WebElement strip = browser.row("payment_api").findElement(By.cssSelector("canvas.strip"));
    int width = strip.getSize().getWidth();
    new Actions(browser.driver).moveToElement(strip, width / 2 - 2, 0).perform();
    browser.until(DEADLINE, d -> strip.getDomAttribute("title").startsWith("OPEN from "));
    assertThat(strip.getDomAttribute("title")).endsWith(": HTTP 503");
    new Actions(browser.driver).moveToElement(strip, -width / 2 + 2, 0).perform();
    browser.until(DEADLINE, d -> strip.getDomAttribute("title").startsWith("CLOSED from "));

    f.clock.advance(Duration.ofMinutes(5));
    f.brama.status("payment_api"); // observes the expiry: HALF_OPEN
    browser.until(DEADLINE, d -> "CLOSED,OPEN,HALF_OPEN".equals(browser.js("return [...document"
        + ".querySelectorAll('tr.connection')].find(r => r.dataset.id === 'payment_api')"
        + ".querySelector('canvas.strip').dataset.states")));
  }

  @Test
  void aStripRedrawnUnderAStillPointerDescribesWhatIsNowUnderIt() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.brama.open("payment_api", "HTTP 503", Duration.ofMinutes(10));
    f.clock.advance(Duration.ofMinutes(5));
    browser.open(f.dashboard.uri());
    browser.until(DEADLINE, d -> "CLOSED,OPEN".equals(stripStates("payment_api"))
        || "OPEN".equals(stripStates("payment_api")));
    WebElement strip = browser.row("payment_api").findElement(By.cssSelector("canvas.strip"));
    new Actions(browser.driver).moveToElement(strip, strip.getSize().getWidth() / 2 - 2, 0).perform();
    browser.until(DEADLINE, d -> strip.getDomAttribute("title").startsWith("OPEN from "));

    f.brama.reset("payment_api", "recovered");
    f.clock.advance(Duration.ofMinutes(2));
    f.register("inventory_api", "http", "stock"); // its event reloads the strips; the pointer stays
    browser.until(DEADLINE, d -> stripStates("payment_api").endsWith("OPEN,CLOSED"));
    browser.until(DEADLINE, d -> strip.getDomAttribute("title").startsWith("CLOSED from "));
    assertThat(strip.getDomAttribute("title")).endsWith(": recovered");
  }

  private String stripStates(String id) {
    return (String) browser.js("return [...document.querySelectorAll('tr.connection')]"
        + ".find(r => r.dataset.id === '" + id + "').querySelector('canvas.strip').dataset.states");
  }
}
