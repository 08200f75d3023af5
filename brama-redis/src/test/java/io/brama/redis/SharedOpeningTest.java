package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules F1, F5 and F6 with three instances on one real Redis. */
class SharedOpeningTest extends WithRedis {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private Fleets fleet;

  @BeforeEach
  void setUp() {
    fleet = new Fleets(redis, 3, BramaConfig.builder().maxAttempts(6)
        .expiry(Duration.ofSeconds(30)).build(), Duration.ofSeconds(5)).register("payment_api");
    await().atMost(WAIT).until(fleet::allConnected);
  }

  @AfterEach
  void tearDown() {
    fleet.close();
  }

  private String failuresKey() {
    return fleet.namespace + ":{payment_api}:failures";
  }

  @Test
  void theSixthFailureAnywhereOpensEveryInstanceUntilTheSameInstant() {
    for (int i = 0; i < 5; i++) {
      fleet.get(i % 3).failure("payment_api", "timeout " + i);
    }
    await().atMost(WAIT).until(() -> "5".equals(redis.command("GET " + failuresKey())));
    assertThat(fleet.all("payment_api", CircuitState.CLOSED)).isTrue();

    fleet.get(2).failure("payment_api", "timeout 5");

    await().atMost(WAIT).until(() -> fleet.all("payment_api", CircuitState.OPEN));
    String state = fleet.namespace + ":{payment_api}:state";
    assertThat(redis.command("HGET " + state + " holder")).isEqualTo("instance-2");
    Instant until = Instant.ofEpochMilli(Long.parseLong(redis.command("HGET " + state + " until")));
    Instant lease = Instant.ofEpochMilli(Long.parseLong(redis.command("HGET " + state + " lease")));
    assertThat(Duration.between(until, lease)).isEqualTo(Duration.ofSeconds(5));
    // the holder probes at the shared instant; the others wait for its verdict until the lease ends
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(Duration.between(until, fleet.get(2).status("payment_api").halfOpensAt()).abs())
          .isLessThan(Duration.ofMillis(50));
      for (int i = 0; i < 2; i++) {
        assertThat(Duration.between(lease, fleet.get(i).status("payment_api").halfOpensAt())
            .abs()).isLessThan(Duration.ofMillis(50));
      }
    });
  }

  @Test
  void aSuccessAnywhereResetsTheSharedCount() {
    for (int i = 0; i < 5; i++) {
      fleet.get(0).failure("payment_api", "timeout");
    }
    // instance 1 learns that the count is not zero (a "dirty" message), then its success resets it
    await().atMost(WAIT).until(() -> {
      fleet.get(1).success("payment_api");
      return redis.command("GET " + failuresKey()) == null;
    });
    for (int i = 0; i < 5; i++) {
      fleet.get(2).failure("payment_api", "timeout");
    }
    await().atMost(WAIT).until(() -> "5".equals(redis.command("GET " + failuresKey())));
    assertThat(fleet.all("payment_api", CircuitState.CLOSED)).isTrue();
  }

  @Test
  void aHealthyFleetWritesNothingToRedis() {
    long evals = redis.calls("eval");
    long publishes = redis.calls("publish");
    for (int i = 0; i < 3_000; i++) {
      Brama b = fleet.get(i % 3);
      b.success("payment_api");
      b.call("payment_api", () -> "ok");
    }
    assertThat(redis.calls("eval")).isEqualTo(evals);
    assertThat(redis.calls("publish")).isEqualTo(publishes);
  }

  @Test
  void aManualOpenAndResetOnOneInstanceApplyToAll() {
    fleet.get(1).open("payment_api", "maintenance");
    await().atMost(WAIT).until(() -> fleet.all("payment_api", CircuitState.OPEN));
    fleet.get(2).reset("payment_api", "done");
    await().atMost(WAIT).until(() -> fleet.all("payment_api", CircuitState.CLOSED));
    assertThat(redis.command("HGET " + fleet.namespace + ":{payment_api}:state state"))
        .isEqualTo("closed");
  }

  @Test
  void everyKeyExpires() {
    fleet.get(0).failure("payment_api", "x");
    fleet.get(0).open("payment_api");
    await().atMost(WAIT).until(() -> "open".equals(
        redis.command("HGET " + fleet.namespace + ":{payment_api}:state state")));
    long ttl = Long.parseLong(redis.command("PTTL " + fleet.namespace + ":{payment_api}:state")
        .substring(1));
    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(24).toMillis());
    fleet.get(0).reset("payment_api");
    fleet.get(0).failure("payment_api", "x");
    await().atMost(WAIT).until(() -> redis.command("GET " + failuresKey()) != null);
    long countTtl = Long.parseLong(redis.command("PTTL " + failuresKey()).substring(1));
    assertThat(countTtl).isPositive();
  }
}
