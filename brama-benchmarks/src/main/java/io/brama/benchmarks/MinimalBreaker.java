package io.brama.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "limit" reference of the performance comparison: the least a named circuit breaker can do on
 * a healthy call. A {@code ConcurrentHashMap<String, Ref>} looked up once per call (twice per
 * {@code available} + {@code success}); {@link Ref#available()} is one volatile int read that
 * returns true when CLOSED, and {@link Ref#success()} is a plain read of an {@link AtomicInteger}
 * failure count that writes only when it is non-zero. It reads no clock and, on a healthy success,
 * writes nothing. Not a usable breaker: it never opens.
 */
public final class MinimalBreaker {
  /** The CLOSED state value. */
  public static final int CLOSED = 0;

  /** One named breaker. */
  public static final class Ref {
    private volatile int state = CLOSED;
    private final AtomicInteger failures = new AtomicInteger();

    /** One volatile int read: true when CLOSED. */
    public boolean available() {
      return state == CLOSED;
    }

    /** A plain read of the failure count; writes only when it is non-zero. */
    public void success() {
      if (failures.getPlain() != 0) {
        failures.set(0);
      }
    }
  }

  private final ConcurrentHashMap<String, Ref> refs = new ConcurrentHashMap<>();

  /** Registers {@code id} (CLOSED, no failures). */
  public void register(String id) {
    refs.put(id, new Ref());
  }

  /** One map lookup, one volatile read. */
  public boolean available(String id) {
    return refs.get(id).available();
  }

  /** One map lookup, one plain read. */
  public void success(String id) {
    refs.get(id).success();
  }
}
