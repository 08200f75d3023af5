package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.CheckedCallable;
import io.brama.EventFilter;
import io.brama.EventType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What subscribers cost the calling threads: {@code brama.call(id, action)} on a closed circuit,
 * healthy and with 10 % failures (threshold never reached), with no subscriber, with one subscriber
 * to STATE_CHANGE only (no per-call events are built), and with one subscriber to all events whose
 * queue holds 16 events and whose listener takes 0.1 ms per event, so its queue is full and per-call
 * events are dropped.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar EventsBenchmark -prof gc -t 1} (and {@code -t 2}); both
 * thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only EventsBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventsBenchmark {
  private static final CheckedCallable<Integer, RuntimeException> OK = () -> 42;
  private static final CheckedCallable<Integer, RuntimeException> FAILING = () -> {
    throw FailureMixBenchmark.FAILURE;
  };

  /** Which subscriber: none, one to STATE_CHANGE only, one to all events. */
  @Param({"none", "stateChange", "all"})
  public String subscriber;

  private Brama brama;
  private final LongAdder delivered = new LongAdder();
  private String id;

  /** Registers "svc" on a Brama whose subscription queues hold 16 events; subscribes. */
  @Setup
  public void setUp() {
    brama = Brama.builder().eventQueueCapacity(16).build();
    brama.register("svc");
    switch (subscriber) {
      case "none" -> { }
      case "stateChange" -> brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), this::slow);
      case "all" -> brama.subscribe(EventFilter.all(), this::slow);
      default -> throw new IllegalArgumentException(subscriber);
    }
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
  }

  private void slow(BramaEvent e) {
    delivered.increment();
    LockSupport.parkNanos(100_000);
  }

  /** Stops the Brama (and its event threads). */
  @TearDown
  public void tearDown() {
    brama.close();
  }

  /** {@code brama.call(id, action)}, always succeeding. */
  @Benchmark
  public int call() {
    return brama.call(id, OK);
  }

  /** {@code brama.call(id, action)}, every tenth call of each thread failing. */
  @Benchmark
  public int failureMix(FailureMixBenchmark.Tick t) {
    try {
      return brama.call(id, t.fails() ? FAILING : OK);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
