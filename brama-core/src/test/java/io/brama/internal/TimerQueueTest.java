package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's indexed heap against a list model: random schedules, re-arms (only ever earlier),
 * cancellations and runs; every timer due by a run fires exactly once, earliest first (equal
 * instants in the order they were queued), and nothing else fires.
 */
class TimerQueueTest {
  /** One step: 0 schedule, 1 arm a made timer no later than, 2 cancel, 3 run up to {@code due}. */
  record Step(int kind, int pick, long due) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Arbitraries.integers().between(0, 3)
        .flatMap(kind -> Arbitraries.integers().between(0, 50)
            .flatMap(pick -> Arbitraries.longs().between(0, 40)
                .map(due -> new Step(kind, pick, due))))
        .list().ofMaxSize(200);
  }

  private static final class Entry {
    final int id;
    long due;
    long seq;
    boolean queued;

    Entry(int id) {
      this.id = id;
    }
  }

  @Property(tries = 500)
  void firesLikeTheModel(@ForAll("steps") List<Step> steps) {
    TimerQueue queue = new TimerQueue();
    List<Integer> fired = new ArrayList<>();
    List<TimerQueue.Timer> timers = new ArrayList<>();
    List<Entry> model = new ArrayList<>();
    long order = 0;
    long now = 0;
    for (Step step : steps) {
      switch (step.kind()) {
        case 0 -> {
          int id = timers.size();
          Entry e = new Entry(id);
          e.due = now + step.due();
          e.seq = order++;
          e.queued = true;
          model.add(e);
          timers.add(queue.schedule(e.due, () -> fired.add(id)));
        }
        case 1 -> {
          if (!timers.isEmpty()) {
            int id = step.pick() % timers.size();
            Entry e = model.get(id);
            long due = now + step.due();
            if (!e.queued) {
              e.queued = true;
              e.due = due; // keeps the order it was first queued in
            } else if (due < e.due) {
              e.due = due;
            }
            queue.armNoLater(timers.get(id), due);
          }
        }
        case 2 -> {
          if (!timers.isEmpty()) {
            int id = step.pick() % timers.size();
            model.get(id).queued = false;
            timers.get(id).cancel();
          }
        }
        default -> {
          now += step.due();
          long at = now;
          List<Integer> expected = model.stream().filter(e -> e.queued && e.due <= at)
              .sorted(Comparator.<Entry>comparingLong(e -> e.due).thenComparingLong(e -> e.seq))
              .map(e -> e.id).toList();
          expected.forEach(id -> model.get(id).queued = false);
          fired.clear();
          queue.runDue(now);
          assertThat(fired).isEqualTo(expected);
        }
      }
      long next = model.stream().filter(e -> e.queued).mapToLong(e -> e.due).min()
          .orElse(Long.MAX_VALUE);
      assertThat(queue.nextDue()).isEqualTo(next);
      assertThat(queue.size()).isEqualTo((int) model.stream().filter(e -> e.queued).count());
    }
  }

  @Test
  void concurrentSchedulersAndRunnersFireEachTimerOnce() throws Exception {
    TimerQueue queue = new TimerQueue();
    int perThread = 20_000;
    AtomicIntegerArray fired = new AtomicIntegerArray(2 * perThread);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int base = t * perThread;
      work.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          int slot = base + i;
          TimerQueue.Timer timer = queue.schedule(i % 100, () -> fired.incrementAndGet(slot));
          if (i % 10 == 0) {
            timer.cancel(); // may lose to a runner: then it fired, once
          }
        }
        return null;
      }));
      work.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          queue.runDue(i % 100);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : work) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    queue.runDue(Long.MAX_VALUE - 1);
    for (int slot = 0; slot < 2 * perThread; slot++) {
      if (slot % perThread % 10 == 0) {
        assertThat(fired.get(slot)).as("cancelled timer %d", slot).isBetween(0, 1);
      } else {
        assertThat(fired.get(slot)).as("timer %d", slot).isEqualTo(1);
      }
    }
    assertThat(queue.size()).isZero();
    assertThat(queue.nextDue()).isEqualTo(Long.MAX_VALUE);
  }
}
