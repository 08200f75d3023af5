package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.Circuit;
import io.brama.ConnectionConfig;
import io.brama.FailurePolicy;
import io.brama.Permit;
import io.brama.Registration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * The closed-circuit hot path, no subscribers, trivial action, one connection shared by all threads;
 * with the direct call (the baseline) and the "limit" reference ({@link MinimalBreaker}: the least a
 * named breaker can do). The peers' same workload is {@link PeerBenchmark}.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar HotPathBenchmark -prof gc -t 1} (and {@code -t 2}); both
 * thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only HotPathBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {
  private static final CheckedCallable<Integer, RuntimeException> ACTION = () -> 42;

  private Brama brama;
  /** The same connection in a Brama that counts calls ({@code countCalls(true)}, for metrics). */
  private Brama countingBrama;
  private Circuit countingCircuit;
  private Circuit circuit;
  private Circuit counted;
  private Circuit timed;
  /** A rate policy with slow calls: its tryAcquire hands out a permit that times itself. */
  private Circuit slowMeasured;
  private MinimalBreaker limit;
  private String id;
  private final LongAdder floorAdder = new LongAdder();

  /** Registers one connection (and the same id in the reference). */
  @Setup
  public void setUp() {
    brama = Brama.create();
    circuit = brama.register("svc");
    countingBrama = Brama.builder().countCalls(true).build();
    countingCircuit = countingBrama.register("svc");
    counted = brama.register("counted", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 100, 100)).build()).build());
    timed = brama.register("timed", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.timedRate(50, Duration.ofSeconds(10), 100)).build()).build());
    slowMeasured = brama.register("slow-measured", Registration.builder().config(ConnectionConfig
        .builder().failurePolicy(FailurePolicy.rate(50, 100, 100))
        .slowCall(Duration.ofSeconds(1), 100).build()).build());
    limit = new MinimalBreaker();
    limit.register("svc");
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
  }

  /** Stops the Brama's timer. */
  @TearDown
  public void tearDown() {
    brama.close();
    countingBrama.close();
  }

  /** {@code brama.call(id, action)}: name lookup included. */
  @Benchmark
  public Integer call() {
    return brama.call(id, ACTION);
  }

  /** {@code circuit.call(action)}: no name lookup. */
  @Benchmark
  public Integer circuitCall() {
    return circuit.call(ACTION);
  }

  /** The original API by hand: {@code available(id)} then {@code success(id)}. */
  @Benchmark
  public boolean availableSuccess() {
    boolean ok = brama.available(id);
    brama.success(id);
    return ok;
  }

  /** {@code circuit.call(action)} under a count-based rate policy (last 100 calls). */
  @Benchmark
  public Integer countRateCall() {
    return counted.call(ACTION);
  }

  /** {@code circuit.call(action)} under a time-based rate policy (last 10 s). */
  @Benchmark
  public Integer timedRateCall() {
    return timed.call(ACTION);
  }

  /** {@code tryAcquire(id)} then {@code permit.success()}. */
  @Benchmark
  public boolean tryAcquireSuccess() {
    Permit p = brama.tryAcquire(id);
    p.success();
    return p.granted();
  }

  /**
   * {@link #tryAcquireSuccess} on a connection that measures slow calls: the permit remembers its
   * grant instant (one small object and two clock reads per call, only on such connections).
   */
  @Benchmark
  public boolean tryAcquireSuccessTimed() {
    Permit p = slowMeasured.tryAcquire();
    p.success();
    return p.granted();
  }

  /** {@link #call} with call counting on. */
  @Benchmark
  public Integer callCounted() {
    return countingBrama.call(id, ACTION);
  }

  /** {@link #circuitCall} with call counting on. */
  @Benchmark
  public Integer circuitCallCounted() {
    return countingCircuit.call(ACTION);
  }

  /** {@link #availableSuccess} with call counting on. */
  @Benchmark
  public boolean availableSuccessCounted() {
    boolean ok = countingBrama.available(id);
    countingBrama.success(id);
    return ok;
  }

  /** {@link #tryAcquireSuccess} with call counting on. */
  @Benchmark
  public boolean tryAcquireSuccessCounted() {
    Permit p = countingBrama.tryAcquire(id);
    p.success();
    return p.granted();
  }

  /**
   * The floor of any exact concurrent counter: one {@code LongAdder.increment()} on an adder shared
   * by the benchmark threads, which is what a counted call adds (an uncontended CAS at 1 thread).
   */
  @Benchmark
  public LongAdder counterFloor() {
    floorAdder.increment();
    return floorAdder;
  }

  /** The action called directly: the baseline. */
  @Benchmark
  public Integer direct() {
    return ACTION.call();
  }

  /**
   * The "limit": {@link MinimalBreaker#available} + {@link MinimalBreaker#success}, two map lookups,
   * one volatile read, one plain read, no write.
   */
  @Benchmark
  public boolean limit() {
    boolean ok = limit.available(id);
    limit.success(id);
    return ok;
  }
}
