package io.brama.redis;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.spi.LocalTransition;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Shares this instance's local decisions: its opens and closes, its quorum votes, and its claims of
 * the probe once a holder's lease is over. Runs on the fleet's thread.
 *
 * @param fleet what the fleet's parts share
 * @param enforcer takes the replies in
 */
record Pushes(FleetContext fleet, Enforcer enforcer) {

  /** A local transition: shared now, or once Redis answers again. */
  void share(LocalTransition t) {
    Known k = fleet.known.get(t.id());
    if (k == null) {
      return;
    }
    if (t.to() == CircuitState.HALF_OPEN) {
      if (t.from() == CircuitState.OPEN && k.sharedOpen && !fleet.mine(k) && fleet.up()) {
        claim(t.id(), k);
      }
      return;
    }
    if (overtaken(t)) {
      return;
    }
    if (!fleet.up()) {
      k.keepForLater(t, fleet.circuits.now(), k.version);
      return;
    }
    if (fleet.config.quorum() > 0 && t.to() == CircuitState.OPEN && !t.manual()
        && !k.sharedOpen) {
      fleet.serial.then(fleet.redis.quorumOpen(t.id(), t.openFor()),
          s -> enforcer.adopt(t.id(), s, true));
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
  void push(LocalTransition t, Known k, long base) {
    push(t, k, base, null);
  }

  /**
   * As {@link #push(LocalTransition, Known, long)}, for a change decided at {@code decidedAt} (local
   * clock; null: now): shared later, it keeps that instant's version should Redis have lost newer
   * states.
   */
  void push(LocalTransition t, Known k, long base, Instant decidedAt) {
    if (k.pushing) {
      k.nextPush = t;
      return;
    }
    k.pushing = true;
    String id = t.id();
    long changes = fleet.transitions.of(id);
    Instant decided = decidedAt == null ? fleet.circuits.now() : decidedAt;
    long at = decidedAt == null ? 0 : fleet.clock.redis(decidedAt).toEpochMilli();
    CompletionStage<SharedState> reply = t.to() == CircuitState.OPEN
        ? fleet.redis.open(id, base, t.openFor(), at) : fleet.redis.close(id, base, at);
    reply.whenComplete((s, e) -> fleet.serial.run(() -> {
      k.pushing = false;
      if (s != null) {
        enforcer.adopt(id, s, true);
        enforcer.settleLater(id, changes);
      } else {
        k.keepForLater(t, decided, base); // not delivered: shared again once Redis answers
      }
      LocalTransition next = k.nextPush == null || overtaken(k.nextPush) ? null : k.nextPush;
      k.nextPush = null;
      if (next != null && fleet.up()) {
        push(next, k);
      } else if (next != null) {
        k.keepForLater(next, fleet.circuits.now(), k.version);
      }
    }));
  }

  /**
   * A close the local circuit has left since for an open decided here: core reports each
   * transition after its swap, on the caller's thread, so a reset and the open made after it on
   * another thread can be reported in the other order. Shared as reported, the reset would land
   * last in Redis while the circuit here stays open, which no settling undoes (a local open is
   * closed only if it was applied from a shared state); the open is shared by its own report. An
   * open applied here from the shared state (a settling that raced the reset) does not overtake
   * it: the reset's push restores it. A stale open needs nothing: Redis then holds the open, and
   * the settling opens the circuit here too.
   */
  private boolean overtaken(LocalTransition t) {
    ConnectionStatus now = fleet.circuits.status(t.id());
    Known k = fleet.known.get(t.id());
    return now == null || (t.to() == CircuitState.CLOSED && now.state() != CircuitState.CLOSED
        && k != null && !Objects.equals(now.openedAt(), k.appliedOpenedAt));
  }

  /** A held instance whose hold ended: takes the probe if the holder's lease is over. */
  private void claim(String id, Known k) {
    fleet.serial.then(fleet.redis.claim(id), s -> {
      if (s.result() == 1) {
        enforcer.adopt(id, s, true);
      } else if (s.open() && !fleet.config.instanceId().equals(s.holder())) {
        if (s.version() >= k.version) {
          k.remember(s);
        }
        fleet.circuits.openUntil(id, fleet.clock.local(s.lease()),
            "shared: " + s.holder() + " probes");
      } else {
        enforcer.adopt(id, s, false);
      }
    });
  }
}
