package io.brama.internal;

import java.time.InstantSource;

/**
 * The engine's one view of time, over the injected {@link InstantSource}. {@link #coarse()} serves
 * the success path: with the default clock it is a value refreshed in the background (so the hot path
 * reads no clock); with any other clock it is exact.
 */
public final class TimeSource {
  /** How often the coarse time is refreshed with the default clock. */
  public static final long COARSE_TICK_MILLIS = 20;

  private final InstantSource source;
  private final SystemClock system;
  private volatile long coarse;

  /** Wraps {@code source}. */
  public TimeSource(InstantSource source) {
    this.source = source;
    this.system = source instanceof SystemClock s ? s : null;
    this.coarse = now();
  }

  /** The injected clock. */
  public InstantSource source() {
    return source;
  }

  /** Whether {@link #coarse()} needs {@link #refreshCoarse()} to be called periodically. */
  public boolean needsTicking() {
    return system != null;
  }

  /** Epoch nanoseconds now. */
  public long now() {
    return system != null ? system.epochNanos() : Nanos.of(source.instant());
  }

  /** Epoch nanoseconds, at most {@link #COARSE_TICK_MILLIS} (plus scheduling delay) old. */
  public long coarse() {
    return system != null ? coarse : now();
  }

  /** Called by the background ticker. */
  public void refreshCoarse() {
    coarse = now();
  }
}
