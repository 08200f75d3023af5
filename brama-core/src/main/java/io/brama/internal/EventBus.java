package io.brama.internal;

import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Subscription;
import io.brama.internal.EventSequencer.Envelope;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Carries events from the threads that cause them to the subscriptions, without blocking them.
 *
 * <p>Posting appends to a lock-free inbox. One drain at a time (a task on the event executor) puts
 * each connection's events back in sequence order (threads that win their compare-and-set in one
 * order may post in another) and hands them to the matching subscriptions' bounded queues; each
 * subscription then delivers on the executor, one event at a time (see {@link EventSequencer}).
 *
 * <p>Events nobody can receive cost a volatile read: a lifecycle event no subscription accepts is
 * not built, its sequence number is {@link #skip skipped}; a per-call event that every subscription
 * accepting it would drop (their queues are full) is not built either, only counted
 * ({@link #skips}, {@link #dropped}).
 */
public final class EventBus {
  private static final System.Logger LOG = System.getLogger("io.brama");
  /** Where {@link #mask} keeps the per-call types some unsaturated subscription can take. */
  private static final int TAKE_SHIFT = 16;
  private static final int PER_CALL = perCallBits();

  static {
    if (EventType.values().length > TAKE_SHIFT) {
      throw new ExceptionInInitializerError("the event mask holds " + TAKE_SHIFT + " types");
    }
  }

  private final Executor executor;
  private final EventSequencer sequencer;
  private final int queueCapacity;
  private final CopyOnWriteArrayList<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Envelope> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  /**
   * Bits 0-15: the event types some active subscription accepts ({@link #bit}); bits 16-31: the
   * per-call ones some active subscription whose queue is not full can take. Recomputed on
   * subscribe, unsubscribe and each saturation edge; one volatile read on every fast path.
   */
  private volatile int mask;
  private final AtomicLong subscriptionNumbers = new AtomicLong();
  /** Counts the calls of {@link #recomputeMask}: a writer that sees it move computes again. */
  private final AtomicInteger maskChanges = new AtomicInteger();
  private volatile boolean closed;
  /** The executor refused work: events are dropped and counted until it accepts again. */
  private volatile boolean refusing;
  /** Set while the drain runs on a poster's thread because the executor refused it. */
  private boolean dropping;

  EventBus(Executor executor, int queueCapacity, Consumer<ConnectionCore> retired) {
    this.executor = executor;
    this.queueCapacity = queueCapacity;
    this.sequencer = new EventSequencer(this::fanOut, retired);
  }

  private static int perCallBits() {
    int bits = 0;
    for (EventType t : EventType.values()) {
      if (t.isPerCall()) {
        bits |= bit(t);
      }
    }
    return bits;
  }

  /** The mask bit of an event type. */
  static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  /**
   * Per-call event types that some active subscription accepts, as {@link #bit} flags: what a
   * snapshot computation records (a full queue then drops and counts it, exactly once).
   */
  int perCallMask() {
    return mask & PER_CALL;
  }

  /**
   * Whether some active subscription can take a per-call event of {@code type} now: false when
   * none accepts it, or when every one that does has a full queue. A fast path that gets false
   * builds nothing and calls {@link #dropped}.
   */
  boolean wants(EventType type) {
    return (mask & (bit(type) << TAKE_SHIFT)) != 0;
  }

  /**
   * A fast path chose not to build {@code core}'s per-call event of {@code type} (after
   * {@link #wants} said false): counts it as dropped in each subscription with a full queue that
   * accepts it. One volatile read when no subscription accepts {@code type}.
   */
  void dropped(ConnectionCore core, EventType type) {
    int b = bit(type);
    if ((mask & b) != 0) {
      missed(core, type, b);
    }
  }

  /**
   * For a fast path that builds nothing when nobody can take a per-call event of {@code type}:
   * true (take the fast path) when no active subscription can take it now, after counting it as
   * dropped in each saturated subscription that accepts it ({@link #dropped}); one volatile read.
   */
  boolean skips(ConnectionCore core, EventType type) {
    int m = mask;
    int b = bit(type);
    if ((m & (b | b << TAKE_SHIFT)) == 0) {
      return true; // nobody accepts it: one test
    }
    if ((m & (b << TAKE_SHIFT)) != 0) {
      return false;
    }
    missed(core, type, b);
    return true;
  }

  private void missed(ConnectionCore core, EventType type, int b) {
    for (EventSubscription s : subscriptions) {
      s.missed(core, type, b);
    }
  }

  /** Whether some active subscription accepts events of {@code type}. */
  boolean accepts(EventType type) {
    return (mask & bit(type)) != 0;
  }

  /** Whether any subscription is active. */
  boolean hasAudience() {
    return mask != 0;
  }

  Subscription subscribe(EventFilter filter, BramaListener listener) {
    EventSubscription s = new EventSubscription(this, filter, listener, queueCapacity,
        subscriptionNumbers.incrementAndGet());
    subscriptions.add(s);
    recomputeMask();
    return s;
  }

  void unsubscribe(EventSubscription s) {
    subscriptions.remove(s);
    recomputeMask();
  }

  /**
   * Recomputes the mask without a lock (a monitor would pin a virtual thread delivering events).
   * Each caller changed what it reads before calling and counts itself in {@link #maskChanges};
   * a writer that sees a later count after writing computes again, so the last write reflects
   * every change.
   */
  void recomputeMask() {
    int seen = maskChanges.incrementAndGet();
    for (;;) {
      int m = 0;
      for (EventSubscription s : subscriptions) {
        int types = s.types();
        m |= types;
        if (!s.saturated()) {
          m |= (types & PER_CALL) << TAKE_SHIFT;
        }
      }
      mask = m;
      int now = maskChanges.get();
      if (now == seen) {
        return;
      }
      seen = now;
    }
  }

  /**
   * Queues one event; never blocks, never throws. An event no subscription accepts is not queued:
   * its sequence number is {@link #skip skipped}.
   */
  void post(ConnectionCore core, BramaEvent event) {
    post(core, event, null);
  }

  /** Queues a registration's first event, to follow {@code predecessor}'s last (null: none). */
  void post(ConnectionCore core, BramaEvent event, ConnectionCore predecessor) {
    long sequence = event.sequence();
    if (!accepts(event.type())) {
      skip(core, sequence, sequence, predecessor);
      return;
    }
    enqueue(new Envelope(EventSequencer.EVENT, core, event, sequence, sequence,
        subscriptionNumbers.get(), predecessor));
  }

  /**
   * Consumes {@code count} sequence numbers of {@code core} from {@code first} without events,
   * for events nobody can receive (see {@link #accepts}). Usually one compare-and-set; while an
   * earlier event of {@code core} is still on its way, a small marker goes through the inbox.
   */
  void skip(ConnectionCore core, long first, int count) {
    skip(core, first, first + count - 1, null);
  }

  private void skip(ConnectionCore core, long first, long last, ConnectionCore predecessor) {
    if (predecessor == null || EventSequencer.finished(predecessor)) {
      int done = EventSequencer.trySkip(core, first, last);
      if (done == EventSequencer.DONE) {
        return;
      }
      if (done != EventSequencer.NOT_YET) {
        enqueue(new Envelope(done, core, null, first, last, 0, null));
        return;
      }
    }
    enqueue(new Envelope(EventSequencer.SKIP, core, null, first, last, 0, predecessor));
  }

  private void enqueue(Envelope envelope) {
    inbox.add(envelope);
    if (!draining.get() && draining.compareAndSet(false, true) && !submit(drainTask)) {
      // The executor refused the drain: route here, counting every event as dropped, so that
      // nothing piles up and sequence order and retirements stay right.
      drainRouting(true);
    }
  }

  /**
   * Runs {@code task} on the executor; false when it refused (or threw), which is logged once per
   * spell of refusals.
   */
  boolean submit(Runnable task) {
    try {
      executor.execute(task);
      if (refusing) {
        refusing = false;
      }
      return true;
    } catch (Throwable e) {
      if (!refusing) {
        refusing = true;
        LOG.log(Level.WARNING, "the event executor refused work (" + Safe.describe(e)
            + "); events are dropped and counted in each subscription's droppedEvents() until"
            + " it accepts again");
      }
      return false;
    }
  }

  private void drain() {
    drainRouting(false);
  }

  /** Routes the inbox; with {@code drop} (on a poster's thread) every event is dropped and counted. */
  private void drainRouting(boolean drop) {
    for (;;) {
      dropping = drop;
      Envelope e;
      while ((e = inbox.poll()) != null) {
        try {
          sequencer.route(e);
        } catch (Throwable t) {
          LOG.log(Level.ERROR, "routing an event failed; routing goes on", t);
        }
      }
      dropping = false;
      draining.set(false);
      if (inbox.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
      if (drop && submit(drainTask)) {
        return; // the executor accepts again: it drains the rest
      }
    }
  }

  private void fanOut(Envelope envelope) {
    if (closed) {
      return;
    }
    BramaEvent event = envelope.event();
    for (EventSubscription s : subscriptions) {
      try {
        if (s.number() <= envelope.audience() && s.filter().test(event)) {
          if (dropping) {
            s.countDropped(1);
          } else {
            s.offer(event);
          }
        }
      } catch (Throwable t) {
        LOG.log(Level.ERROR, "routing " + event.type() + " of '" + event.connection() + "' to "
            + Safe.describe(s) + " failed; the others still get it", t);
      }
    }
  }

  private boolean idle() {
    if (!inbox.isEmpty() || draining.get()) {
      return false;
    }
    for (EventSubscription s : subscriptions) {
      if (!s.idle()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Lets queued events be delivered for at most {@code graceMillis}, then drops the rest and ends
   * every subscription.
   */
  void close(long graceMillis) {
    long deadline = SystemClock.ticks() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    while (!idle() && SystemClock.ticks() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    closed = true;
    inbox.clear();
    for (EventSubscription s : subscriptions) {
      s.close();
    }
  }
}
