package io.brama.redis;

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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * This instance's part in the fleet: turns local outcomes and transitions into scripts, and shared
 * states (script replies and channel messages) into local decisions. Everything it knows lives on
 * one thread ({@link #serial}): callers, the timer and Lettuce's threads only enqueue, so replies
 * and messages are handled one at a time, in the order they arrived, and nothing ever waits.
 */
final class Fleet implements Sharing {
  private static final System.Logger LOG = System.getLogger(RedisSharing.class.getName());
  private static final Duration RESYNC = Duration.ofSeconds(5);

  private final RedisSharingConfig config;
  /** The one thread that reads and writes {@link #known}. */
  private final ScheduledThreadPoolExecutor serial;
  private final Map<String, Known> known = new HashMap<>();
  private SharedCircuits circuits;
  private RedisLink link;
  /** Redis time minus this Brama's clock, in ms, from the latest script reply. */
  private long offsetMillis;

  /** What this instance knows of one connection's shared state (on {@link #serial} only). */
  private static final class Known {
    /** The version of the newest shared state seen; versions only grow (they follow Redis TIME). */
    long version;
    boolean sharedOpen;
    String holder = "";
    /** The shared failure count is known not to be zero: successes are watched. */
    boolean dirty;
    /** Counts "dirty" messages, so that a success reply older than one does not undo it. */
    long dirtyMessages;
    boolean successInFlight;
    /** An open or close is on its way to Redis; the next one waits for its answer. */
    boolean pushing;
    LocalTransition nextPush;
    /** Something changed here while Redis was unreachable (and whether a manual operation did). */
    boolean changedWhileDown;
    boolean manualWhileDown;
  }

  Fleet(RedisSharingConfig config) {
    this.config = config;
    this.serial = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "brama-redis-fleet");
      t.setDaemon(true);
      return t;
    });
  }

  void bind(SharedCircuits circuits, RedisLink link) {
    run(() -> {
      this.circuits = circuits;
      this.link = link;
    });
    serial.scheduleWithFixedDelay(() -> guarded(this::resync), RESYNC.toMillis(),
        RESYNC.toMillis(), TimeUnit.MILLISECONDS);
  }

  void close() {
    serial.shutdownNow();
  }

  private void run(Runnable task) {
    if (!serial.isShutdown()) {
      serial.execute(() -> guarded(task));
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "sharing circuits through Redis failed on one step; it goes on", e);
    }
  }

  /** Runs {@code reply}'s handling on the serial thread; a failed command was logged already. */
  private void then(CompletionStage<SharedState> reply, java.util.function.Consumer<SharedState> h) {
    reply.whenComplete((s, e) -> {
      if (e == null) {
        run(() -> h.accept(s));
      }
    });
  }

  // ---- what this instance does (any thread: enqueue only) ----

  @Override
  public void registered(String id) {
    run(() -> {
      known.putIfAbsent(id, new Known());
      if (up()) {
        read(id);
      }
    });
  }

  @Override
  public void unregistered(String id) {
    run(() -> known.remove(id));
  }

  @Override
  public void failed(String id, int maxAttempts) {
    if (maxAttempts > 0 && config.quorum() == 0) {
      run(() -> countFailure(id, maxAttempts));
    }
  }

  @Override
  public void succeeded(String id) {
    run(() -> resetCount(id));
  }

  @Override
  public void transitioned(LocalTransition t) {
    run(() -> share(t));
  }

  void onMessage(String message) {
    run(() -> handle(message));
  }

  void onUp() {
    run(this::reconcile);
  }

  void onDown(Throwable cause) {
    run(() -> known.keySet().forEach(id -> circuits.report(id,
        "shared state unreachable, breaking locally: " + cause)));
  }

  // ---- on the serial thread ----

  private void countFailure(String id, int maxAttempts) {
    Known k = known.get(id);
    if (k == null || !up()) {
      return;
    }
    then(link.eval(Scripts.FAILURE, id, ttlMillis(Duration.ZERO)), s -> {
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
    then(link.eval(Scripts.SUCCESS, id), s -> {
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
      k.changedWhileDown = true;
      k.manualWhileDown |= t.manual();
      return;
    }
    if (config.quorum() > 0 && t.to() == CircuitState.OPEN && !t.manual() && !k.sharedOpen) {
      long openFor = Math.max(1, t.openFor().toMillis());
      then(link.eval(Scripts.QUORUM_OPEN, t.id(), config.instanceId(), config.quorum(),
          config.quorumWindow().toMillis(), openFor, config.leaseTimeout().toMillis(),
          ttlMillis(Duration.ofMillis(openFor))), s -> adopt(t.id(), s, true));
      return;
    }
    push(t, k);
  }

  /**
   * Shares a local open or close: a manual one unconditionally, else on the version seen here (so
   * that a newer shared state wins and is applied instead). One at a time per connection: the next
   * waits for the answer, so that this instance's own pushes never refuse each other.
   */
  private void push(LocalTransition t, Known k) {
    if (k.pushing) {
      k.nextPush = t;
      return;
    }
    k.pushing = true;
    String id = t.id();
    long base = t.manual() ? -1 : k.version;
    CompletionStage<SharedState> reply;
    if (t.to() == CircuitState.OPEN) {
      long openFor = Math.max(1, t.openFor().toMillis());
      reply = link.eval(Scripts.OPEN, id, base, openFor, config.instanceId(),
          config.leaseTimeout().toMillis(), ttlMillis(Duration.ofMillis(openFor)));
    } else {
      reply = link.eval(Scripts.CLOSE, id, base, config.instanceId(), ttlMillis(Duration.ZERO));
    }
    reply.whenComplete((s, e) -> run(() -> {
      k.pushing = false;
      if (s != null) {
        adopt(id, s, true);
      } else {
        k.changedWhileDown = true; // not delivered: shared again once Redis answers
        k.manualWhileDown |= t.manual();
      }
      LocalTransition next = k.nextPush;
      k.nextPush = null;
      if (next != null && up()) {
        push(next, k);
      }
    }));
  }

  /** A held instance whose hold ended: takes the probe if the holder's lease is over. */
  private void claim(String id, Known k) {
    then(link.eval(Scripts.CLAIM, id, config.instanceId(), config.leaseTimeout().toMillis(),
        ttlMillis(Duration.ZERO)), s -> {
          if (s.result() == 1) {
            adopt(id, s, true);
          } else if (s.open() && !config.instanceId().equals(s.holder())) {
            k.version = Math.max(k.version, s.version());
            k.sharedOpen = true;
            k.holder = s.holder();
            circuits.openUntil(id, local(s.lease()), "shared: " + s.holder() + " probes");
          } else {
            adopt(id, s, false);
          }
        });
  }

  private void read(String id) {
    then(link.eval(Scripts.READ, id), s -> {
      adopt(id, s, false);
      Known k = known.get(id);
      if (k != null && !s.open() && s.result() > 0) {
        dirty(id, k, true);
      }
    });
  }

  /**
   * A channel message: {@code dirty id}, {@code clean id}, {@code open v until lease holder id},
   * {@code close v by id}. A malformed one (another publisher on the channel) is logged and dropped.
   */
  private void handle(String message) {
    try {
      String[] p = message.split(" ", 2);
      switch (p[0]) {
        case "dirty", "clean" -> {
          Known k = known.get(p[1]);
          if (k != null) {
            if (p[0].equals("dirty")) {
              k.dirtyMessages++;
            }
            dirty(p[1], k, p[0].equals("dirty"));
          }
        }
        case "open" -> {
          String[] f = message.split(" ", 6);
          apply(f[5], new SharedState(Long.parseLong(f[1]), true, Long.parseLong(f[2]), f[4],
              Long.parseLong(f[3]), f[4], 0, 0));
        }
        case "close" -> {
          String[] f = message.split(" ", 4);
          apply(f[3], new SharedState(Long.parseLong(f[1]), false, 0, "", 0, f[2], 0, 0));
        }
        default -> throw new IllegalArgumentException("unknown kind");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ignoring a malformed message on " + config.namespace()
          + ":events: '" + message + "' (" + e + ")");
    }
  }

  /**
   * A script reply: learns the clock offset, then applies the state if it is newer, unless it is
   * this instance's own change ({@code change}, accepted), which is in force here already.
   */
  private void adopt(String id, SharedState s, boolean change) {
    offsetMillis = s.redisNow() - circuits.now().toEpochMilli();
    Known k = known.get(id);
    if (k != null && change && s.result() == 1 && s.version() > k.version) {
      remember(k, s);
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
    remember(k, s);
    if (s.open()) {
      dirty(id, k, false);
      boolean mine = mine(k);
      circuits.openUntil(id, local(mine ? s.until() : s.lease()),
          mine ? "shared: opened by " + s.by() : "shared: opened by " + s.by() + ", "
              + s.holder() + " probes");
    } else {
      circuits.close(id, "shared: closed by " + s.by());
    }
  }

  private static void remember(Known k, SharedState s) {
    k.version = s.version();
    k.sharedOpen = s.open();
    k.holder = s.holder();
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
   * Redis answers (again). A connection whose state changed here meanwhile shares its current local
   * state (a manual change unconditionally, else on the version seen before, so a newer shared state
   * wins); the others read the shared state and apply it if it is newer.
   */
  private void reconcile() {
    for (var e : known.entrySet()) {
      String id = e.getKey();
      Known k = e.getValue();
      circuits.report(id, "shared state reachable");
      ConnectionStatus local = circuits.status(id);
      if (k.changedWhileDown && local != null && local.state() != CircuitState.HALF_OPEN) {
        boolean manual = k.manualWhileDown;
        k.changedWhileDown = false;
        k.manualWhileDown = false;
        Duration left = local.state() == CircuitState.OPEN
            ? Duration.between(circuits.now(), local.halfOpensAt()) : null;
        if (left == null || !left.isNegative()) {
          push(new LocalTransition(id, local.state(), local.state(), left,
              "decided while Redis was unreachable", manual), k);
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
    return link != null && link.isUp();
  }

  private Instant local(long redisMillis) {
    return Instant.ofEpochMilli(redisMillis - offsetMillis);
  }

  /** Keys outlive every open period they describe. */
  private long ttlMillis(Duration openFor) {
    return Math.max(config.keyTtl().toMillis(),
        openFor.plus(config.leaseTimeout()).plusMinutes(1).toMillis());
  }
}
