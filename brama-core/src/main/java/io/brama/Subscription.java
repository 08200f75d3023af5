package io.brama;

import io.brama.internal.EventSubscription;

/** A listener's subscription; close it to stop delivery to that listener alone. */
public sealed interface Subscription extends AutoCloseable permits EventSubscription {
  /** Stops delivery to this subscription; idempotent. */
  @Override
  void close();

  /**
   * False once closed (or once the Brama is closed).
   *
   * @return whether events are still delivered
   */
  boolean isActive();

  /**
   * Per-call events (SUCCESS, FAILURE, REJECTED) dropped because this subscription's queue was full.
   *
   * @return the number of dropped per-call events
   */
  long droppedEvents();
}
