package io.brama.redis;

import io.brama.CircuitState;
import java.time.Instant;
import java.util.List;

/**
 * One shared connection's fleet state, as Redis holds it.
 *
 * @param id the connection's id
 * @param state CLOSED; OPEN until {@code openUntil}; HALF_OPEN after it, while the probe holder
 *     probes (the shared state stays open until a probe closes it or the lease passes to another)
 * @param probeHolder when not CLOSED: the instance that holds the probe lease; else null
 * @param openUntil when not CLOSED: when the open period ends (Redis time); else null
 * @param leaseUntil when not CLOSED: when the holder's lease ends (Redis time); else null
 * @param changedBy the instance that made the latest shared change, or null before the first
 * @param version increases with every shared open and close (about the change's Redis time in
 *     ms); 0 before the first
 * @param disagreeing the instances whose latest announcement, made at least a second after the
 *     latest shared change, shows the circuit open (OPEN or HALF_OPEN) where the fleet's is closed,
 *     or closed where it is open: an instance that breaks alone, or one that missed a decision
 */
public record FleetConnection(String id, CircuitState state, String probeHolder, Instant openUntil,
    Instant leaseUntil, String changedBy, long version, List<String> disagreeing) {

  /**
   * Copies {@code disagreeing}.
   *
   * @param id the connection's id
   * @param state the fleet state
   * @param probeHolder the probe lease's holder, or null
   * @param openUntil the open period's end, or null
   * @param leaseUntil the lease's end, or null
   * @param changedBy the latest shared change's instance, or null
   * @param version the shared state's version
   * @param disagreeing the instances that disagree with the fleet
   */
  public FleetConnection {
    disagreeing = List.copyOf(disagreeing);
  }
}
