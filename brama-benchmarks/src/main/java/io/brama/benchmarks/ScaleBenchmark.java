package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Subscription;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Registry scale: {@code brama.available(id)} over 10, 10,000 and 1,000,000 registered ids, in
 * random order, against a bare {@code ConcurrentHashMap.get} over the same id objects at the same
 * size, and against {@link MinimalBreaker#available} (the map's value holds the state itself: one
 * dependent load after the lookup). Brama's registry is its own table holding the connections, so
 * its lookup goes table slot, connection (id and closed mark), where the map goes table slot, node,
 * value. The order is a precomputed array of 2^22 random indexes, walked from a random start per
 * thread, so the walk itself costs one sequential array read. At 1,000,000 ids both sides are bound
 * by cache misses.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar ScaleBenchmark -prof gc -t 1} (and {@code -t 2}); both
 * thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only ScaleBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScaleBenchmark {
  private static final int ORDER = 1 << 22;
  private static final int MASK = ORDER - 1;

  /** Registered ids. */
  @Param({"10", "10000", "1000000"})
  public int size;

  private String[] ids;
  private int[] order;
  private Brama brama;
  private ConcurrentHashMap<String, Object> map;
  private MinimalBreaker minimal;

  /** Each thread's position in the random order. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    /** A random start, so two threads do not walk the same ids in step. */
    @Setup(Level.Trial)
    public void setUp() {
      i = new SplittableRandom().nextInt(ORDER);
    }
  }

  /**
   * Makes {@code size} ids; registers them in a Brama for {@link #available}, puts them in a bare
   * map for {@link #mapGet}, in a {@link MinimalBreaker} for {@link #minimalAvailable}. Waits until the Brama has delivered its REGISTERED events, so the event
   * thread is idle when the measurement starts (JMH's {@code -prof gc} counts every thread's
   * allocation).
   */
  @Setup
  public void setUp(BenchmarkParams params) throws InterruptedException {
    String benchmark = params.getBenchmark();
    ids = new String[size];
    for (int i = 0; i < size; i++) {
      ids[i] = "connection-" + i;
    }
    if (benchmark.endsWith(".available")) {
      brama = Brama.create();
      CountDownLatch registered = new CountDownLatch(size);
      Subscription s = brama.subscribe(EventFilter.of(EventType.REGISTERED),
          e -> registered.countDown());
      for (String id : ids) {
        brama.register(id);
      }
      if (!registered.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("REGISTERED events not delivered");
      }
      s.close();
    } else if (benchmark.endsWith(".minimalAvailable")) {
      minimal = new MinimalBreaker();
      for (String id : ids) {
        minimal.register(id);
      }
    } else {
      map = new ConcurrentHashMap<>();
      for (String id : ids) {
        map.put(id, Boolean.TRUE);
      }
    }
    SplittableRandom random = new SplittableRandom(42);
    order = new int[ORDER];
    for (int i = 0; i < ORDER; i++) {
      order[i] = random.nextInt(size);
    }
  }

  /**
   * Does not close the Brama: a trial's tear-down runs inside its last measured iteration, where
   * ending 1,000,000 connections would show as allocation per operation. The fork's exit ends the
   * Brama's daemon threads.
   */
  @TearDown
  public void tearDown() {
    brama = null;
  }

  /** {@code brama.available(id)}: the lookup and the state read. */
  @Benchmark
  public boolean available(Cursor c) {
    return brama.available(ids[order[c.i++ & MASK]]);
  }

  /** A bare {@code ConcurrentHashMap.get} of the same ids. */
  @Benchmark
  public Object mapGet(Cursor c) {
    return map.get(ids[order[c.i++ & MASK]]);
  }

  /** {@link MinimalBreaker#available}: the lookup and one volatile read in the map's value. */
  @Benchmark
  public boolean minimalAvailable(Cursor c) {
    return minimal.available(ids[order[c.i++ & MASK]]);
  }
}
