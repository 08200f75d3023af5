package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real three-node Redis Cluster (redis-cli --cluster create): sharing works through any node. */
class ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<RedisServer> nodes = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    for (int i = 0; i < 3; i++) {
      nodes.add(RedisServer.start("--cluster-enabled", "yes", "--cluster-node-timeout", "2000"));
    }
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process create = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(create.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(create.exitValue()).isZero();
    await().atMost(WAIT).until(() -> nodes.stream().allMatch(n ->
        String.valueOf(n.command("CLUSTER INFO")).contains("cluster_state:ok")));
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(RedisServer::close);
  }

  @Test
  void twoInstancesAttachedThroughDifferentNodesShareOpeningAndReset() {
    List<Brama> instances = new ArrayList<>();
    List<RedisSharing> sharing = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Brama b = Brama.builder().config(BramaConfig.builder().maxAttempts(4)
            .expiry(Duration.ofSeconds(30)).build()).build();
        b.register("payment_api");
        b.register("ledger");
        instances.add(b);
        sharing.add(RedisSharing.attach(b, RedisSharingConfig.builder(
            "redis://127.0.0.1:" + nodes.get(i).port()).cluster(true).namespace("cluster")
            .instanceId("node-client-" + i).build()));
      }
      await().atMost(WAIT).until(() -> sharing.stream().allMatch(RedisSharing::isConnected));

      for (String id : List.of("payment_api", "ledger")) { // two ids, most likely two slots
        instances.get(0).failure(id, "down");
        instances.get(1).failure(id, "down");
        instances.get(0).failure(id, "down");
        instances.get(1).failure(id, "down");
        await().atMost(WAIT).until(() -> instances.stream()
            .allMatch(b -> b.status(id).state() == CircuitState.OPEN));
        instances.get(1).reset(id, "recovered");
        await().atMost(WAIT).until(() -> instances.stream()
            .allMatch(b -> b.status(id).state() == CircuitState.CLOSED));
      }
    } finally {
      sharing.forEach(RedisSharing::close);
      instances.forEach(Brama::close);
    }
  }
}
