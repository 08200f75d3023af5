package io.brama.redis;

import static org.awaitility.Awaitility.await;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Whether a fleet is in step with Redis on some connections, read from Redis itself: every
 * attached instance's local state is the one Redis holds; when open, the lease holder turns HALF_OPEN at the
 * open-until instant and the others at the lease's end. Measures how long the fleet takes to get
 * there as {@link PropagationTest} does: until the last change the sharing applied reached a
 * listener.
 */
final class InStep {
  /** How long the fleet must stay in step to count: a message still in flight would break it. */
  static final Duration HOLD = Duration.ofMillis(20);
  /** Redis TIME and the Bramas' clock are the same wall clock here; this allows for scheduling. */
  private static final Duration SLACK = Duration.ofSeconds(1);

  private final RedisServer redis;
  private final Fleets fleet;
  private final List<String> ids;
  /** System.nanoTime() when a STATE_CHANGE made by the sharing last reached a listener. */
  private final AtomicLong lastApplied = new AtomicLong();

  InStep(RedisServer redis, Fleets fleet, String... ids) {
    this.redis = redis;
    this.fleet = fleet;
    this.ids = List.of(ids);
    fleet.instances.forEach(b -> b.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> {
      if (this.ids.contains(e.connection()) && String.valueOf(e.reason()).startsWith("shared:")) {
        lastApplied.set(System.nanoTime());
      }
    }));
  }

  /**
   * How the fleet got in step: {@code nanos} from the call until the last change applied on the
   * way (0 when none was needed), or -1 when it was not in step (for {@link #HOLD}) within the
   * deadline; {@code mismatch} what differed then, for the failure message.
   */
  record Result(long nanos, String mismatch) {}

  /** Waits at most {@code atMost} (plus {@link #HOLD}) for the fleet to be in step. */
  Result until(Duration atMost) throws IOException {
    long start = System.nanoTime();
    long[] since = {-1};
    try (RedisServer.Connection connection = redis.connect()) {
      await().atMost(atMost.plus(HOLD)).pollInSameThread().pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(2)).until(() -> {
            long now = System.nanoTime();
            if (mismatch(connection, true) != null) {
              since[0] = -1;
              return false;
            }
            if (since[0] < 0) {
              since[0] = now;
            }
            return now - since[0] >= HOLD.toNanos();
          });
      return new Result(Math.max(0, lastApplied.get() - start), null);
    } catch (ConditionTimeoutException e) {
      try (RedisServer.Connection connection = redis.connect()) {
        return new Result(-1, mismatch(connection, false));
      }
    }
  }

  /**
   * What differs between the fleet and Redis, or null when nothing does; when {@code quick},
   * instances that disagree are reported without asking Redis (polling stays cheap).
   */
  private String mismatch(RedisServer.Connection connection, boolean quick) throws IOException {
    for (String id : ids) {
      String m = mismatch(connection, quick, id);
      if (m != null) {
        return id + ": " + m;
      }
    }
    return null;
  }

  private String mismatch(RedisServer.Connection connection, boolean quick, String id)
      throws IOException {
    List<Integer> attached = IntStream.range(0, fleet.instances.size())
        .filter(i -> fleet.sharing.get(i).isConnected()).boxed().toList();
    long closed = attached.stream()
        .filter(i -> fleet.get(i).status(id).state() == CircuitState.CLOSED).count();
    if (quick && closed != 0 && closed != attached.size()) {
      return closed + " of " + attached.size() + " instances are CLOSED";
    }
    List<String> shared = connection.hmget(fleet.namespace + ":{" + id + "}:state", "state",
        "holder", "until", "lease", "v");
    boolean open = "open".equals(shared.get(0));
    for (int i : attached) {
      String name = "instance-" + i;
      ConnectionStatus local = fleet.get(i).status(id);
      String where = name + " is " + local.state() + " while Redis holds " + shared;
      if (open != (local.state() != CircuitState.CLOSED)) {
        return where;
      }
      if (open && local.state() == CircuitState.OPEN) {
        boolean holder = name.equals(shared.get(1));
        Instant expected = Instant.ofEpochMilli(Long.parseLong(shared.get(holder ? 2 : 3)));
        if (Duration.between(expected, local.halfOpensAt()).abs().compareTo(SLACK) > 0) {
          return where + ", and turns HALF_OPEN at " + local.halfOpensAt() + " instead of "
              + expected + (holder ? " (the open-until instant)" : " (the lease's end)");
        }
      }
    }
    return null;
  }

  /** "p50 x ms, p99 y ms, max z ms" of {@code nanos}. */
  static String percentiles(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", p(sorted, 0.5) / 1e6,
        p(sorted, 0.99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
  }

  /** The {@code q} quantile of {@code sorted}. */
  static long p(List<Long> sorted, double q) {
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * q) - 1));
  }
}
