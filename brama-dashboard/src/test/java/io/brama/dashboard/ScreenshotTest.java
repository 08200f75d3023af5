package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ExpiryStrategy;
import io.brama.Registration;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Takes the README's screenshot: a real-clock Brama with connections in every state, seen by the
 * page as they change. Writes target/dashboard.png; with {@code -Dbrama.dashboard.screenshot=PATH}
 * also PATH (the README's is docs/dashboard.png).
 */
class ScreenshotTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void screenshotOfConnectionsInEveryState() throws Exception {
    BramaConfig config = BramaConfig.builder().maxAttempts(5)
        .expiryStrategy(ExpiryStrategy.progressive(Duration.ofSeconds(30), Duration.ofMinutes(5), 2))
        .build();
    try (Browser browser = Browser.start();
        Brama brama = Brama.create(config);
        BramaDashboard dashboard = BramaDashboard.start(brama,
            DashboardConfig.builder().token("screenshot-token").build())) {
      register(brama, "payment_api", "http", "payment_services");
      register(brama, "refund_api", "http", "payment_services");
      register(brama, "fraud_check", "grpc", "payment_services");
      register(brama, "orders_db", "jdbc", "storage");
      register(brama, "search_index", "http", "storage");
      register(brama, "geo_lookup", "http", null);
      browser.open(dashboard.uri());

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
          && browser.log().size() == 4);
      browser.until(DEADLINE, d -> browser.cell("payment_api", "countdown").endsWith(" s"));
      assertThat(browser.consoleErrors()).isEmpty();
      browser.until(DEADLINE, d -> d.findElement(By.id("token")).isDisplayed());

      browser.driver.manage().window().setSize(new Dimension(1360, 780));
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
    }
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
