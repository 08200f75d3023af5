package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.redis.RedisSharing;
import io.brama.redis.RedisSharingConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * The fleet panel in a real Chromium: two Brama instances attached to one real redis-server, the
 * dashboard on the first; the panel lists both instances, the fleet state of each shared connection
 * and the instance holding the probe lease.
 */
class FleetPanelPageTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void twoInstancesTheirSharedCircuitAndTheProbeHolder() throws Exception {
    Browser.require();
    String namespace = "d" + UUID.randomUUID().toString().substring(0, 8);
    try (LocalRedis redis = LocalRedis.start();
        Brama first = Brama.create(BramaConfig.builder().maxAttempts(3).build());
        Brama second = Brama.create(BramaConfig.builder().maxAttempts(3).build())) {
      for (Brama b : List.of(first, second)) {
        b.register("payment_api");
        b.register("orders_db");
      }
      RedisSharing one = attach(first, redis, namespace, "checkout-1");
      RedisSharing two = attach(second, redis, namespace, "checkout-2");
      try (BramaDashboard dashboard = BramaDashboard.start(first,
              DashboardConfig.builder().fleet(FleetPanel.of(one)).build());
          Browser browser = Browser.start()) {
        Api api = new Api(dashboard);
        assertThat(Api.json(api.get("api/settings")).get("fleet").asBoolean()).isTrue();
        await().atMost(DEADLINE).until(() ->
            Api.json(api.get("api/fleet")).get("instances").size() == 2);

        browser.open(dashboard.uri());
        browser.until(DEADLINE, d -> d.findElement(By.id("fleet-panel")).isDisplayed()
            && instances(browser).equals(List.of("checkout-1", "checkout-2")));
        assertThat(browser.text(By.id("fleet-namespace"))).isEqualTo(namespace);
        assertThat(browser.text(By.cssSelector("#fleet-instances li[data-id='checkout-1'] .self")))
            .isEqualTo("(this instance)");
        browser.until(DEADLINE, d -> "CLOSED".equals(fleetCell(browser, "payment_api", "badge")));
        assertThat(fleetCell(browser, "payment_api", "holder")).isEqualTo("—");

        second.open("payment_api", "maintenance by the second instance");

        browser.until(DEADLINE, d -> "OPEN".equals(fleetCell(browser, "payment_api", "badge")));
        assertThat(fleetCell(browser, "payment_api", "holder")).isEqualTo("checkout-2");
        assertThat(fleetCell(browser, "orders_db", "badge")).isEqualTo("CLOSED");
        browser.until(DEADLINE, d -> "—".equals(fleetCell(browser, "payment_api", "disagreeing")));
        JsonNode fleet = Api.json(api.get("api/fleet"));
        assertThat(fleet.get("self").asString()).isEqualTo("checkout-1");
        assertThat(fleet.get("error").isNull()).isTrue();

        two.close(); // leaves the roster at once
        browser.until(DEADLINE, d -> instances(browser).equals(List.of("checkout-1")));
        assertThat(browser.consoleErrors()).isEmpty();
      } finally {
        one.close();
        two.close();
      }
    }
  }

  private static RedisSharing attach(Brama brama, LocalRedis redis, String namespace,
      String instance) {
    return RedisSharing.attach(brama, RedisSharingConfig.builder(redis.uri()).namespace(namespace)
        .instanceId(instance).commandTimeout(Duration.ofSeconds(1)).build());
  }

  // read in one script each: the panel is redrawn on every poll
  @SuppressWarnings("unchecked")
  private static List<String> instances(Browser browser) {
    return (List<String>) browser.js("return [...document.querySelectorAll('#fleet-instances li')]"
        + ".map(li => li.dataset.id)");
  }

  private static String fleetCell(Browser browser, String id, String className) {
    return (String) browser.js("const r = [...document.querySelectorAll('tr.fleet-connection')]"
        + ".find(r => r.dataset.id === arguments[0]); const c = r && r.querySelector('.' + arguments[1]);"
        + " return c ? c.textContent : null", id, className);
  }
}
