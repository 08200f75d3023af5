package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.CircuitBreaker;
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
 * The cost of a {@code @CircuitBreaker} proxy over a direct {@code brama.call} on a closed circuit.
 *
 * The argument counter is per thread, so at 2 threads the benchmark itself shares no written state.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar DecoratorBenchmark -prof gc -t 1} (and {@code -t 2}); both
 * thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only DecoratorBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoratorBenchmark {
  /** The decorated contract. */
  public interface Service {
    /** Returns its argument plus one, through the circuit "svc". */
    @CircuitBreaker("svc")
    int next(int x);

    /** The same, without a circuit. */
    int plain(int x);
  }

  /** The target: trivial work, so the benchmark measures the wrapping. */
  public static final class Target implements Service {
    @Override
    public int next(int x) {
      return x + 1;
    }

    @Override
    public int plain(int x) {
      return x + 1;
    }
  }

  private Brama brama;
  private Service target;
  private Service decorated;
  private String id;

  /** Each thread's own argument counter. */
  @State(Scope.Thread)
  public static class Counter {
    int n;
  }

  /** Registers the circuit and builds the proxy. */
  @Setup
  public void setUp() {
    brama = Brama.create();
    target = new Target();
    decorated = brama.decorate(Service.class, target);
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
  }

  /** Stops the Brama's timer. */
  @TearDown
  public void tearDown() {
    brama.close();
  }

  /** The target called directly: the baseline. */
  @Benchmark
  public int direct(Counter c) {
    return target.next(c.n++);
  }

  /** {@code brama.call(id, action)} around the target. */
  @Benchmark
  public int bramaCall(Counter c) {
    int x = c.n++;
    return brama.call(id, () -> target.next(x));
  }

  /** The {@code @CircuitBreaker} proxy. */
  @Benchmark
  public int proxy(Counter c) {
    return decorated.next(c.n++);
  }

  /** An unannotated method of the proxy: the JDK proxy's own cost. */
  @Benchmark
  public int proxyPassThrough(Counter c) {
    return decorated.plain(c.n++);
  }
}
