package io.brama.internal;

/** A scheduled task that can be called off; calling it off after it ran does nothing. */
interface Cancellable {
  void cancel();
}
