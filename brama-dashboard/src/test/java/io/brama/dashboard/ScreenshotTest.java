package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ExpiryStrategy;
import io.brama.Registration;
import io.brama.redis.RedisSharing;
import io.brama.redis.RedisSharingConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Takes the README's screenshot: a real-clock Brama with connections in every state, seen by the
 * page as they change, with traffic for the sparklines and a second instance on a real Redis for the
 * fleet panel. Writes target/dashboard.png; with {@code -Dbrama.dashboard.screenshot=PATH} also
 * PATH (the README's is docs/images/dashboard.png).
 */
class ScreenshotTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void screenshotOfConnectionsInEveryState() throws Exception {
    BramaConfig config = BramaConfig.builder().maxAttempts(5)
        .expiryStrategy(ExpiryStrategy.progressive(Duration.ofSeconds(30), Duration.ofMinutes(5), 2))
        .build();
    ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
    try (Browser browser = Browser.start();
        LocalRedis redis = LocalRedis.start();
        Brama brama = Brama.builder().config(config).countCalls(true).build();
        Brama peer = Brama.builder().config(config).build();
        RedisSharing sharing = RedisSharing.attach(brama, sharing(redis, "checkout-1"));
        RedisSharing peerSharing = RedisSharing.attach(peer, sharing(redis, "checkout-2"));
        BramaDashboard dashboard = BramaDashboard.start(brama, DashboardConfig.builder()
            .token("screenshot-token").fleet(FleetPanel.of(sharing)).build())) {
      peer.register("payment_api");
      peer.register("orders_db");
      register(brama, "payment_api", "http", "payment_services");
      register(brama, "refund_api", "http", "payment_services");
      register(brama, "fraud_check", "grpc", "payment_services");
      register(brama, "orders_db", "jdbc", "storage");
      register(brama, "search_index", "http", "storage");
      register(brama, "geo_lookup", "http", null);
      browser.open(dashboard.uri());
      // steady traffic for the sparklines: calls everywhere, some failing, the open ones rejected
      AtomicInteger tick = new AtomicInteger();
      traffic.scheduleAtFixedRate(() -> {
        int t = tick.incrementAndGet();
        // (not on refund_api and orders_db: a success would reset the one, close the other)
        for (String id : List.of("payment_api", "fraud_check", "search_index", "geo_lookup")) {
          for (int i = 0; i < 1 + (t + id.length()) % 4; i++) {
            if (brama.available(id)) {
              if (id.equals("fraud_check") && t % 9 == 0) {
                brama.failure(id, "timeout");
              } else {
                brama.success(id);
              }
            }
          }
        }
      }, 0, 50, TimeUnit.MILLISECONDS);
      browser.until(Duration.ofSeconds(30), d -> Integer.parseInt(String.valueOf(browser.js(
          "const c = document.querySelector('tr.connection[data-id=\"geo_lookup\"] canvas.spark');"
          + " return c && c.dataset.calls || '0'"))) > 150);

      for (int i = 0; i < 5; i++) {
        brama.failure("payment_api", new ConnectException("Connection refused"));
      }
      brama.failure("refund_api", new SocketTimeoutException("Read timed out after 2000 ms"));
      brama.failure("refund_api", new SocketTimeoutException("Read timed out after 2000 ms"));
      brama.open("orders_db", "failover to the replica", Duration.ofMillis(200));
      await().atMost(DEADLINE).until(() -> brama.status("orders_db").state() == CircuitState.HALF_OPEN);
      brama.open("search_index", new TimeoutException("HTTP 429 Too Many Requests"),
          Duration.ofSeconds(120));
      brama.failure("geo_lookup", "HTTP 500");
      brama.success("geo_lookup");

      browser.until(DEADLINE, d -> "HALF_OPEN".equals(browser.state("orders_db"))
          && "OPEN".equals(browser.state("payment_api"))
          && "OPEN".equals(browser.state("search_index"))
          && "2 / 5".equals(browser.cell("refund_api", "failures"))
          && browser.driver.findElements(By.cssSelector("#event-log li[data-type='STATE_CHANGE']"))
          .size() == 4);
      browser.until(DEADLINE, d -> browser.driver.findElements(By.cssSelector("#fleet-instances li"))
          .size() == 2 && browser.driver.findElements(By.cssSelector(
              "tr.fleet-connection[data-state='OPEN']")).size() == 2);
      browser.until(DEADLINE, d -> browser.cell("payment_api", "countdown").endsWith(" s"));
      assertThat(browser.consoleErrors()).isEmpty();
      browser.until(DEADLINE, d -> d.findElement(By.id("token")).isDisplayed());

      browser.driver.manage().window().setSize(new Dimension(1500, 820));
      byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
      BufferedImage image;
      try (InputStream in = new ByteArrayInputStream(png)) {
        image = ImageIO.read(in);
      }
      assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
      assertThat(png.length).isGreaterThan(20_000);
      write(Path.of("target", "dashboard.png"), png);
      String extra = System.getProperty("brama.dashboard.screenshot");
      if (extra != null && !extra.isBlank()) {
        write(Path.of(extra), png);
      }
    } finally {
      traffic.shutdownNow();
    }
  }

  private static RedisSharingConfig sharing(LocalRedis redis, String instance) {
    return RedisSharingConfig.builder(redis.uri()).namespace("checkout").instanceId(instance)
        .build();
  }

  private static void register(Brama brama, String id, String type, String scope) {
    brama.register(id, Registration.builder().type(type).scope(scope).build());
  }

  private static void write(Path path, byte[] png) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.write(path, png);
  }
}
