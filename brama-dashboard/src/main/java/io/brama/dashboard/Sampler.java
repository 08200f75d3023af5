package io.brama.dashboard;

import io.brama.Brama;
import io.brama.ConnectionStatus;
import io.brama.UnknownConnectionException;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads every connection's {@link io.brama.CallCounts} once a second into its {@link CountRing}, on
 * the dashboard's timer thread. Seconds come from the injected clock, so that tests drive {@link
 * #sample()} with a manual one. A step that throws is logged and the next one runs; a connection
 * unregistered meanwhile loses its ring. Only when the Brama counts calls.
 */
final class Sampler {
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");

  private final Brama brama;
  private final InstantSource clock;
  private final Map<String, CountRing> rings = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> task;

  Sampler(Brama brama, InstantSource clock) {
    this.brama = brama;
    this.clock = clock;
  }

  /** Samples every second on {@code timer} from now on, until {@link #stop()}. */
  void start(ScheduledExecutorService timer) {
    task = timer.scheduleAtFixedRate(this::step, 0, 1, TimeUnit.SECONDS);
  }

  /** Stops sampling; idempotent. */
  void stop() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }

  /** The current second of the injected clock. */
  long now() {
    return clock.instant().getEpochSecond();
  }

  /**
   * One step: reads the counts of every registered connection into its ring, at the current second,
   * and forgets the rings of connections that are gone.
   */
  synchronized void sample() {
    long second = now();
    Set<String> present = new HashSet<>();
    for (ConnectionStatus status : brama.statuses()) {
      String id = status.id();
      try {
        rings.computeIfAbsent(id, k -> new CountRing()).record(second, brama.calls(id));
        present.add(id);
      } catch (UnknownConnectionException e) {
        rings.remove(id); // unregistered after statuses() listed it
      }
    }
    rings.keySet().retainAll(present);
  }

  /** The ring of {@code id}, or null when it has none (unknown, or not sampled yet). */
  CountRing ring(String id) {
    return rings.get(id);
  }

  /** Every ring, by connection id: a live view. */
  Map<String, CountRing> rings() {
    return rings;
  }

  /** Whether a step is scheduled and not stopped (for tests). */
  boolean running() {
    ScheduledFuture<?> t = task;
    return t != null && !t.isDone();
  }

  /** One scheduled step: {@link #sample()}, whatever it throws logged, so that the next one runs. */
  void step() {
    try {
      sample();
    } catch (IllegalStateException e) {
      LOG.log(Level.DEBUG, "dashboard: the Brama is closed; no samples", e);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // whatever went wrong in this step, the next one runs: a throw would end the schedule
      LOG.log(Level.ERROR, "dashboard: sampling the call counts failed; it goes on", e);
    }
  }
}
