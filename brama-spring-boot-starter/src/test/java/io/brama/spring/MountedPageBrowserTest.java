package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.dashboard.Browser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The page mounted in a Spring application, in headless Chromium (the dashboard module's {@link
 * Browser}): signed in through the application's security, it renders the connections, goes live,
 * and shows a circuit opening as it happens, with no console error (the page's scripts, styles and
 * stream all resolve under the mount path).
 */
class MountedPageBrowserTest {
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  private Browser browser;
  private ConfigurableApplicationContext app;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = Browser.start();
  }

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (app != null) {
        app.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = WebApplicationType.class, names = {"SERVLET", "REACTIVE"})
  void thePageUnderTheApplicationsPathShowsACircuitOpening(WebApplicationType type) {
    app = DashboardApps.start(type, "brama.connections.[orders_db].type=jdbc");
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    // the operator's credentials on every request the page makes, its event stream included
    String basic = Base64.getEncoder().encodeToString((DashboardApps.USER + ":"
        + DashboardApps.PASSWORD).getBytes(StandardCharsets.UTF_8));
    browser.driver.executeCdpCommand("Network.enable", Map.of());
    browser.driver.executeCdpCommand("Network.setExtraHTTPHeaders",
        Map.of("headers", Map.of("Authorization", "Basic " + basic)));

    browser.open(URI.create("http://127.0.0.1:" + port + "/ops/brama/"));
    browser.until(DEADLINE, d -> "CLOSED".equals(browser.state("payment_api")));
    assertThat(browser.state("orders_db")).isEqualTo("CLOSED");

    Brama brama = app.getBean(Brama.class);
    brama.failure("payment_api", "connect timed out");
    brama.failure("payment_api", "connect timed out");
    browser.until(DEADLINE, d -> "OPEN".equals(browser.state("payment_api")));
    browser.until(DEADLINE, d -> browser.log().stream().anyMatch(l -> l.contains("CLOSED → OPEN")));
    assertThat(browser.consoleErrors()).isEmpty();
  }
}
