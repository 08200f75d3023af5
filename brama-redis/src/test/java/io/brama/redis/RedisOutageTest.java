package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule F4: Redis stopped mid-test and started again (without persistence: it forgets everything).
 */
class RedisOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private RedisServer redis;
  private Fleets fleet;
  private final List<BramaEvent> sharedStateEvents = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    redis = RedisServer.start();
    fleet = new Fleets(redis, 2, BramaConfig.builder().maxAttempts(3)
        .expiry(Duration.ofSeconds(30)).build(), Duration.ofSeconds(5)).register("payment_api");
    fleet.get(0).subscribe(EventFilter.of(EventType.SHARED_STATE), sharedStateEvents::add);
    await().atMost(WAIT).until(fleet::allConnected);
  }

  @AfterEach
  void tearDown() {
    fleet.close();
    redis.close();
  }

  @Test
  void callsNeverWaitOnADeadRedisAndStateIsReconciledWhenItIsBack() throws Exception {
    redis.stop();
    await().atMost(WAIT).until(() -> !fleet.sharing.get(0).isConnected());

    Brama a = fleet.get(0);
    long slowest = 0;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      a.failure("payment_api", "down " + i);
      a.available("payment_api");
      slowest = Math.max(slowest, System.nanoTime() - start);
    }
    for (int i = 0; i < 1_000; i++) {
      long start = System.nanoTime();
      a.available("payment_api");
      fleet.get(1).success("payment_api");
      slowest = Math.max(slowest, System.nanoTime() - start);
    }
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(100));
    assertThat(a.status("payment_api").state()).as("local breaking goes on")
        .isEqualTo(CircuitState.OPEN);
    assertThat(fleet.get(1).status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    await().atMost(WAIT).until(() -> sharedStateEvents.stream()
        .anyMatch(e -> String.valueOf(e.reason()).startsWith("shared state unreachable")));

    redis.restart();

    // the open made while Redis was away is shared once it is back: it is the newest state
    await().atMost(WAIT).until(fleet::allConnected);
    await().atMost(WAIT).until(() -> fleet.all("payment_api", CircuitState.OPEN));
    assertThat(sharedStateEvents).anyMatch(e -> "shared state reachable".equals(e.reason()));

    fleet.get(1).reset("payment_api", "recovered");
    await().atMost(WAIT).until(() -> fleet.all("payment_api", CircuitState.CLOSED));
  }

  @Test
  void anOpenMadeWhileCutOffLosesToANewerResetWhenTheLinkIsBack() throws Exception {
    try (CuttableProxy proxy = new CuttableProxy(redis.port());
        Brama cutOff = Brama.builder().config(BramaConfig.builder().maxAttempts(3)
            .expiry(Duration.ofSeconds(30)).build()).build()) {
      cutOff.register("payment_api");
      RedisSharing sharing = RedisSharing.attach(cutOff, RedisSharingConfig.builder(proxy.uri())
          .namespace(fleet.namespace).instanceId("cut-off")
          .recoveryInterval(Duration.ofMillis(100)).build());
      try {
        await().atMost(WAIT).until(sharing::isConnected);
        proxy.cut();
        await().atMost(WAIT).until(() -> !sharing.isConnected());
        for (int i = 0; i < 3; i++) {
          cutOff.failure("payment_api", "seen only here");
        }
        assertThat(cutOff.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
        // meanwhile the fleet opens and is reset: its version is newer than the one cut-off saw
        fleet.get(0).open("payment_api", "maintenance");
        await().atMost(WAIT).until(() -> fleet.all("payment_api", CircuitState.OPEN));
        fleet.get(1).reset("payment_api", "maintenance over");
        await().atMost(WAIT).until(() -> "closed".equals(
            redis.command("HGET " + fleet.namespace + ":{payment_api}:state state")));

        proxy.restore();

        await().atMost(WAIT).until(() -> cutOff.status("payment_api").state()
            == CircuitState.CLOSED);
        assertThat(fleet.all("payment_api", CircuitState.CLOSED)).isTrue();
        assertThat(redis.command("HGET " + fleet.namespace + ":{payment_api}:state state"))
            .isEqualTo("closed");
      } finally {
        sharing.close();
      }
    }
  }
}
