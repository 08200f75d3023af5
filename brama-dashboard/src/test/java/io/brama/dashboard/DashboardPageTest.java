package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.ConnectionConfig;
import io.brama.FailurePolicy;
import io.brama.Registration;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The page in a real Chromium: render, live updates, countdown, event log, reconnection. */
class DashboardPageTest extends PageTest {
  private static final Duration LIVE = Duration.ofSeconds(1);
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void rendersConnectionsGroupedByScopeAndColouredByState() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.register("refund_api", "http", "payments");
    f.register("orders_db", "jdbc", "storage");
    f.register("geo", null, null);
    f.brama.register("rated", Registration.builder().scope("storage")
        .config(ConnectionConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 5)).build())
        .build());
    f.brama.failure("rated", "boom");
    f.brama.success("rated");
    f.brama.success("rated");
    f.brama.success("rated");
    f.brama.open("orders_db", "maintenance");
    f.clock.advance(Fixture.EXPIRY);
    f.brama.status("orders_db"); // observes the expiry: HALF_OPEN
    f.openByFailures("payment_api", "HTTP 503");
    f.brama.failure("refund_api", "timeout");
    f.brama.failure("refund_api", "timeout");

    browser.open(f.dashboard.uri());

    browser.until(DEADLINE, d -> d.findElements(By.cssSelector("tr.connection")).size() == 5);
    assertThat(browser.driver.findElements(By.cssSelector("section.scope h2")).stream()
        .map(WebElement::getText)).containsExactly("payments", "storage", "(no scope)");
    assertThat(browser.driver.findElements(By.cssSelector("tr.connection")).stream()
        .map(r -> r.getDomAttribute("data-id")))
        .containsExactly("payment_api", "refund_api", "orders_db", "rated", "geo");
    assertThat(browser.state("payment_api")).isEqualTo("OPEN");
    assertThat(browser.state("refund_api")).isEqualTo("CLOSED");
    assertThat(browser.state("orders_db")).isEqualTo("HALF_OPEN");
    assertThat(browser.cell("payment_api", "badge")).isEqualTo("OPEN");
    assertThat(browser.cell("orders_db", "badge")).isEqualTo("HALF-OPEN");
    assertThat(browser.cell("refund_api", "failures")).isEqualTo("2 / 3");
    assertThat(browser.cell("rated", "failures")).isEqualTo("1 of 4 (25 %)");
    assertThat(browser.cell("refund_api", "reason")).isEqualTo("timeout");
    assertThat(browser.cell("payment_api", "reason")).isEqualTo("HTTP 503");
    assertThat(browser.cell("payment_api", "type")).isEqualTo("http");
    assertThat(browser.cell("orders_db", "countdown")).isEqualTo("now");
    assertThat(browser.cell("geo", "countdown")).isEqualTo("—");
    List<String> colours = List.of("payment_api", "refund_api", "orders_db").stream()
        .map(id -> browser.row(id).findElement(By.className("badge")).getCssValue("background-color"))
        .collect(Collectors.toList());
    assertThat(colours).doesNotHaveDuplicates();
    assertThat(browser.text(By.id("summary"))).isEqualTo("5 connections · 1 open · 1 half-open");
  }

  @Test
  void aTransitionAppearsLiveWithoutReload() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    browser.open(f.dashboard.uri());
    browser.until(DEADLINE, d -> "CLOSED".equals(browser.state("payment_api")));
    browser.js("window.sameDocument = 'yes'");

    f.openByFailures("payment_api", "HTTP 503");

    // the event log is fed by the stream alone: its entry proves the push
    browser.until(LIVE, d -> browser.log().stream().anyMatch(l -> l.contains("CLOSED → OPEN")));
    browser.until(LIVE, d -> "OPEN".equals(browser.state("payment_api")));
    browser.until(DEADLINE, d -> "HTTP 503".equals(browser.cell("payment_api", "reason")));
    assertThat(browser.js("return window.sameDocument")).isEqualTo("yes");

    f.register("late_arrival", null, "payments");
    browser.until(LIVE, d -> browser.row("late_arrival") != null);
    f.brama.unregister("late_arrival");
    browser.until(LIVE, d -> browser.row("late_arrival") == null);
    assertThat(browser.js("return window.sameDocument")).isEqualTo("yes");
  }

  @Test
  void theCountdownToHalfOpenRunsDown() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.openByFailures("payment_api", "HTTP 503");
    browser.open(f.dashboard.uri());

    double first = browser.until(DEADLINE, d -> seconds(browser.cell("payment_api", "countdown")));
    assertThat(first).isBetween(20.0, 30.0);
    double later = browser.until(DEADLINE, d -> {
      Double now = seconds(browser.cell("payment_api", "countdown"));
      return now != null && now <= first - 0.5 ? now : null;
    });
    assertThat(later).isLessThan(first);

    f.clock.advance(Fixture.EXPIRY);
    f.brama.status("payment_api"); // observes the expiry: HALF_OPEN
    browser.until(LIVE, d -> "HALF_OPEN".equals(browser.state("payment_api")));
    browser.until(DEADLINE, d -> "now".equals(browser.cell("payment_api", "countdown")));
  }

  @Test
  void theEventLogListsEventsNewestFirst() {
    f = new Fixture();
    browser.open(f.dashboard.uri());

    f.register("payment_api", "http", "payments");
    f.openByFailures("payment_api", "HTTP 503");
    f.brama.reset("payment_api", "fixed");

    browser.until(DEADLINE, d -> browser.log().size() == 3);
    List<String> log = browser.log();
    assertThat(log.get(0)).contains("payment_api", "OPEN → CLOSED", "fixed");
    assertThat(log.get(1)).contains("payment_api", "CLOSED → OPEN", "HTTP 503");
    assertThat(log.get(2)).contains("payment_api", "registered");
    assertThat(browser.driver.findElement(By.id("event-log")).getCssValue("overflow-y"))
        .isEqualTo("auto");

    for (int i = 0; i < 110; i++) { // 220 events: the log keeps the newest 200
      f.register("c" + i, null, null);
      f.brama.unregister("c" + i);
    }
    browser.until(DEADLINE, d -> browser.log().get(0).contains("c109"));
    assertThat(browser.log()).hasSize(200);
  }

  @Test
  void reconnectsWhenTheStreamDrops() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    browser.open(f.dashboard.uri());
    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 1);

    f.dashboard.dropEventStreams();
    f.openByFailures("payment_api", "while the stream was down");

    // back within the retry delay the server announced; the missed change comes from the reload
    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 1);
    browser.until(DEADLINE, d -> "live".equals(browser.text(By.id("stream-status"))));
    browser.until(DEADLINE, d -> "OPEN".equals(browser.state("payment_api")));

    f.brama.reset("payment_api", "after the reconnect");
    browser.until(LIVE, d -> browser.log().stream().anyMatch(l -> l.contains("after the reconnect")));
    assertThat(browser.state("payment_api")).isEqualTo("CLOSED");
  }

  /** "29.8 s" gives 29.8; anything else null. */
  private static Double seconds(String countdown) {
    return countdown != null && countdown.matches("\\d+\\.\\d s")
        ? Double.valueOf(countdown.substring(0, countdown.length() - 2)) : null;
  }
}
