package io.brama.internal;

/** A policy that decides from a window of recent calls. */
interface RatePolicy {
  double failureRatePercent();

  int minimumCalls();

  /** A new, empty window (each CLOSED generation gets its own). */
  FailureWindow newWindow(double slowCallRatePercent);
}
