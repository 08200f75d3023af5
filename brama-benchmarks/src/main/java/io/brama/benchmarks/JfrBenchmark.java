package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.CircuitOpenException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordingStream;
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

/**
 * What Brama's JFR events cost (issue 23): the closed path ({@code call}, {@code tryAcquire} with
 * {@code success}) and the open path ({@code tryAcquire} refused, {@code call} rejected) with no
 * recording, and with a recording that enables {@code io.brama.StateChange} and
 * {@code io.brama.Rejected} (in-process, streamed). The closed path never looks at JFR; the open
 * path reads one flag, and while recording counts each rejection and commits one event per second.
 *
 * <p>Run: {@code java -cp brama-benchmarks/target/benchmarks.jar io.brama.benchmarks.Suite --only
 * JfrBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JfrBenchmark {
  private static final CheckedCallable<Integer, RuntimeException> ACTION = () -> 42;

  /** {@code off}: no recording; {@code recording}: both Brama events enabled and streamed. */
  @Param({"off", "recording"})
  public String jfr;

  private Brama brama;
  private RecordingStream recording;
  private String closed;
  private String open;

  /** A closed and an open (for a day) connection, and the recording when asked for. */
  @Setup(Level.Trial)
  public void setUp() {
    if (jfr.equals("recording")) {
      recording = new RecordingStream();
      recording.enable("io.brama.StateChange");
      recording.enable("io.brama.Rejected");
      recording.onEvent(e -> { });
      recording.startAsync();
    }
    brama = Brama.create();
    brama.register("closed");
    brama.register("open");
    brama.open("open", "benchmark", Duration.ofDays(1));
    closed = "closed"; // fields, so that the JIT cannot fold the lookups away
    open = "open";
  }

  /** Stops the Brama's timer and the recording. */
  @TearDown(Level.Trial)
  public void tearDown() {
    brama.close();
    if (recording != null) {
      recording.close();
    }
  }

  /** {@code call} on a closed circuit. */
  @Benchmark
  public Integer closedCall() {
    return brama.call(closed, ACTION);
  }

  /** {@code tryAcquire} then {@code success} on a closed circuit. */
  @Benchmark
  public void closedTryAcquireSuccess() {
    brama.tryAcquire(closed).success();
  }

  /** {@code tryAcquire} refused by an open circuit. */
  @Benchmark
  public boolean openTryAcquire() {
    return brama.tryAcquire(open).granted();
  }

  /** {@code call} rejected by an open circuit ({@link CircuitOpenException}, no stack trace). */
  @Benchmark
  public Object openCall() {
    try {
      return brama.call(open, ACTION);
    } catch (CircuitOpenException e) {
      return e;
    }
  }
}
