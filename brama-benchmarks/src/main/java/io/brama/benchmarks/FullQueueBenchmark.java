package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Subscription;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call whose per-call event nobody can take: {@code brama.call(id, action)} on a closed circuit
 * with one subscriber to SUCCESS, FAILURE and REJECTED whose listener never returns, so its queue
 * (16 events) is full and every per-call event is dropped (and counted), beside the same call on a
 * Brama with no subscriber. Issue 16's floor: the full-queue call costs at most 10x the plain one at
 * 1 thread.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar FullQueueBenchmark -prof gc -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FullQueueBenchmark {
  private static final CheckedCallable<Integer, RuntimeException> OK = () -> 42;

  private final CountDownLatch never = new CountDownLatch(1);
  private Brama plain;
  private Brama full;
  private Subscription subscription;
  private String id;

  /**
   * Registers "svc" on both Bramas; calls until a per-call event is dropped: the listener holds
   * the first event forever, so from then on the queue stays full.
   */
  @Setup
  public void setUp() {
    plain = Brama.builder().build();
    plain.register("svc");
    full = Brama.builder().eventQueueCapacity(16).build();
    full.register("svc");
    subscription = full.subscribe(EventFilter.of(EventType.SUCCESS, EventType.FAILURE,
        EventType.REJECTED), e -> block());
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (subscription.droppedEvents() == 0) {
      full.call(id, OK);
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the subscriber's queue never filled");
      }
    }
  }

  private void block() {
    try {
      never.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Releases the listener; stops both Bramas. */
  @TearDown
  public void tearDown() {
    never.countDown();
    full.close();
    plain.close();
  }

  /** {@code brama.call(id, action)}, no subscriber. */
  @Benchmark
  public int plainCall() {
    return plain.call(id, OK);
  }

  /** {@code brama.call(id, action)}, the one subscriber's queue full. */
  @Benchmark
  public int fullQueueCall() {
    return full.call(id, OK);
  }
}
