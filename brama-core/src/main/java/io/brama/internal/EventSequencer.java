package io.brama.internal;

import io.brama.BramaEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts each connection's events back in sequence order on their way to the subscriptions, and
 * retires a removed connection once its last sequence number is consumed.
 *
 * <p>Every sequence number of a connection is consumed exactly once, by one of two parties: the
 * bus's single drain (an event, or a skip marker, routed from the inbox) or a skipper (a thread
 * whose events nobody can receive, {@link #trySkip}, when it is their turn). Both advance the
 * connection's cursor ({@code ConnectionCore.dispatchedSequence}: the last consumed sequence
 * shifted left by one, bit 0 {@link #PARKED}) by compare-and-set.
 *
 * <p>{@link #PARKED} is a Dekker pair: when the drain parks an event that arrived ahead of a gap, it
 * sets the bit by compare-and-set on the cursor value it checked; a skipper that advances the cursor
 * reads the bit in the same compare-and-set and, if set, posts a kick so that the drain looks again.
 * Either the drain's compare-and-set fails (it then sees the skipper's progress) or the skipper sees
 * the bit: nothing waits forever.
 */
final class EventSequencer {
  /** Cursor bit 0: the drain holds events of this connection in {@code early}. */
  static final long PARKED = 1;
  /** {@link #trySkip}: done, nothing else to do. */
  static final int DONE = 0;
  /** {@link #trySkip}: not its turn (an earlier number is still on its way): post a skip marker. */
  static final int NOT_YET = -1;

  /** Envelope kinds. */
  static final int EVENT = 0;
  static final int SKIP = 1;
  /** The cursor moved past parked events: the drain looks at the connection again. */
  static final int KICK = 2;
  /** A skipper consumed a removed connection's last number: the drain retires it. */
  static final int RETIRE = 3;

  private static final VarHandle CURSOR;
  private static final Comparator<Envelope> BY_SEQUENCE = Comparator.comparingLong(Envelope::first);

  static {
    try {
      CURSOR = MethodHandles.lookup().findVarHandle(ConnectionCore.class, "dispatchedSequence",
          long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * One item of the inbox. An {@link #EVENT} or a {@link #SKIP} marker consumes {@code first} to
   * {@code last}; {@code audience} is the number of the newest subscription when it was posted, so
   * a subscription never receives events posted before it was made. A re-registration's first item
   * carries the {@code predecessor} whose numbers must be consumed first (else null).
   */
  record Envelope(int kind, ConnectionCore core, BramaEvent event, long first, long last,
      long audience, ConnectionCore predecessor) {}

  /**
   * Items that arrived ahead of their connection's sequence, until the gap is filled. Owned by the
   * single drain; empty almost always.
   */
  private final Map<ConnectionCore, PriorityQueue<Envelope>> early = new HashMap<>();
  /**
   * A re-registration whose predecessor (the same id's previous registration) still has numbers to
   * consume, by predecessor: its items wait, so that one registration's events end before the next
   * one's begin. Owned by the single drain.
   */
  private final Map<ConnectionCore, ConnectionCore> successors = new HashMap<>();
  /** The inverse of {@link #successors}: registrations waiting, with what they wait for. */
  private final Map<ConnectionCore, ConnectionCore> blocked = new HashMap<>();

  private final Consumer<Envelope> fanOut;
  private final Consumer<ConnectionCore> retired;

  EventSequencer(Consumer<Envelope> fanOut, Consumer<ConnectionCore> retired) {
    this.fanOut = fanOut;
    this.retired = retired;
  }

  /** The last sequence number of {@code core} consumed (delivered or skipped). */
  static long consumed(ConnectionCore core) {
    return (long) CURSOR.getVolatile(core) >>> 1;
  }

  /** A removed connection whose every number has been consumed. */
  static boolean finished(ConnectionCore core) {
    return core.removed() && consumed(core) >= core.lastSequence();
  }

  /**
   * Any thread: consumes {@code first..last} of {@code core} without an event, if the number before
   * {@code first} is consumed. Returns {@link #DONE}, {@link #NOT_YET}, or the kind of control item
   * ({@link #KICK}, {@link #RETIRE}) the caller must post for the drain.
   */
  static int trySkip(ConnectionCore core, long first, long last) {
    for (;;) {
      long c = (long) CURSOR.getVolatile(core);
      if (c >>> 1 != first - 1) {
        return NOT_YET;
      }
      // Clearing PARKED is safe: the kick below makes the drain re-read the cursor and set it again.
      if (CURSOR.compareAndSet(core, c, last << 1)) {
        if (core.removed() && last >= core.lastSequence()) {
          return RETIRE;
        }
        return (c & PARKED) != 0 ? KICK : DONE;
      }
    }
  }

  /** The drain: consumes {@code e} now or parks it until its turn. */
  void route(Envelope e) {
    ConnectionCore core = e.core();
    if (e.kind() >= KICK) {
      flush(core);
      if (e.kind() == RETIRE) {
        retire(core);
      }
      return;
    }
    ConnectionCore predecessor = e.predecessor();
    if (predecessor != null && !finished(predecessor)) {
      blocked.put(core, predecessor);
      successors.put(predecessor, core);
    }
    PriorityQueue<Envelope> waiting = early.isEmpty() ? null : early.get(core);
    if (waiting == null && !isBlocked(core) && e.first() == consumed(core) + 1) {
      deliver(core, e); // the common case: in order, nothing parked
      return;
    }
    if (waiting == null) {
      waiting = new PriorityQueue<>(BY_SEQUENCE);
      early.put(core, waiting);
    }
    waiting.add(e);
    flush(core);
  }

  /**
   * Consumes {@code core}'s parked items while the next is due; then either marks the cursor
   * {@link #PARKED} (items still wait for a gap) or clears the mark (none left).
   */
  private void flush(ConnectionCore core) {
    PriorityQueue<Envelope> waiting = early.isEmpty() ? null : early.get(core);
    for (;;) {
      long c = (long) CURSOR.getVolatile(core);
      Envelope head = waiting == null ? null : waiting.peek();
      if (head == null) {
        if (waiting != null) {
          early.remove(core);
          waiting = null;
        }
        if ((c & PARKED) == 0 || CURSOR.compareAndSet(core, c, c & ~PARKED)) {
          return;
        }
        continue;
      }
      long next = (c >>> 1) + 1;
      if (head.first() < next) {
        waiting.poll(); // consumed already: cannot happen, but must not block what follows
        continue;
      }
      if (head.first() == next && !isBlocked(core)) {
        waiting.poll();
        deliver(core, head);
        continue;
      }
      if ((c & PARKED) != 0 || CURSOR.compareAndSet(core, c, c | PARKED)) {
        return;
      }
    }
  }

  private boolean isBlocked(ConnectionCore core) {
    return !blocked.isEmpty() && blocked.containsKey(core);
  }

  private void deliver(ConnectionCore core, Envelope e) {
    if (e.event() != null) {
      fanOut.accept(e);
    }
    for (;;) {
      long c = (long) CURSOR.getVolatile(core);
      if (CURSOR.compareAndSet(core, c, (e.last() << 1) | (c & PARKED))) {
        break;
      }
    }
    if (core.removed() && e.last() >= core.lastSequence()) {
      retire(core);
    }
  }

  /** {@code core}'s last number is consumed: off the registry; its successor's items may go. */
  private void retire(ConnectionCore core) {
    retired.accept(core);
    ConnectionCore next = successors.isEmpty() ? null : successors.remove(core);
    if (next != null) {
      blocked.remove(next);
      flush(next);
    }
  }
}
