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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Redis misbehaving under a fleet, as a hostile operator would make it (issue 26): scripts
 * flushed, scripts forbidden, garbage on the channel, the subscriber killed, the server asleep,
 * keys evicted, two configurations on one namespace, a failover. Real redis-server processes.
 */
class HostileRedisTest extends WithRedis {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(5);
  private static final String ID = "payment_api";
  private static final BramaConfig THREE = BramaConfig.builder().maxAttempts(3)
      .expiry(Duration.ofSeconds(30)).build();

  private static Fleets fleet(String uri, int n) {
    Fleets fleet = new Fleets(uri, n, THREE, Duration.ofSeconds(5)).register(ID);
    await().atMost(WAIT).until(fleet::allConnected);
    return fleet;
  }

  @Test
  void scriptFlushBetweenCallsIsInvisible() throws Exception {
    try (Fleets fleet = fleet(redis.uri(), 2); LogLines log = new LogLines()) {
      for (int round = 0; round < 5; round++) {
        assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");
        fleet.get(round % 2).open(ID, "after a flush, round " + round);
        await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
        assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");
        fleet.get((round + 1) % 2).reset(ID, "after a flush, round " + round);
        await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.CLOSED));
      }
      assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");
      fleet.get(0).failure(ID, "one");
      fleet.get(1).failure(ID, "two");
      fleet.get(0).failure(ID, "three: the fleet's count");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
      assertThat(new InStep(redis, fleet, ID).until(Duration.ofSeconds(1)).mismatch()).isNull();
      assertThat(log.containing("failed")).isEmpty();
      assertThat(fleet.allConnected()).isTrue();
    }
  }
}
