package io.brama.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The fleet's one thread: tasks run one at a time in the order they were handed over, so that
 * what the fleet knows needs no locks and replies and messages are handled in arrival order. A
 * task that throws is logged and the next one runs.
 */
final class Serial {
  private static final System.Logger LOG = System.getLogger(RedisSharing.class.getName());
  private final ScheduledThreadPoolExecutor executor;

  Serial(String threadName) {
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code task} after those handed over before it; nothing once closed. */
  void run(Runnable task) {
    if (!executor.isShutdown()) {
      executor.execute(() -> guarded(task));
    }
  }

  /** Runs {@code handler} with {@code reply}'s value; a failed command was logged already. */
  <T> void then(CompletionStage<T> reply, Consumer<T> handler) {
    reply.whenComplete((value, e) -> {
      if (e == null) {
        run(() -> handler.accept(value));
      }
    });
  }

  /** Runs {@code task} every {@code period}, the first time one period from now. */
  void every(Duration period, Runnable task) {
    executor.scheduleWithFixedDelay(() -> guarded(task), period.toMillis(), period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  void close() {
    executor.shutdownNow();
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "sharing circuits through Redis failed on one step; it goes on", e);
    }
  }
}
