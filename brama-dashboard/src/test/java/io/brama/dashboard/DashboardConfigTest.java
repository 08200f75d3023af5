package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

  @Test
  void defaultsBindLoopbackOnAFreePortReadOnly() {
    DashboardConfig config = DashboardConfig.defaults();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.address().isLoopbackAddress()).isTrue();
    assertThat(config.port()).isZero();
    assertThat(config.hasToken()).isFalse();
    assertThat(config.allowRemote()).isFalse();
    assertThat(config.maxEventStreams()).isEqualTo(32);
    assertThat(config.eventStreamQueueCapacity()).isEqualTo(1024);
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxConnections()).isEqualTo(1024);
  }

  @Test
  void readTimeoutAndMaxConnectionsAreKeptAndShown() {
    DashboardConfig config = DashboardConfig.builder().readTimeout(Duration.ofMillis(1500))
        .maxConnections(1).build();
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.maxConnections()).isEqualTo(1);
    assertThat(config.toString()).contains("readTimeout=PT1.5S", "maxConnections=1");
  }

  @Test
  void aNonLoopbackAddressNeedsAllowRemote() {
    assertThatThrownBy(() -> DashboardConfig.builder().host("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be a loopback address unless allowRemote(true) is set, "
            + "was 0.0.0.0 (0.0.0.0)");
    DashboardConfig remote = DashboardConfig.builder().host("0.0.0.0").allowRemote(true).build();
    assertThat(remote.allowRemote()).isTrue();
    assertThat(DashboardConfig.builder().host("localhost").build().address().isLoopbackAddress())
        .isTrue();
    assertThat(DashboardConfig.builder().host("::1").build().address().isLoopbackAddress())
        .isTrue();
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    DashboardConfig.Builder b = DashboardConfig.builder();
    assertThatThrownBy(() -> b.host(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("host must not be null");
    assertThatThrownBy(() -> b.host(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be a host name or address, was \" \"");
    assertThatThrownBy(() -> b.port(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in [0, 65535], was -1");
    assertThatThrownBy(() -> b.port(65_536)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in [0, 65535], was 65536");
    assertThatThrownBy(() -> b.maxEventStreams(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventStreams must be >= 1, was 0");
    assertThatThrownBy(() -> b.eventStreamQueueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventStreamQueueCapacity must be >= 1, was 0");
    assertThatThrownBy(() -> b.heartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heartbeatInterval must be > PT0S, was PT0S");
    assertThatThrownBy(() -> b.heartbeatInterval(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("heartbeatInterval must not be null");
    assertThatThrownBy(() -> b.readTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be > 0, was PT0S");
    assertThatThrownBy(() -> b.readTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be > 0, was PT-0.001S");
    assertThatThrownBy(() -> b.readTimeout(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("readTimeout must not be null");
    assertThatThrownBy(() -> b.maxConnections(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnections must be >= 1, was 0");
    assertThatThrownBy(() -> b.maxConnections(-5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnections must be >= 1, was -5");
  }

  @Test
  void aBadTokenIsRefusedWithoutEchoingIt() {
    DashboardConfig.Builder b = DashboardConfig.builder();
    assertThatThrownBy(() -> b.token(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("token must not be null");
    assertThatThrownBy(() -> b.token("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token must be non-empty printable characters without spaces, "
            + "was a string of 0 characters");
    assertThatThrownBy(() -> b.token("secret with spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void toStringNeverShowsTheToken() {
    DashboardConfig config = DashboardConfig.builder().token("s3cr3t-t0ken").build();
    assertThat(config.hasToken()).isTrue();
    assertThat(config.toString()).contains("token=set").doesNotContain("s3cr3t-t0ken");
  }

  @Test
  void theLongestDurationsStillGiveAWorkingDashboard() throws Exception {
    Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    try (Fixture f = new Fixture(DashboardConfig.builder().readTimeout(longest)
        .heartbeatInterval(longest).build());
        SseClient stream = SseClient.open(f.api)) {
      assertThat(f.api.get("api/connections").statusCode()).isEqualTo(200);
      f.register("api", null, null);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> stream.summary().contains("REGISTERED api"));
    }
  }

  @Test
  void startRefusesNulls() {
    try (Brama brama = Brama.create()) {
      assertThatThrownBy(() -> BramaDashboard.start(null, DashboardConfig.defaults()))
          .isInstanceOf(NullPointerException.class).hasMessage("brama must not be null");
      assertThatThrownBy(() -> BramaDashboard.start(brama, null))
          .isInstanceOf(NullPointerException.class).hasMessage("config must not be null");
    }
  }

  @Test
  void startOnAClosedBramaFailsAndBindsNothing() {
    Brama brama = Brama.create();
    brama.close();
    assertThatThrownBy(() -> BramaDashboard.start(brama)).isInstanceOf(IllegalStateException.class);
  }
}
