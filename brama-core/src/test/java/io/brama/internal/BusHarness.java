package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's sequence numbers on an {@link EventBus} of its own (delivery inline), for
 * {@code io.brama.stress.EventBusLinTest}: each operation claims numbers as a snapshot's
 * compare-and-set does, then posts or skips them as {@code Engine.publish} does, while
 * subscriptions come and go. It lives in brama-core's test sources for its package access and
 * reaches brama-stress through core's test-jar: the test-only modules import no internal class
 * themselves.
 */
public final class BusHarness {
  /** Makes the connection objects; its own bus is never used. */
  private static final Engine ENGINE = new Engine(BramaConfig.defaults(), new ManualClock(),
      Runnable::run, 16);
  /** Numbers the connection has in all; the rest is skipped at the end, so that it retires. */
  private static final long LAST = 1000;

  /** A subscription, its log, and the number a transition it happens-before was given (or 0). */
  private static final class Sub {
    final io.brama.Subscription subscription;
    final ConcurrentLinkedQueue<Long> log = new ConcurrentLinkedQueue<>();
    volatile long witness;
    volatile boolean closed;

    Sub(EventBus bus) {
      subscription = bus.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> log.add(
          e.sequence()));
    }
  }

  private final List<ConnectionCore> retired = new CopyOnWriteArrayList<>();
  private final EventBus bus = new EventBus(Runnable::run, 1 << 10, retired::add);
  private final ConnectionCore core = new ConnectionCore(ENGINE, "c", null, null, Map.of(),
      Settings.of(BramaConfig.defaults()), LAST, false);
  private final AtomicLong claimed = new AtomicLong();
  private final Set<Long> posted = ConcurrentHashMap.newKeySet();
  private final List<Sub> subs = new CopyOnWriteArrayList<>();

  /** One transition with one event: posted if some subscription accepts it, else skipped. */
  public long transition() {
    long k = claimed.incrementAndGet();
    if (bus.accepts(EventType.STATE_CHANGE)) {
      posted.add(k);
      bus.post(core, new BramaEvent(EventType.STATE_CHANGE, "c", null, null, null, k,
          CircuitState.CLOSED, CircuitState.OPEN, null));
    } else {
      bus.skip(core, k, 1);
    }
    return k;
  }

  /** A transition with two events nobody receives. */
  public void skipTwo() {
    long k = claimed.getAndAdd(2) + 1;
    bus.skip(core, k, 2);
  }

  /** Subscribes, then makes a transition: the new subscription must receive its event. */
  public void subscribeThenTransition() {
    Sub s = new Sub(bus);
    subs.add(s);
    s.witness = transition();
  }

  /** Closes the oldest open subscription, if any. */
  public void closeOldest() {
    for (Sub s : subs) {
      synchronized (s) {
        if (!s.closed) {
          s.closed = true;
          s.subscription.close();
          return;
        }
      }
    }
  }

  /**
   * What breaks the rules, after the history: every number consumed, each log strictly rising and
   * made of posted events, each witness received, and the connection retired once the rest of its
   * numbers are skipped.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    long n = claimed.get();
    if (EventSequencer.consumed(core) != n) {
      problems.add("numbers claimed: " + n + ", consumed: " + EventSequencer.consumed(core));
    }
    for (Sub s : subs) {
      long before = 0;
      for (long k : s.log) {
        if (k <= before) {
          problems.add("log " + s.log + ": " + k + " after " + before);
        }
        if (!posted.contains(k)) {
          problems.add("log " + s.log + ": " + k + " was never posted");
        }
        before = k;
      }
      if (!s.closed && s.witness != 0 && !s.log.contains(s.witness)) {
        problems.add("log " + s.log + " lacks " + s.witness + ", made after the subscription");
      }
    }
    core.terminate();
    bus.skip(core, n + 1, (int) (LAST - n));
    if (!retired.equals(List.of(core))) {
      problems.add("retired after the last number: " + retired);
    }
    return problems;
  }
}
