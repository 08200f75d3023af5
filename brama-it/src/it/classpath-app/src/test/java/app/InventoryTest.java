package app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.Registration;
import io.brama.micrometer.BramaMetrics;
import io.brama.micrometer.MeterNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InventoryTest {
  @Test
  void runsFromTheClassPath() {
    assertThat(Brama.class.getModule().isNamed()).isFalse();
  }

  @Test
  void dashboardServesTheConnectionsOverHttpAndStops() throws Exception {
    try (Brama brama = Brama.create()) {
      brama.register("payment_api", Registration.builder().type("http").scope("payments").build());
      brama.failure("payment_api", "HTTP 503");

      Inventory.Fetched fetched = Inventory.fetchConnections(brama);

      assertThat(fetched.uri().getHost()).isEqualTo("127.0.0.1");
      assertThat(fetched.status()).isEqualTo(200);
      assertThat(fetched.body()).contains("\"payment_api\"", "\"http\"", "\"payments\"", "HTTP 503");
      // stopped: nothing listens on the port any more
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(fetched.uri()).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void micrometerSeesStatesAndCalls() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Brama brama = Brama.builder().countCalls(true).build()) {
      brama.register("ledger_db"); // before binding: bindTo binds the registered ones at once
      BramaMetrics metrics = Inventory.bindMetrics(brama, registry);
      brama.success("ledger_db");
      brama.success("ledger_db");
      brama.open("ledger_db", "maintenance");

      assertThat(brama.status("ledger_db").state()).isEqualTo(CircuitState.OPEN);
      assertThat(registry.get(MeterNames.STATE).tag(MeterNames.CONNECTION, "ledger_db")
          .tag(MeterNames.STATE_TAG, "open").gauge().value()).isEqualTo(1.0);
      assertThat(registry.get(MeterNames.STATE).tag(MeterNames.CONNECTION, "ledger_db")
          .tag(MeterNames.STATE_TAG, "closed").gauge().value()).isEqualTo(0.0);
      assertThat(registry.get(MeterNames.CALLS).tag(MeterNames.CONNECTION, "ledger_db")
          .tag(MeterNames.OUTCOME, "success").functionCounter().count()).isEqualTo(2.0);

      metrics.close();
      assertThat(registry.find(MeterNames.STATE).meters()).isEmpty();
    }
  }
}
