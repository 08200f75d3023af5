package io.brama.spi;

import io.brama.ConnectionStatus;
import io.brama.internal.SharingLink;
import java.time.Instant;
import java.util.List;

/**
 * What a sharing module may do to one Brama's circuits: apply the decisions of other instances.
 * Nothing here blocks or waits on anything remote; an unknown id is ignored ({@code false}).
 * Changes made here produce the usual events but are not reported to the {@link Sharing}.
 */
public sealed interface SharedCircuits permits SharingLink {
  /**
   * Keeps or puts {@code id} OPEN until {@code until} (on this Brama's clock): from CLOSED or
   * HALF_OPEN it opens (a STATE_CHANGE event with {@code reason}); when OPEN, its open period ends
   * at {@code until} instead. Nothing when {@code until} is not in the future.
   *
   * @param id the connection's id
   * @param until the end of the open period
   * @param reason the reason carried by the event, or null
   * @return whether {@code id} is registered
   */
  boolean openUntil(String id, Instant until, Object reason);

  /**
   * Opens CLOSED {@code id} as its own failures would have (the expiry strategy's next period):
   * for a fleet-wide count that reached the threshold of its policy
   * ({@code status(id).policy()}). Unlike the other operations
   * this is reported to the {@link Sharing} as a local transition, to be shared like any other.
   *
   * @param id the connection's id
   * @param reason the reason carried by the event, or null
   * @return whether {@code id} is registered
   */
  boolean open(String id, Object reason);

  /**
   * Closes {@code id} as {@code reset} does (a STATE_CHANGE event with {@code reason}).
   *
   * @param id the connection's id
   * @param reason the reason carried by the event, or null
   * @return whether {@code id} is registered
   */
  boolean close(String id, Object reason);

  /**
   * Whether successes on {@code id} are reported to {@link Sharing#succeeded}: on while the
   * shared failure count is known not to be zero, off otherwise (successes then stay on the fast
   * path and cost the module nothing).
   *
   * @param id the connection's id
   * @param watch whether to report its successes
   * @return whether {@code id} is registered
   */
  boolean watchSuccesses(String id, boolean watch);

  /**
   * Posts a SHARED_STATE event on {@code id} with {@code reason}.
   *
   * @param id the connection's id
   * @param reason the reason carried by the event, or null
   * @return whether {@code id} is registered
   */
  boolean report(String id, Object reason);

  /**
   * {@code id}'s status, or null when it is not registered.
   *
   * @param id the connection's id
   * @return its status, or null
   */
  ConnectionStatus status(String id);

  /**
   * Now, on this Brama's clock.
   *
   * @return the current instant
   */
  Instant now();

  /**
   * The registered ids.
   *
   * @return the ids, one per registered connection
   */
  List<String> ids();

  /** Stops reporting to the {@link Sharing}; idempotent. */
  void detach();
}
