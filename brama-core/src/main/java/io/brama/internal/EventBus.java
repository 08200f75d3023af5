package io.brama.internal;

import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Subscription;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Carries events from the threads that cause them to the subscriptions, without blocking them.
 *
 * <p>Posting appends to a lock-free inbox. One drain at a time (a task on the event executor) puts
 * each connection's events back in sequence order (threads that win their compare-and-set in one
 * order may post in another) and hands them to the matching subscriptions' bounded queues; each
 * subscription then delivers on the executor, one event at a time.
 */
public final class EventBus {
  /**
   * Events that arrived ahead of their connection's sequence, until the gap is filled. Owned by the
   * single drain, like {@code ConnectionCore.dispatchedSequence}; empty almost always.
   */
  private final Map<ConnectionCore, PriorityQueue<Envelope>> early = new HashMap<>();

  private static final System.Logger LOG = System.getLogger("io.brama");
  private static final Comparator<Envelope> BY_SEQUENCE =
      Comparator.comparingLong(e -> e.event().sequence());

  /**
   * A posted event; {@code audience} is the number of the newest subscription when it was posted,
   * so a subscription never receives events posted before it was made.
   */
  record Envelope(ConnectionCore core, BramaEvent event, long audience) {}

  private final Executor executor;
  private final int queueCapacity;
  private final CopyOnWriteArrayList<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Envelope> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  private volatile int perCallMask;
  private final AtomicLong subscriptionNumbers = new AtomicLong();
  private volatile boolean closed;

  EventBus(Executor executor, int queueCapacity) {
    this.executor = executor;
    this.queueCapacity = queueCapacity;
  }

  /** The mask bit of an event type. */
  static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  /** Per-call event types that some active subscription wants, as {@link #bit} flags. */
  int perCallMask() {
    return perCallMask;
  }

  /** Whether an active subscription wants events of {@code type}. */
  boolean wants(EventType type) {
    return (perCallMask & bit(type)) != 0;
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

  private void recomputeMask() {
    int mask = 0;
    for (EventSubscription s : subscriptions) {
      for (EventType t : EventType.values()) {
        if (t.isPerCall() && s.filter().accepts(t)) {
          mask |= bit(t);
        }
      }
    }
    perCallMask = mask;
  }

  /** Queues one event; never blocks. */
  void post(ConnectionCore core, BramaEvent event) {
    inbox.add(new Envelope(core, event, subscriptionNumbers.get()));
    if (!draining.get() && draining.compareAndSet(false, true)) {
      execute(drainTask, draining);
    }
  }

  /** Runs {@code task} on the executor; on refusal clears {@code flag} so a later post retries. */
  void execute(Runnable task, AtomicBoolean flag) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      flag.set(false);
      LOG.log(Level.WARNING, "event executor refused a delivery task; events stay queued", e);
    }
  }

  private void drain() {
    try {
      for (;;) {
        Envelope e;
        while ((e = inbox.poll()) != null) {
          route(e);
        }
        draining.set(false);
        if (inbox.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    } catch (RuntimeException | Error t) {
      draining.set(false);
      LOG.log(Level.ERROR, "event routing failed", t);
    }
  }

  private void route(Envelope envelope) {
    ConnectionCore core = envelope.core();
    if (envelope.event().sequence() != core.dispatchedSequence + 1) {
      early.computeIfAbsent(core, c -> new PriorityQueue<>(BY_SEQUENCE)).add(envelope);
      return;
    }
    fanOut(envelope);
    core.dispatchedSequence++;
    PriorityQueue<Envelope> waiting = early.isEmpty() ? null : early.get(core);
    if (waiting != null) {
      while (!waiting.isEmpty()
          && waiting.peek().event().sequence() == core.dispatchedSequence + 1) {
        fanOut(waiting.poll());
        core.dispatchedSequence++;
      }
      if (waiting.isEmpty()) {
        early.remove(core);
      }
    }
  }

  private void fanOut(Envelope envelope) {
    if (closed) {
      return;
    }
    BramaEvent event = envelope.event();
    for (EventSubscription s : subscriptions) {
      if (s.number() <= envelope.audience() && s.filter().test(event)) {
        s.offer(event);
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
