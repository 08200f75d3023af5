package io.brama.internal;

import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Subscription;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One listener's bounded queue and its delivery task. When the queue is full, per-call events are
 * dropped and counted; state changes and registry events are always queued.
 *
 * <p>A dropped per-call event makes the subscription <em>saturated</em>: the bus stops counting it
 * among those that can take per-call events, so the callers' fast paths build none for it and only
 * count the drop ({@link #missed}). Delivery that brings the queue down to half its capacity ends
 * it. The two edges are a Dekker pair (the drain sets the flag then reads the size; delivery lowers
 * the size then reads the flag), so a subscription whose queue has room cannot stay saturated.
 */
public final class EventSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger("io.brama");
  /** Events delivered per task run before yielding the executor thread. */
  private static final int BATCH = 256;

  private final EventBus bus;
  private final long number;
  private final EventFilter filter;
  private final BramaListener listener;
  private final int capacity;
  /** At or below this size a saturated subscription can take per-call events again. */
  private final int low;
  /** The {@link EventBus#bit}s of the types the filter accepts. */
  private final int types;
  /** Whether the filter looks at types only (no connection, scope or type criterion). */
  private final boolean typesOnly;
  private final AtomicBoolean saturated = new AtomicBoolean();
  private final ConcurrentLinkedQueue<BramaEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable deliverTask = this::deliver;
  private volatile boolean active = true;

  EventSubscription(EventBus bus, EventFilter filter, BramaListener listener, int capacity,
      long number) {
    this.bus = bus;
    this.number = number;
    this.filter = filter;
    this.listener = listener;
    this.capacity = capacity;
    this.low = capacity / 2;
    int bits = 0;
    for (EventType t : filter.types()) {
      bits |= EventBus.bit(t);
    }
    this.types = bits;
    this.typesOnly = filter.equals(EventFilter.of(filter.types().toArray(new EventType[0])));
  }

  /** The {@link EventBus#bit}s of the event types this subscription accepts. */
  int types() {
    return types;
  }

  /** Whether per-call events are being dropped (the queue filled up and has not drained yet). */
  boolean saturated() {
    return saturated.get();
  }

  /** Subscriptions are numbered in the order they were made. */
  long number() {
    return number;
  }

  EventFilter filter() {
    return filter;
  }

  /** Called by the bus's single drain. */
  void offer(BramaEvent event) {
    if (!active) {
      return;
    }
    if (event.type().isPerCall() && size.get() >= capacity) {
      dropped.incrementAndGet();
      if (!saturated.get() && saturated.compareAndSet(false, true)) {
        bus.recomputeMask();
        if (size.get() <= low) {
          unsaturate(); // delivery drained it meanwhile and may not have seen the flag
        }
      }
      return;
    }
    queue.add(event);
    size.incrementAndGet();
    schedule();
  }

  private void schedule() {
    if (!scheduled.get() && scheduled.compareAndSet(false, true) && !bus.submit(deliverTask)) {
      // Refused: nothing can deliver what is queued. Drop and count it; the queue stays bounded.
      BramaEvent e;
      while ((e = queue.poll()) != null) {
        size.decrementAndGet();
        dropped.incrementAndGet();
      }
      scheduled.set(false);
      if (saturated.get()) {
        unsaturate();
      }
    }
  }

  private void unsaturate() {
    if (saturated.compareAndSet(true, false)) {
      bus.recomputeMask();
    }
  }

  /**
   * A caller did not build {@code core}'s per-call event of {@code type} ({@code bit}) because no
   * subscription could take it: counted here if this one is saturated and would have received it.
   * A drop racing with the end of saturation may go uncounted.
   */
  void missed(ConnectionCore core, EventType type, int bit) {
    if ((types & bit) != 0 && saturated.get() && active && (typesOnly || filter.test(
        new BramaEvent(type, core.id(), core.type(), core.scope(), null, 0, null, null, null)))) {
      dropped.incrementAndGet();
    }
  }

  /** Events the bus could not hand to this subscription (its executor refused the work). */
  void countDropped(long n) {
    if (active) {
      dropped.addAndGet(n);
    }
  }

  private void deliver() {
    try {
      for (int i = 0; i < BATCH; i++) {
        BramaEvent e = queue.poll();
        if (e == null) {
          break;
        }
        if (size.decrementAndGet() <= low && saturated.get()) {
          unsaturate();
        }
        if (active) {
          deliverOne(e);
        }
      }
    } finally {
      scheduled.set(false);
    }
    if (!queue.isEmpty()) {
      schedule();
    }
  }

  /** Any throwable from the listener, checked ones thrown sneakily included, is logged. */
  private void deliverOne(BramaEvent e) {
    try {
      listener.onEvent(e);
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "listener " + Safe.describe(listener) + " threw on " + e.type()
          + " of '" + e.connection() + "' (#" + e.sequence() + "); it stays subscribed", t);
    }
  }

  boolean idle() {
    return queue.isEmpty() && !scheduled.get();
  }

  @Override
  public void close() {
    if (active) {
      active = false;
      bus.unsubscribe(this);
      queue.clear();
      size.set(0);
    }
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public long droppedEvents() {
    return dropped.get();
  }

  @Override
  public String toString() {
    return "Subscription[" + filter + ", active=" + active + ", dropped=" + dropped.get() + "]";
  }
}
