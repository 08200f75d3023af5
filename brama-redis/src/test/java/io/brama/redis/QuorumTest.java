package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quorum mode: one bad instance cannot open the fleet; the second one to open does. */
class QuorumTest extends WithRedis {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String namespace = "q" + UUID.randomUUID().toString().substring(0, 8);
  private final Brama[] instances = new Brama[3];
  private final RedisSharing[] sharing = new RedisSharing[3];

  private void start(Duration expiry) {
    for (int i = 0; i < 3; i++) {
      instances[i] = Brama.builder().config(BramaConfig.builder().maxAttempts(3)
          .expiry(expiry).build()).build();
      instances[i].register("payment_api");
      sharing[i] = RedisSharing.attach(instances[i], RedisSharingConfig.builder(redis.uri())
          .namespace(namespace).instanceId("q" + i).quorum(2).build());
    }
    for (RedisSharing s : sharing) {
      await().atMost(WAIT).until(s::isConnected);
    }
  }

  @AfterEach
  void tearDown() {
    for (int i = 0; i < 3; i++) {
      if (sharing[i] != null) {
        sharing[i].close();
      }
      if (instances[i] != null) {
        instances[i].close();
      }
    }
  }

  @Test
  void aLoneInstancesFailedTrialsDoNotOpenTheFleet() {
    start(Duration.ofMillis(200));
    for (int i = 0; i < 3; i++) {
      instances[0].failure("payment_api", "only instance 0 sees this");
    }
    for (int trial = 0; trial < 2; trial++) {
      await().atMost(WAIT).until(() -> instances[0].available("payment_api")); // its trial
      instances[0].failure("payment_api", "the trial failed"); // HALF_OPEN -> OPEN again
    }
    await().atMost(WAIT).until(() -> ":1".equals(redis.command("ZCARD " + namespace
        + ":{payment_api}:opened")));
    assertThat(redis.command("HGET " + namespace + ":{payment_api}:state state")).isNull();
    assertThat(instances[1].status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(instances[2].status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theFleetOpensOnlyWhenTwoInstancesOpenedOnTheirOwn() {
    start(Duration.ofSeconds(30));
    String opened = namespace + ":{payment_api}:opened";
    for (int i = 0; i < 3; i++) {
      instances[0].failure("payment_api", "only instance 0 sees this");
    }
    await().atMost(WAIT).until(() -> ":1".equals(redis.command("ZCARD " + opened)));
    assertThat(instances[0].status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    assertThat(instances[1].status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(instances[2].status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(redis.command("GET " + namespace + ":{payment_api}:failures"))
        .as("no fleet-wide count in quorum mode").isNull();

    for (int i = 0; i < 3; i++) {
      instances[1].failure("payment_api", "instance 1 too");
    }

    await().atMost(WAIT).until(() -> instances[2].status("payment_api").state()
        == CircuitState.OPEN);
    assertThat(redis.command("HGET " + namespace + ":{payment_api}:state holder"))
        .isEqualTo("q1");
  }
}
