package io.brama.redis;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import java.util.Objects;

/**
 * Takes shared states in (script replies and channel messages) and puts the local circuits in the
 * newest one seen. Runs on the fleet's thread.
 */
final class Enforcer {
  /** A local open period whose end differs from the shared one by less is in step (latency). */
  private static final long SETTLE_TOLERANCE_MILLIS = 50;

  private final FleetContext fleet;

  Enforcer(FleetContext fleet) {
    this.fleet = fleet;
  }

  /** Reads {@code id}'s shared state and adopts it. */
  void read(String id) {
    long changes = fleet.transitions.of(id);
    fleet.serial.then(fleet.redis.read(id), s -> {
      Known k = fleet.known.get(id);
      if (k != null && s.version() < k.version && s.open() && !k.sharedOpen && !k.pushing) {
        restoreClose(id, s);
        return;
      }
      adopt(id, s, false);
      if (k != null && !s.open() && s.result() > 0) {
        fleet.dirty(id, k, true);
      }
      settleLater(id, changes);
    });
  }

  /**
   * Redis holds an open older than the close seen here: it lost that close (its key evicted or
   * expired, Redis restarted empty) and took an open decided before it. Writes the close again, on
   * the version Redis holds, so that a reset is not undone by a stale open.
   */
  private void restoreClose(String id, SharedState s) {
    fleet.clock.learn(s.redisNow(), fleet.circuits.now());
    fleet.serial.then(fleet.redis.close(id, s.version()), r -> adopt(id, r, false));
  }

  /**
   * A script reply: learns the clock offset, then applies the state if it is newer, unless it is
   * this instance's own change ({@code change}, accepted), which is in force here already.
   */
  void adopt(String id, SharedState s, boolean change) {
    fleet.clock.learn(s.redisNow(), fleet.circuits.now());
    Known k = fleet.known.get(id);
    if (k != null && change && s.result() == 1 && s.version() > k.version) {
      k.remember(s);
      if (s.open()) {
        fleet.dirty(id, k, false);
      }
      return;
    }
    apply(id, s);
  }

  /** Puts the local circuit in {@code s} if it is newer than what was seen. */
  void apply(String id, SharedState s) {
    Known k = fleet.known.get(id);
    if (k == null || s.version() <= k.version) {
      return;
    }
    k.remember(s);
    if (s.open()) {
      fleet.dirty(id, k, false);
    }
    enforce(id, k);
  }

  /**
   * After a reply, once the local transitions queued meanwhile were handled: puts the local circuit
   * in the newest shared state seen if it is not (CLOSED or OPEN, and when OPEN until the instant
   * this instance's role gives: the open-until for the holder, else the lease's end). An older
   * message may have changed it while this instance's own push was on its way, and that push's
   * acceptance changes nothing here. Nothing when a local transition came after {@code changes}
   * (its own push settles it), a push is on its way, or no shared state is known. A local open is
   * closed only if this instance applied it: one decided here (its report may still be on its way
   * to this thread, or a quorum kept it local) has another {@code openedAt}.
   */
  void settleLater(String id, long changes) {
    fleet.serial.run(() -> {
      Known k = fleet.known.get(id);
      // the status before the count: core counts a transition after its swap
      ConnectionStatus local = fleet.circuits.status(id);
      if (k == null || local == null || k.version == 0 || fleet.transitions.of(id) != changes
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

  /** Puts the local circuit in the newest shared state seen. */
  private void enforce(String id, Known k) {
    if (k.sharedOpen) {
      boolean mine = fleet.mine(k);
      fleet.circuits.openUntil(id, fleet.clock.local(mine ? k.until : k.lease),
          mine ? "shared: opened by " + k.by : "shared: opened by " + k.by + ", "
              + k.holder + " probes");
      ConnectionStatus now = fleet.circuits.status(id);
      k.appliedOpenedAt = now == null ? null : now.openedAt();
    } else {
      fleet.circuits.close(id, "shared: closed by " + k.by);
    }
  }

  /** OPEN until another instant than the shared state's for this instance (beyond clock noise). */
  private boolean heldUntilOtherThan(ConnectionStatus local, Known k) {
    return local.state() == CircuitState.OPEN && Math.abs(local.halfOpensAt().toEpochMilli()
        - fleet.clock.local(fleet.mine(k) ? k.until : k.lease).toEpochMilli())
        > SETTLE_TOLERANCE_MILLIS;
  }
}
