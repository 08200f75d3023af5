package io.brama.redis;

import io.brama.ConnectionStatus;
import io.brama.ConsecutiveStatus;

/**
 * The fleet-wide count of failures in a row (outside quorum mode): each local failure is counted in
 * Redis, the first one makes every instance watch its successes ({@code dirty}), and the first
 * success then resets the count ({@code clean}). Runs on the fleet's thread.
 *
 * @param fleet what the fleet's parts share
 * @param enforcer takes the replies in
 */
record FailureCount(FleetContext fleet, Enforcer enforcer) {

  /** Counts only for connections under the consecutive policy; opens the fleet at the threshold. */
  void failure(String id) {
    Known k = fleet.known.get(id);
    ConnectionStatus status = k == null || !fleet.up() ? null : fleet.circuits.status(id);
    if (status == null || !(status.policy() instanceof ConsecutiveStatus policy)) {
      return;
    }
    int maxAttempts = policy.maxAttempts();
    fleet.serial.then(fleet.redis.failure(id), s -> {
      enforcer.adopt(id, s, false);
      if (s.result() >= 1) {
        fleet.dirty(id, k, true);
        if (s.result() >= maxAttempts) {
          fleet.circuits.open(id,
              "shared: " + s.result() + " consecutive failures across instances");
        }
      }
    });
  }

  /** A success while the count is known not to be zero: resets it. */
  void success(String id) {
    Known k = fleet.known.get(id);
    if (k == null || !k.dirty || k.successInFlight || !fleet.up()) {
      return;
    }
    k.successInFlight = true;
    long seen = k.dirtyMessages;
    fleet.serial.then(fleet.redis.success(id), s -> {
      k.successInFlight = false;
      enforcer.adopt(id, s, false);
      if (k.dirtyMessages == seen) {
        fleet.dirty(id, k, false); // reset by this success (or another's): zero until "dirty"
      }
    });
  }

  /** A {@code dirty} or {@code clean} message from any instance. */
  void announced(String id, Known k, boolean dirty) {
    if (dirty) {
      k.dirtyMessages++;
    }
    fleet.dirty(id, k, dirty);
  }
}
