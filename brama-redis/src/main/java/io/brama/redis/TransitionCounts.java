package io.brama.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local transitions per connection, counted on the caller's thread as soon as core reports them,
 * before their handling is queued: the fleet's thread can then tell that one happened since a
 * moment even while its handling still waits in the queue.
 */
final class TransitionCounts {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void count(String id) {
    counts.computeIfAbsent(id, x -> new AtomicLong()).incrementAndGet();
  }

  /** The transitions counted on {@code id} so far. */
  long of(String id) {
    AtomicLong n = counts.get(id);
    return n == null ? 0 : n.get();
  }

  void forget(String id) {
    counts.remove(id);
  }
}
