package io.brama.redis;

import io.brama.CircuitState;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A read-only look at the fleet a {@link RedisSharing} is part of ({@link RedisSharing#fleet()}):
 * which instances are attached to the namespace, each shared connection's fleet state and probe
 * holder, and which instances disagree with it. Each instance announces itself every 2 s with a key
 * that expires after 10 s, and leaves on close. Reading never changes anything and never waits:
 * {@link #snapshot()} answers asynchronously.
 *
 * <pre>{@code
 * FleetSnapshot fleet = sharing.fleet().snapshot().toCompletableFuture().get(1, SECONDS);
 * for (FleetConnection c : fleet.connections()) {
 *   System.out.println(c.id() + " " + c.state() + " probe: " + c.probeHolder());
 * }
 * }</pre>
 */
public final class FleetView {
  /** A change this recent may not be in an instance's announcement yet: no disagreement then. */
  private static final long SETTLE_MILLIS = 1000;

  private final RedisSharingConfig config;
  private final Keys keys;
  private final RedisLink link;

  FleetView(RedisSharingConfig config, RedisLink link) {
    this.config = config;
    this.keys = new Keys(config);
    this.link = link;
  }

  /**
   * The namespace this view reads.
   *
   * @return the namespace
   */
  public String namespace() {
    return config.namespace();
  }

  /**
   * The id of the instance this view belongs to.
   *
   * @return this instance's id
   */
  public String instanceId() {
    return config.instanceId();
  }

  /**
   * Reads the fleet now: a few commands, each bounded by the command timeout.
   *
   * @return the fleet, or a failed stage when Redis does not answer (an {@link
   *     IllegalStateException} while it is known to be unreachable)
   */
  public CompletionStage<FleetSnapshot> snapshot() {
    CompletionStage<List<Object>> list = link.evalOn(RosterScripts.LIST, ScriptOutputType.MULTI,
        new String[] {keys.roster()}, String.valueOf(Roster.TTL.toMillis()));
    return list.thenCompose(reply -> {
      long now = SharedStateCodec.number(reply.get(0));
      List<CompletableFuture<FleetInstance>> instances = new ArrayList<>();
      for (Object id : reply.subList(1, reply.size())) {
        CompletionStage<List<Object>> hash = link.evalOn(RosterScripts.INSTANCE,
            ScriptOutputType.MULTI, new String[] {keys.instance(id.toString())});
        instances.add(hash.thenApply(h -> SharedStateCodec.instance(id.toString(), h))
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new))
          .thenCompose(x -> connections(now, instances.stream().map(CompletableFuture::join)
              .filter(i -> i != null).toList()));
    });
  }

  private CompletionStage<FleetSnapshot> connections(long now, List<FleetInstance> instances) {
    TreeSet<String> ids = new TreeSet<>();
    instances.forEach(i -> ids.addAll(i.states().keySet()));
    Map<String, CompletableFuture<SharedState>> states = new TreeMap<>();
    for (String id : ids) {
      states.put(id, link.eval(Scripts.READ, id).toCompletableFuture());
    }
    return CompletableFuture.allOf(states.values().toArray(CompletableFuture[]::new))
        .thenApply(x -> {
          List<FleetConnection> connections = new ArrayList<>();
          states.forEach((id, s) -> connections.add(connection(id, s.join(), instances)));
          List<FleetInstance> sorted = new ArrayList<>(instances);
          sorted.sort((a, b) -> a.id().compareTo(b.id()));
          return new FleetSnapshot(config.namespace(), Instant.ofEpochMilli(now), sorted,
              connections);
        });
  }

  private static FleetConnection connection(String id, SharedState s, List<FleetInstance> all) {
    CircuitState state = !s.open() ? CircuitState.CLOSED
        : s.redisNow() < s.until() ? CircuitState.OPEN : CircuitState.HALF_OPEN;
    List<String> disagreeing = new ArrayList<>();
    for (FleetInstance i : all) {
      CircuitState local = i.states().get(id);
      if (local != null && (local != CircuitState.CLOSED) != s.open()
          && i.lastSeen().toEpochMilli() - s.version() >= SETTLE_MILLIS) {
        disagreeing.add(i.id());
      }
    }
    boolean open = s.open();
    return new FleetConnection(id, state, open ? s.holder() : null,
        open ? Instant.ofEpochMilli(s.until()) : null,
        open ? Instant.ofEpochMilli(s.lease()) : null,
        s.by().isEmpty() ? null : s.by(), s.version(), disagreeing);
  }
}
