package io.brama.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link HotPathBenchmark}'s workload through the peers, default configurations: a closed circuit, a
 * trivial action, one breaker shared by all threads. Resilience4j 2.4.0 (COUNT_BASED window of 100)
 * and Failsafe 3.3.2 ({@code CircuitBreaker.ofDefaults()}).
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar PeerBenchmark -prof gc -t 1} (and {@code -t 2}); both
 * thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only PeerBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeerBenchmark {
  private static final Supplier<Integer> SUPPLIER = () -> 42;
  private static final CheckedSupplier<Integer> CHECKED = () -> 42;

  private CircuitBreaker r4j;
  private CircuitBreakerRegistry r4jRegistry;
  private dev.failsafe.CircuitBreaker<Integer> failsafe;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private String id;

  /** Default breakers; the registry holds "svc". */
  @Setup
  public void setUp() {
    r4j = CircuitBreaker.ofDefaults("svc");
    r4jRegistry = CircuitBreakerRegistry.ofDefaults();
    r4jRegistry.circuitBreaker("svc");
    failsafe = dev.failsafe.CircuitBreaker.ofDefaults();
    failsafeExecutor = Failsafe.with(failsafe);
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
  }

  /** Resilience4j {@code breaker.executeSupplier}. */
  @Benchmark
  public Integer r4jExecute() {
    return r4j.executeSupplier(SUPPLIER);
  }

  /** Resilience4j {@code registry.circuitBreaker(name).executeSupplier}: name lookup included. */
  @Benchmark
  public Integer r4jRegistryExecute() {
    return r4jRegistry.circuitBreaker(id).executeSupplier(SUPPLIER);
  }

  /** Resilience4j {@code tryAcquirePermission} + {@code onSuccess} (duration 0: no clock read). */
  @Benchmark
  public boolean r4jPermit() {
    boolean ok = r4j.tryAcquirePermission();
    r4j.onSuccess(0, TimeUnit.NANOSECONDS);
    return ok;
  }

  /** Failsafe {@code Failsafe.with(breaker).get}: an executor built per call. */
  @Benchmark
  public Integer failsafeWithGet() {
    return Failsafe.with(failsafe).get(CHECKED);
  }

  /** Failsafe {@code executor.get} on a prebuilt executor. */
  @Benchmark
  public Integer failsafeExecutorGet() {
    return failsafeExecutor.get(CHECKED);
  }

  /** Failsafe {@code tryAcquirePermit} + {@code recordSuccess}. */
  @Benchmark
  public boolean failsafePermit() {
    boolean ok = failsafe.tryAcquirePermit();
    failsafe.recordSuccess();
    return ok;
  }
}
