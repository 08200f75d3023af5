package io.brama.redis;

import io.brama.CircuitState;
import io.brama.spi.LocalTransition;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This instance's part in the fleet: turns local outcomes and transitions into scripts, and shared
 * states (script replies and channel messages) into local decisions. Runs on callers' threads and
 * Lettuce's; never waits.
 */
final class Fleet implements Sharing {
  private final RedisSharingConfig config;
  private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();
  private volatile SharedCircuits circuits;
  private volatile RedisLink link;
  /** Redis time minus this Brama's clock, in ms, from the latest script reply. */
  private volatile long offsetMillis;

  /** What this instance knows of one connection's shared state. */
  static final class Known {
    volatile long version;
    /** Whether the latest shared state known here is open. */
    volatile boolean sharedOpen;
    volatile boolean dirty;
    /** Counts {@code dirty} messages, so a stale success reply cannot undo a newer one. */
    volatile long dirtyMessages;
    /** The latest local transition made while Redis was unreachable, and the version it saw. */
    volatile LocalTransition pending;
    volatile long pendingBase;
  }

  Fleet(RedisSharingConfig config) {
    this.config = config;
  }

  void bind(SharedCircuits circuits, RedisLink link) {
    this.circuits = circuits;
    this.link = link;
  }

  // ---- what this instance does ----

  @Override
  public void registered(String id) {
    known.putIfAbsent(id, new Known());
    if (up()) {
      read(id);
    }
  }

  @Override
  public void unregistered(String id) {
    known.remove(id);
  }

  @Override
  public void failed(String id, int maxAttempts) {
    Known k = known.get(id);
    if (k == null || maxAttempts <= 0 || config.quorum() > 0 || !up()) {
      return;
    }
    link.eval(Scripts.FAILURE, id, ttlMillis(Duration.ZERO)).thenAccept(s -> {
      adopt(id, s, false);
      if (s.result() >= 1) {
        dirty(id, k, true);
        if (s.result() >= maxAttempts) {
          circuits.open(id, "shared: " + s.result() + " consecutive failures across instances");
        }
      }
    });
  }

  @Override
  public void succeeded(String id) {
    Known k = known.get(id);
    if (k == null || !k.dirty || !up()) {
      return;
    }
    long seen = k.dirtyMessages;
    link.eval(Scripts.SUCCESS, id).thenAccept(s -> {
      adopt(id, s, false);
      if (s.result() == 0 && k.dirtyMessages == seen) {
        dirty(id, k, false); // already reset by another instance, whose "clean" we missed
      }
    });
  }

  @Override
  public void transitioned(LocalTransition t) {
    Known k = known.get(t.id());
    if (k == null || t.to() == CircuitState.HALF_OPEN) {
      return;
    }
    if (!up()) {
      k.pendingBase = k.pending == null ? k.version : k.pendingBase;
      k.pending = t;
      return;
    }
    share(t, k, t.manual() ? -1 : k.version);
  }

  /**
   * Shares a local transition: in quorum mode an open caused by this instance's own failures (not
   * a failed trial of a fleet-wide open) only counts towards the quorum; everything else is pushed.
   */
  private void share(LocalTransition t, Known k, long base) {
    if (config.quorum() > 0 && t.to() == CircuitState.OPEN && !t.manual() && !k.sharedOpen) {
      long openFor = Math.max(1, t.openFor().toMillis());
      link.eval(Scripts.QUORUM_OPEN, t.id(), config.instanceId(), config.quorum(),
          config.quorumWindow().toMillis(), openFor, config.leaseTimeout().toMillis(),
          ttlMillis(Duration.ofMillis(openFor))).thenAccept(s -> adopt(t.id(), s, true));
      return;
    }
    push(t, k, base);
  }

  /** Shares a local open or close; refused when the fleet moved on (the newer state is applied). */
  private void push(LocalTransition t, Known k, long base) {
    String id = t.id();
    if (t.to() == CircuitState.OPEN) {
      long openFor = Math.max(1, t.openFor().toMillis());
      link.eval(Scripts.OPEN, id, base, openFor, config.instanceId(),
          config.leaseTimeout().toMillis(), ttlMillis(Duration.ofMillis(openFor)))
          .thenAccept(s -> adopt(id, s, true));
    } else {
      link.eval(Scripts.CLOSE, id, base, config.instanceId(), ttlMillis(Duration.ZERO))
          .thenAccept(s -> adopt(id, s, true));
    }
  }

  private void read(String id) {
    link.eval(Scripts.READ, id).thenAccept(s -> {
      adopt(id, s, false);
      Known k = known.get(id);
      if (k != null && !s.open() && s.result() > 0) {
        dirty(id, k, true);
      }
    });
  }

  // ---- what the fleet decided ----

  /** A channel message: {@code dirty id}, {@code clean id}, {@code open v until lease holder id},
   * {@code close v by id}. */
  void onMessage(String message) {
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
      default -> { }
    }
  }

  /**
   * A script reply: learns the clock offset, then applies the state if it is newer, unless it is
   * this instance's own open or close ({@code change} accepted), which is already in force here.
   */
  private void adopt(String id, SharedState s, boolean change) {
    offsetMillis = s.redisNow() - circuits.now().toEpochMilli();
    Known k = known.get(id);
    if (k != null && change && s.result() == 1 && s.version() > k.version) {
      k.version = s.version(); // our own open or close, accepted: nothing to apply
      k.sharedOpen = s.open();
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
    k.version = s.version();
    k.sharedOpen = s.open();
    if (s.open()) {
      dirty(id, k, false);
      boolean mine = config.instanceId().equals(s.holder());
      circuits.openUntil(id, local(mine ? s.until() : s.lease()),
          mine ? "shared: opened by " + s.by() : "shared: opened by " + s.by() + ", who probes");
    } else {
      circuits.close(id, "shared: closed by " + s.by());
    }
  }

  private void dirty(String id, Known k, boolean on) {
    if (k.dirty != on) {
      k.dirty = on;
      circuits.watchSuccesses(id, on);
    }
  }

  // ---- Redis lost and found ----

  void onDown(Throwable cause) {
    for (String id : known.keySet()) {
      circuits.report(id, "shared state unreachable, breaking locally: " + cause);
    }
  }

  /**
   * Redis answers (again): for each connection, reads the shared state, then pushes the transition
   * made meanwhile (conditional on the version seen before, so a newer shared state wins) or applies
   * the shared state if it is newer. A Redis that lost its data (restarted without persistence)
   * shows older versions than ours: its word is taken from then on.
   */
  void onUp() {
    for (var e : known.entrySet()) {
      String id = e.getKey();
      Known k = e.getValue();
      link.eval(Scripts.READ, id).thenAccept(s -> {
        LocalTransition pending = k.pending;
        k.pending = null;
        if (s.version() < k.version) {
          k.version = s.version();
        }
        if (pending != null) {
          offsetMillis = s.redisNow() - circuits.now().toEpochMilli();
          share(pending, k, Math.min(k.pendingBase, s.version()));
        } else {
          adopt(id, s, false);
          if (!s.open() && s.result() > 0) {
            dirty(id, k, true);
          }
        }
      });
      circuits.report(id, "shared state reachable");
    }
  }

  private boolean up() {
    RedisLink l = link;
    return l != null && l.isUp();
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
