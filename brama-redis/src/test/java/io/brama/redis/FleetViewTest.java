package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FleetView} on a real Redis: two instances announce themselves, the fleet state and probe
 * holder of each shared connection are read back, an instance that breaks alone (quorum not reached)
 * disagrees, and an instance that closes leaves the roster at once.
 */
class FleetViewTest extends WithRedis {
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  private final String namespace = "v" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Brama> bramas = new ArrayList<>();
  private final List<RedisSharing> sharings = new ArrayList<>();

  @AfterEach
  void close() {
    sharings.forEach(RedisSharing::close);
    bramas.forEach(Brama::close);
  }

  private RedisSharing attach(String instance, int quorum) {
    Brama brama = Brama.builder().config(BramaConfig.builder().maxAttempts(2)
        .expiry(Duration.ofMinutes(5)).build()).build();
    brama.register("payment_api");
    brama.register("orders_db");
    bramas.add(brama);
    RedisSharing sharing = RedisSharing.attach(brama, RedisSharingConfig.builder(redis.uri())
        .namespace(namespace).instanceId(instance).quorum(quorum)
        .commandTimeout(Duration.ofSeconds(1)).recoveryInterval(Duration.ofMillis(100)).build());
    sharings.add(sharing);
    return sharing;
  }

  private static FleetSnapshot read(RedisSharing sharing) throws Exception {
    return sharing.fleet().snapshot().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static FleetConnection connection(FleetSnapshot s, String id) {
    return s.connections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void twoInstancesTheirConnectionsAndTheProbeHolder() throws Exception {
    RedisSharing a = attach("instance-a", 0);
    RedisSharing b = attach("instance-b", 0);
    assertThat(a.fleet().namespace()).isEqualTo(namespace);
    assertThat(b.fleet().instanceId()).isEqualTo("instance-b");

    await().atMost(DEADLINE).ignoreExceptions().until(() -> read(a).instances().size() == 2);
    FleetSnapshot fleet = read(b);
    assertThat(fleet.namespace()).isEqualTo(namespace);
    assertThat(fleet.instances()).extracting(FleetInstance::id)
        .containsExactly("instance-a", "instance-b");
    assertThat(fleet.instances().get(0).states())
        .containsEntry("payment_api", CircuitState.CLOSED)
        .containsEntry("orders_db", CircuitState.CLOSED);
    assertThat(fleet.instances().get(0).lastSeen()).isAfterOrEqualTo(
        fleet.instances().get(0).since());
    assertThat(fleet.connections()).extracting(FleetConnection::id)
        .containsExactly("orders_db", "payment_api");
    assertThat(connection(fleet, "payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(connection(fleet, "payment_api").probeHolder()).isNull();

    bramas.get(1).open("payment_api", "maintenance");
    await().atMost(DEADLINE).ignoreExceptions().until(() -> connection(read(a), "payment_api").state()
        == CircuitState.OPEN);
    FleetConnection open = connection(read(a), "payment_api");
    assertThat(open.probeHolder()).isEqualTo("instance-b");
    assertThat(open.changedBy()).isEqualTo("instance-b");
    assertThat(open.openUntil()).isAfter(fleet.readAt());
    assertThat(open.leaseUntil()).isAfter(open.openUntil());
    // both instances apply it, announce it, and so agree with the fleet
    await().atMost(DEADLINE).ignoreExceptions().until(() -> read(a).instances().stream().allMatch(
        i -> i.states().get("payment_api") == CircuitState.OPEN));
    assertThat(connection(read(a), "payment_api").disagreeing()).isEmpty();
    assertThat(connection(read(a), "orders_db").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anInstanceThatBreaksAloneDisagreesWithTheFleet() throws Exception {
    RedisSharing a = attach("instance-a", 2);
    attach("instance-b", 2);
    await().atMost(DEADLINE).ignoreExceptions().until(() -> read(a).instances().size() == 2);

    bramas.get(0).failure("orders_db", "timeout"); // two local failures, one vote of the two needed
    bramas.get(0).failure("orders_db", "timeout");
    assertThat(bramas.get(0).status("orders_db").state()).isEqualTo(CircuitState.OPEN);

    await().atMost(DEADLINE).ignoreExceptions().until(() -> connection(read(a), "orders_db").disagreeing()
        .equals(List.of("instance-a")));
    FleetConnection c = connection(read(a), "orders_db");
    assertThat(c.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(connection(read(a), "payment_api").disagreeing()).isEmpty();
  }

  @Test
  void aClosedInstanceLeavesTheRosterAtOnce() throws Exception {
    RedisSharing a = attach("instance-a", 0);
    RedisSharing b = attach("instance-b", 0);
    await().atMost(DEADLINE).ignoreExceptions().until(() -> read(a).instances().size() == 2);

    b.close();

    assertThat(read(a).instances()).extracting(FleetInstance::id).containsExactly("instance-a");
    // a closed instance's view has no connection to read through: it says so at once
    assertThatThrownBy(() -> read(b)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }
}
