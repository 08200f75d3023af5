package io.brama.redis;

import io.brama.ConsecutiveStatus;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.spi.LocalTransition;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * This instance's part in the fleet: turns local outcomes and transitions into scripts, and shared
 * states (script replies and channel messages) into local decisions. Everything it knows lives on
 * one thread ({@link #serial}): callers, the timer and Lettuce's threads only enqueue, so replies
 * and messages are handled one at a time, in the order they arrived, and nothing ever waits.
 */
final class Fleet implements Sharing {
  private static final System.Logger LOG = System.getLogger(RedisSharing.class.getName());
  private static final Duration RESYNC = Duration.ofSeconds(5);
  /** A local open period whose end differs from the shared one by less is in step (latency). */
  private static final long SETTLE_TOLERANCE_MILLIS = 50;

  private final RedisSharingConfig config;
  /** The one thread that reads and writes {@link #known}. */
  private final Serial serial = new Serial("brama-redis-fleet");
  private final Map<String, Known> known = new HashMap<>();
  private final TransitionCounts transitions = new TransitionCounts();
  private SharedCircuits circuits;
  private FleetCommands redis;
  private final RedisClock clock = new RedisClock();

  Fleet(RedisSharingConfig config) {
    this.config = config;
  }

  void bind(SharedCircuits circuits, RedisLink link) {
    FleetCommands commands = new FleetCommands(config, link);
    serial.run(() -> {
      this.circuits = circuits;
      this.redis = commands;
    });
    serial.every(RESYNC, this::resync);
  }

  void close() {
    serial.close();
  }

  // ---- what this instance does (any thread: enqueue only) ----

  @Override
  public void registered(String id) {
    serial.run(() -> {
      known.putIfAbsent(id, new Known());
      if (up()) {
        read(id);
      }
    });
  }

  @Override
  public void unregistered(String id) {
    serial.run(() -> {
      known.remove(id);
      transitions.forget(id);
    });
  }

  @Override
  public void failureRecorded(String id) {
    if (config.quorum() == 0) {
      serial.run(() -> countFailure(id));
    }
  }

  @Override
  public void succeeded(String id) {
    serial.run(() -> resetCount(id));
  }

  @Override
  public void transitioned(LocalTransition t) {
    transitions.count(t.id());
    serial.run(() -> share(t));
  }

  void onMessage(String message) {
    serial.run(() -> handle(message));
  }

  void onUp() {
    serial.run(this::reconcile);
  }

  /**
   * The channel's subscription was confirmed (again, after a reconnection): a message published
   * while it was not is lost, so every connection is read once Redis answers.
   */
  void onSubscribed() {
    serial.run(() -> {
      if (up()) {
        known.keySet().forEach(this::read);
      }
    });
  }

  void onDown(Throwable cause) {
    serial.run(() -> known.keySet().forEach(id -> circuits.report(id,
        "shared state unreachable, breaking locally: " + cause)));
  }

  // ---- on the serial thread ----

  /** The fleet counts failures in a row only for connections under the consecutive policy. */
  private void countFailure(String id) {
    Known k = known.get(id);
    ConnectionStatus status = k == null || !up() ? null : circuits.status(id);
    if (status == null || !(status.policy() instanceof ConsecutiveStatus policy)) {
      return;
    }
    int maxAttempts = policy.maxAttempts();
    serial.then(redis.failure(id), s -> {
      adopt(id, s, false);
      if (s.result() >= 1) {
        dirty(id, k, true);
        if (s.result() >= maxAttempts) {
          circuits.open(id, "shared: " + s.result() + " consecutive failures across instances");
        }
      }
    });
  }

  private void resetCount(String id) {
    Known k = known.get(id);
    if (k == null || !k.dirty || k.successInFlight || !up()) {
      return;
    }
    k.successInFlight = true;
    long seen = k.dirtyMessages;
    serial.then(redis.success(id), s -> {
      k.successInFlight = false;
      adopt(id, s, false);
      if (k.dirtyMessages == seen) {
        dirty(id, k, false); // reset by this success (or another's): zero until the next "dirty"
      }
    });
  }

  private void share(LocalTransition t) {
    Known k = known.get(t.id());
    if (k == null) {
      return;
    }
    if (t.to() == CircuitState.HALF_OPEN) {
      if (t.from() == CircuitState.OPEN && k.sharedOpen && !mine(k) && up()) {
        claim(t.id(), k);
      }
      return;
    }
    if (!up()) {
      k.keepForLater(t, circuits.now(), k.version);
      return;
    }
    if (config.quorum() > 0 && t.to() == CircuitState.OPEN && !t.manual() && !k.sharedOpen) {
      serial.then(redis.quorumOpen(t.id(), t.openFor()), s -> adopt(t.id(), s, true));
      return;
    }
    k.changedWhileDown = false; // newer than what was decided while Redis was unreachable
    k.manualWhileDown = false;
    push(t, k);
  }

  /**
   * Shares a local open or close: a manual one unconditionally, else on the version seen here (so
   * that a newer shared state wins and is applied instead). One at a time per connection: the next
   * waits for the answer, so that this instance's own pushes never refuse each other.
   */
  private void push(LocalTransition t, Known k) {
    push(t, k, t.manual() ? -1 : k.version);
  }

  /** As {@link #push(LocalTransition, Known)}, on version {@code base} (-1: unconditionally). */
  private void push(LocalTransition t, Known k, long base) {
    if (k.pushing) {
      k.nextPush = t;
      return;
    }
    k.pushing = true;
    String id = t.id();
    long changes = transitions.of(id);
    Instant decided = circuits.now();
    CompletionStage<SharedState> reply = t.to() == CircuitState.OPEN
        ? redis.open(id, base, t.openFor()) : redis.close(id, base);
    reply.whenComplete((s, e) -> serial.run(() -> {
      k.pushing = false;
      if (s != null) {
        adopt(id, s, true);
        settleLater(id, changes);
      } else {
        k.keepForLater(t, decided, base); // not delivered: shared again once Redis answers
      }
      LocalTransition next = k.nextPush;
      k.nextPush = null;
      if (next != null && up()) {
        push(next, k);
      } else if (next != null) {
        k.keepForLater(next, circuits.now(), k.version);
      }
    }));
  }

  /** A held instance whose hold ended: takes the probe if the holder's lease is over. */
  private void claim(String id, Known k) {
    serial.then(redis.claim(id), s -> {
          if (s.result() == 1) {
            adopt(id, s, true);
          } else if (s.open() && !config.instanceId().equals(s.holder())) {
            if (s.version() >= k.version) {
              k.remember(s);
            }
            circuits.openUntil(id, clock.local(s.lease()), "shared: " + s.holder() + " probes");
          } else {
            adopt(id, s, false);
          }
        });
  }

  private void read(String id) {
    long changes = transitions.of(id);
    serial.then(redis.read(id), s -> {
      adopt(id, s, false);
      Known k = known.get(id);
      if (k != null && !s.open() && s.result() > 0) {
        dirty(id, k, true);
      }
      settleLater(id, changes);
    });
  }

  /** A channel message; a malformed one (another publisher on the channel) is logged and dropped. */
  private void handle(String text) {
    Message m;
    try {
      m = Message.parse(text);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ignoring a malformed message on " + config.namespace()
          + ":events: '" + text + "' (" + e + ")");
      return;
    }
    Known k = known.get(m.id());
    if (k == null) {
      return;
    }
    if (m.state() == null) {
      if (m.kind().equals("dirty")) {
        k.dirtyMessages++;
      }
      dirty(m.id(), k, m.kind().equals("dirty"));
    } else if (!(k.pushing && config.instanceId().equals(m.state().by()))) {
      // (while a push is on its way, this instance's own message is that push's: its reply
      // follows and settles the local state, which may have moved on meanwhile)
      apply(m.id(), m.state());
    }
  }

  /**
   * A script reply: learns the clock offset, then applies the state if it is newer, unless it is
   * this instance's own change ({@code change}, accepted), which is in force here already.
   */
  private void adopt(String id, SharedState s, boolean change) {
    clock.learn(s.redisNow(), circuits.now());
    Known k = known.get(id);
    if (k != null && change && s.result() == 1 && s.version() > k.version) {
      k.remember(s);
      if (s.open()) {
        dirty(id, k, false);
      }
      return;
    }
    apply(id, s);
  }

  private void apply(String id, SharedState s) {
    Known k = known.get(id);
    if (k == null || s.version() <= k.version) {
      return;
    }
    k.remember(s);
    if (s.open()) {
      dirty(id, k, false);
    }
    enforce(id, k);
  }

  /** Puts the local circuit in the newest shared state seen. */
  private void enforce(String id, Known k) {
    if (k.sharedOpen) {
      boolean mine = mine(k);
      circuits.openUntil(id, clock.local(mine ? k.until : k.lease),
          mine ? "shared: opened by " + k.by : "shared: opened by " + k.by + ", "
              + k.holder + " probes");
      ConnectionStatus now = circuits.status(id);
      k.appliedOpenedAt = now == null ? null : now.openedAt();
    } else {
      circuits.close(id, "shared: closed by " + k.by);
    }
  }

  /**
   * After a reply, once the local transitions queued meanwhile were handled: puts the local circuit
   * in the newest shared state seen if it is not (CLOSED or OPEN, and when OPEN until the instant
   * this instance's role gives: the open-until for the holder, else the lease's end). An older
   * message may have changed it while this
   * instance's own push was on its way, and that push's acceptance changes nothing here. Nothing
   * when a local transition came after {@code changes} (its own push settles it), a push is on its
   * way, or no shared state is known. A local open is closed only if this instance applied it: one
   * decided here (its report may still be on its way to this thread, or a quorum kept it local)
   * has another {@code openedAt}.
   */
  private void settleLater(String id, long changes) {
    serial.run(() -> {
      Known k = known.get(id);
      ConnectionStatus local = circuits.status(id); // before the count: core counts after a swap
      if (k == null || local == null || k.version == 0 || transitions.of(id) != changes
          || k.pushing || k.changedWhileDown) {
        return;
      }
      boolean open = local.state() != CircuitState.CLOSED;
      if (k.sharedOpen ? !open || heldUntilOtherThan(local, k)
          : open && Objects.equals(local.openedAt(), k.appliedOpenedAt)) {
        enforce(id, k);
      }
    });
  }

  /** OPEN until another instant than the shared state's for this instance (beyond clock noise). */
  private boolean heldUntilOtherThan(ConnectionStatus local, Known k) {
    return local.state() == CircuitState.OPEN && Math.abs(local.halfOpensAt().toEpochMilli()
        - clock.local(mine(k) ? k.until : k.lease).toEpochMilli()) > SETTLE_TOLERANCE_MILLIS;
  }

  private boolean mine(Known k) {
    return config.instanceId().equals(k.holder);
  }

  private void dirty(String id, Known k, boolean on) {
    if (k.dirty != on) {
      k.dirty = on;
      circuits.watchSuccesses(id, on);
    }
  }

  // ---- Redis lost and found ----

  /**
   * Redis answers (again). A connection whose state changed here meanwhile shares the latest change
   * as it was decided (a manual one unconditionally, else on the version seen then, so a newer
   * shared state wins), not the local state now: a message may have changed that since. The others
   * read the shared state and apply it if it is newer.
   */
  private void reconcile() {
    for (var e : known.entrySet()) {
      String id = e.getKey();
      Known k = e.getValue();
      circuits.report(id, "shared state reachable");
      if (k.changedWhileDown) {
        boolean manual = k.manualWhileDown;
        k.changedWhileDown = false;
        k.manualWhileDown = false;
        Duration left = k.downState == CircuitState.OPEN
            ? Duration.between(circuits.now(), k.downUntil) : null;
        if (left == null || !left.isNegative()) {
          push(new LocalTransition(id, k.downState, k.downState, left,
              "decided while Redis was unreachable", manual), k, manual ? -1 : k.downBase);
          continue;
        }
      }
      read(id);
    }
  }

  /** Every few seconds: reads the connections that are not quietly closed (missed messages). */
  private void resync() {
    if (!up()) {
      return;
    }
    for (var e : known.entrySet()) {
      ConnectionStatus local = circuits.status(e.getKey());
      if (e.getValue().sharedOpen || e.getValue().dirty
          || (local != null && local.state() != CircuitState.CLOSED)) {
        read(e.getKey());
      }
    }
  }

  private boolean up() {
    return redis != null && redis.isUp();
  }
}
