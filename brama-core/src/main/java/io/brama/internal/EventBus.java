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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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
  /**
   * A re-registration whose predecessor (the same id's previous registration) still has events to
   * deliver, by predecessor: its events wait, so that one registration's events end before the next
   * one's begin. Owned by the single drain.
   */
  private final Map<ConnectionCore, ConnectionCore> successors = new HashMap<>();
  /** The inverse of {@link #successors}: registrations waiting, with what they wait for. */
  private final Map<ConnectionCore, ConnectionCore> blocked = new HashMap<>();

  private static final System.Logger LOG = System.getLogger("io.brama");
  private static final Comparator<Envelope> BY_SEQUENCE =
      Comparator.comparingLong(e -> e.event().sequence());

  /**
   * A posted event; {@code audience} is the number of the newest subscription when it was posted,
   * so a subscription never receives events posted before it was made. A re-registration's
   * REGISTERED carries the {@code predecessor} whose events must come out first (else null).
   */
  record Envelope(ConnectionCore core, BramaEvent event, long audience,
      ConnectionCore predecessor) {}

  private final Executor executor;
  /** Called by the drain once a removed connection's last event is delivered (or dropped). */
  private final Consumer<ConnectionCore> retired;
  private final int queueCapacity;
  private final CopyOnWriteArrayList<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Envelope> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  private volatile int perCallMask;
  private final AtomicLong subscriptionNumbers = new AtomicLong();
  private volatile boolean closed;
  /** The executor refused work: events are dropped and counted until it accepts again. */
  private volatile boolean refusing;
  /** Set while the drain runs on a poster's thread because the executor refused it. */
  private boolean dropping;

  EventBus(Executor executor, int queueCapacity, Consumer<ConnectionCore> retired) {
    this.executor = executor;
    this.queueCapacity = queueCapacity;
    this.retired = retired;
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

  /** Queues one event; never blocks, never throws. */
  void post(ConnectionCore core, BramaEvent event) {
    post(core, event, null);
  }

  /** Queues a registration's first event, to follow {@code predecessor}'s last (null: none). */
  void post(ConnectionCore core, BramaEvent event, ConnectionCore predecessor) {
    inbox.add(new Envelope(core, event, subscriptionNumbers.get(), predecessor));
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
          route(e);
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

  private void route(Envelope envelope) {
    ConnectionCore core = envelope.core();
    ConnectionCore predecessor = envelope.predecessor();
    if (predecessor != null && !finished(predecessor)) {
      blocked.put(core, predecessor);
      successors.put(predecessor, core);
    }
    if (envelope.event().sequence() != core.dispatchedSequence + 1
        || !blocked.isEmpty() && blocked.containsKey(core)) {
      early.computeIfAbsent(core, c -> new PriorityQueue<>(BY_SEQUENCE)).add(envelope);
      return;
    }
    dispatch(core, envelope);
  }

  /** Delivers {@code envelope} and whatever of {@code core}'s events it unblocks. */
  private void dispatch(ConnectionCore core, Envelope envelope) {
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
    if (finished(core)) {
      retired.accept(core);
      ConnectionCore next = successors.isEmpty() ? null : successors.remove(core);
      if (next != null) {
        blocked.remove(next);
        PriorityQueue<Envelope> held = early.get(next);
        if (held != null && held.peek().event().sequence() == next.dispatchedSequence + 1) {
          dispatch(next, held.poll());
        }
      }
    }
  }

  /** A removed connection whose every event has been routed. */
  private static boolean finished(ConnectionCore core) {
    return core.removed() && core.dispatchedSequence >= core.lastSequence();
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
