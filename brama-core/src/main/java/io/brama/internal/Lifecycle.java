package io.brama.internal;

import io.brama.UnknownConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a Brama is still open, and what an operation that cannot go on throws: one place decides
 * between "closed" ({@link IllegalStateException}) and "no such connection"
 * ({@link UnknownConnectionException}), so that every path answers alike.
 */
final class Lifecycle {
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Throws IllegalStateException once closed. */
  void ensureOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  /** Whether the Brama was closed. */
  boolean isClosed() {
    return closed.get();
  }

  /** Marks the Brama closed; true only for the first caller, who then shuts everything down. */
  boolean close() {
    return closed.compareAndSet(false, true);
  }

  /**
   * What an operation on {@code id} throws when it names no usable connection: a
   * NullPointerException for a null id, IllegalStateException once closed (every connection ended
   * with the Brama), else UnknownConnectionException (never registered, or unregistered).
   */
  RuntimeException unusable(String id) {
    if (id == null) {
      return new NullPointerException("id must not be null");
    }
    return closed.get() ? closedException() : new UnknownConnectionException(id);
  }

  static IllegalStateException closedException() {
    return new IllegalStateException("this Brama is closed; create a new one");
  }
}
