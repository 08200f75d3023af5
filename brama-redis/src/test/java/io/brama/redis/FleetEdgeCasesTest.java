package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cases a review found: lost keys, own pushes in a row, dead holders, odd ids, resets. */
class FleetEdgeCasesTest extends WithRedis {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Fleets fleet(int n, Duration expiry, Duration lease, String id) {
    Fleets fleet = new Fleets(redis, n, BramaConfig.builder().maxAttempts(3).expiry(expiry)
        .build(), lease).register(id);
    await().atMost(WAIT).until(fleet::allConnected);
    return fleet;
  }

  @Test
  void aStateKeyThatExpiredDoesNotFreezeTheFleet() {
    try (Fleets fleet = fleet(2, Duration.ofSeconds(30), Duration.ofSeconds(5), "api")) {
      fleet.get(0).open("api", "first");
      await().atMost(WAIT).until(() -> fleet.all("api", CircuitState.OPEN));
      fleet.get(0).reset("api", "first over");
      await().atMost(WAIT).until(() -> fleet.all("api", CircuitState.CLOSED));
      redis.command("DEL " + fleet.namespace + ":{api}:state"); // as if its TTL ran out

      fleet.get(1).open("api", "second");

      await().atMost(WAIT).until(() -> fleet.all("api", CircuitState.OPEN));
    }
  }

  @Test
  void anInstancesOwnCloseAndOpenInARowBothReachTheFleet() {
    try (Fleets fleet = fleet(2, Duration.ofMillis(200), Duration.ofSeconds(5), "api")) {
      for (int i = 0; i < 3; i++) {
        fleet.get(0).failure("api", "down");
      }
      // instance 1 is held until the lease's end; instance 0 probes after 200 ms, so both are
      // OPEN together only briefly: a poll could miss that moment
      await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
          .until(() -> fleet.get(1).status("api").state() == CircuitState.OPEN);
      await().atMost(WAIT).until(() -> fleet.get(0).available("api")); // the holder's trial
      fleet.get(0).success("api"); // closes: shared on the version seen
      for (int i = 0; i < 3; i++) {
        fleet.get(0).failure("api", "down again"); // opens before that push was answered
      }
      assertThat(fleet.get(0).status("api").state()).isEqualTo(CircuitState.OPEN);

      await().atMost(WAIT).until(() -> "open".equals(
          redis.command("HGET " + fleet.namespace + ":{api}:state state")));
      await().atMost(WAIT).until(() -> fleet.get(1).status("api").state() == CircuitState.OPEN);
    }
  }

  @Test
  void whenTheProbingInstanceDiesAnotherTakesTheProbeAfterTheLease() {
    try (Fleets fleet = fleet(3, Duration.ofMillis(200), Duration.ofMillis(400), "api")) {
      for (int i = 0; i < 3; i++) {
        fleet.get(0).failure("api", "down");
      }
      await().atMost(WAIT).until(() -> fleet.all("api", CircuitState.OPEN));
      String state = fleet.namespace + ":{api}:state";
      assertThat(redis.command("HGET " + state + " holder")).isEqualTo("instance-0");
      fleet.sharing.get(0).close(); // the holder is gone: no verdict will come

      await().atMost(WAIT).until(() -> {
        fleet.get(1).available("api");
        fleet.get(2).available("api");
        return !"instance-0".equals(redis.command("HGET " + state + " holder"));
      });
      String holder = redis.command("HGET " + state + " holder");
      int other = holder.equals("instance-1") ? 2 : 1;
      Instant lease = Instant.ofEpochMilli(Long.parseLong(redis.command("HGET " + state
          + " lease")));
      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(fleet.get(other).status("api").state()).isEqualTo(CircuitState.OPEN);
        assertThat(Duration.between(lease, fleet.get(other).status("api").halfOpensAt()).abs())
            .isLessThan(Duration.ofMillis(50));
      });
    }
  }

  @Test
  void idsWithSpacesAndBracesTravel() {
    String id = "payment api {v2}";
    try (Fleets fleet = fleet(2, Duration.ofSeconds(30), Duration.ofSeconds(5), id)) {
      fleet.get(0).open(id, "x");
      await().atMost(WAIT).until(() -> fleet.all(id, CircuitState.OPEN));
      fleet.get(1).reset(id, "y");
      await().atMost(WAIT).until(() -> fleet.all(id, CircuitState.CLOSED));
    }
  }

  @Test
  void aManualResetOfAClosedInstanceClearsTheFleetsCount() {
    try (Fleets fleet = fleet(2, Duration.ofSeconds(30), Duration.ofSeconds(5), "api")) {
      fleet.get(0).failure("api", "x");
      fleet.get(0).failure("api", "x");
      String count = fleet.namespace + ":{api}:failures";
      await().atMost(WAIT).until(() -> "2".equals(redis.command("GET " + count)));
      fleet.get(1).reset("api", "known good");
      await().atMost(WAIT).until(() -> redis.command("GET " + count) == null);
    }
  }

  @Test
  void aForeignMessageOnTheChannelHarmsNothing() {
    try (Fleets fleet = fleet(2, Duration.ofSeconds(30), Duration.ofSeconds(5), "api")) {
      redis.command("PUBLISH " + fleet.namespace + ":events \"open notanumber x y api\"");
      redis.command("PUBLISH " + fleet.namespace + ":events hello");
      fleet.get(0).open("api", "still works");
      await().atMost(WAIT).until(() -> fleet.all("api", CircuitState.OPEN));
    }
  }
}
