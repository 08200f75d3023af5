package io.brama.stress;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.CircuitState;
import io.brama.EventType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Threads, virtual threads, JFR and an event-stream checker for the stress tests. */
final class StressKit {
  private StressKit() {}

  /** The kind of thread the workers run on. */
  enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    /** Skips the test (JUnit assumption) when this JDK has no virtual threads. */
    void assumeAvailable() {
      if (this == VIRTUAL) {
        assumeTrue(virtualFactory() != null, "virtual threads need JDK 21+, this is "
            + Runtime.version());
      }
    }

    ThreadFactory factory() {
      if (this == PLATFORM) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
          Thread t = new Thread(r, "stress-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
      }
      ThreadFactory f = virtualFactory();
      if (f == null) {
        throw new IllegalStateException("no virtual threads on " + Runtime.version());
      }
      return f;
    }
  }

  /** {@code Thread.ofVirtual().name("vstress-", 1).factory()} through reflection (JDK 21+), or null. */
  static ThreadFactory virtualFactory() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      builder = ofVirtual.getMethod("name", String.class, long.class)
          .invoke(builder, "vstress-", 1L);
      return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
          .invoke(builder);
    } catch (NoSuchMethodException | ClassNotFoundException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create virtual threads", e);
    }
  }

  /** One worker's loop: runs until {@code go} says stop. */
  @FunctionalInterface
  interface Body {
    void run(int index, SplittableRandom random, BooleanSupplier go) throws Throwable;
  }

  /**
   * Runs {@code body} on {@code threads} threads of {@code kind}, released together by a barrier,
   * for {@code duration} (from the moment all are released). A worker that throws stops them all;
   * every failure is rethrown, with the seed that reproduces the random choices.
   */
  static void hammer(ThreadKind kind, int threads, Duration duration, long seed, Body body)
      throws InterruptedException {
    AtomicLong deadline = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads,
        () -> deadline.set(System.nanoTime() + duration.toNanos()));
    AtomicBoolean abort = new AtomicBoolean();
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    BooleanSupplier go = () -> !abort.get() && System.nanoTime() - deadline.get() < 0;
    ThreadFactory factory = kind.factory();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread t = factory.newThread(() -> {
        try {
          start.await(30, TimeUnit.SECONDS);
          body.run(index, new SplittableRandom(seed * 31 + index), go);
        } catch (Throwable e) {
          errors.add(e);
          abort.set(true);
        }
      });
      started.add(t);
      t.start();
    }
    long joinMillis = duration.toMillis() + 60_000;
    for (Thread t : started) {
      t.join(joinMillis);
      if (t.isAlive()) {
        abort.set(true);
        errors.add(new AssertionError(t + " did not stop within " + joinMillis + " ms"));
        t.interrupt();
      }
    }
    if (!errors.isEmpty()) {
      AssertionError e = new AssertionError(errors.size() + " worker(s) failed ("
          + kind + ", seed " + seed + "): " + errors.peek(), errors.peek());
      errors.stream().skip(1).limit(5).forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Adds {@code message} to {@code sink} unless it already holds 50 (enough to diagnose). */
  static void violation(Collection<String> sink, String message) {
    if (sink.size() < 50) {
      sink.add(message);
    }
  }

  // ---- JFR: read through reflection, since module io.brama (whose test patch this is) does not
  // read jdk.jfr. At run time the tests are on the class path, where jdk.jfr is readable. ----

  /** A JFR recording of {@code jdk.VirtualThreadPinned} with threshold 0 (JDK 21+). */
  static final class PinnedRecording implements AutoCloseable {
    static final String EVENT = "jdk.VirtualThreadPinned";
    private final Object recording;
    private final Class<?> recordingClass;

    private PinnedRecording() throws ReflectiveOperationException {
      recordingClass = Class.forName("jdk.jfr.Recording");
      recording = recordingClass.getConstructor().newInstance();
      Object settings = recordingClass.getMethod("enable", String.class).invoke(recording, EVENT);
      Class<?> eventSettings = Class.forName("jdk.jfr.EventSettings");
      eventSettings.getMethod("withThreshold", Duration.class).invoke(settings, Duration.ZERO);
      eventSettings.getMethod("withStackTrace").invoke(settings);
      recordingClass.getMethod("start").invoke(recording);
    }

    /** Starts a recording; fails if this JDK's JFR does not know the event type. */
    static PinnedRecording start() throws ReflectiveOperationException {
      Class<?> fr = Class.forName("jdk.jfr.FlightRecorder");
      Object recorder = fr.getMethod("getFlightRecorder").invoke(null);
      List<?> types = (List<?>) fr.getMethod("getEventTypes").invoke(recorder);
      Method name = Class.forName("jdk.jfr.EventType").getMethod("getName");
      boolean known = false;
      for (Object t : types) {
        known |= EVENT.equals(name.invoke(t));
      }
      if (!known) {
        throw new AssertionError("JFR of " + Runtime.version() + " has no " + EVENT + " event");
      }
      return new PinnedRecording();
    }

    /** Stops, dumps and reads the recording: the pinned events, as text with their stacks. */
    List<String> stopAndReadPinned() throws Exception {
      recordingClass.getMethod("stop").invoke(recording);
      Path file = Files.createTempFile("brama-stress-", ".jfr");
      try {
        recordingClass.getMethod("dump", Path.class).invoke(recording, file);
        Class<?> recordingFile = Class.forName("jdk.jfr.consumer.RecordingFile");
        List<?> events = (List<?>) recordingFile.getMethod("readAllEvents", Path.class)
            .invoke(null, file);
        Class<?> recordedEvent = Class.forName("jdk.jfr.consumer.RecordedEvent");
        Method type = recordedEvent.getMethod("getEventType");
        Method typeName = Class.forName("jdk.jfr.EventType").getMethod("getName");
        List<String> pinned = new ArrayList<>();
        for (Object e : events) {
          if (EVENT.equals(typeName.invoke(type.invoke(e)))) {
            pinned.add(e.toString());
          }
        }
        return pinned;
      } finally {
        Files.deleteIfExists(file);
      }
    }

    @Override
    public void close() throws ReflectiveOperationException {
      recordingClass.getMethod("close").invoke(recording);
    }
  }

  // ---- the event stream ----

  /**
   * Checks every event it receives, per connection, as it arrives (so that millions of events need
   * no memory): sequence numbers strictly consecutive from REGISTERED = 1; each STATE_CHANGE starts
   * from the state the previous one ended in (so one transition never yields two events) and is a
   * move the state machine has; every other event carries previousState null and newState = the
   * current state; timestamps never go back. A CONFIGURED event whose reason is {@code marker}
   * (by identity) says that every event posted before it has arrived.
   */
  static final class EventChecker implements BramaListener {
    static final String TRIAL_TIMEOUT = "half-open trial not completed within";

    /** One connection's stream. Written by the single delivery of the subscription. */
    static final class Track {
      long sequence;
      CircuitState state;
      Instant time = Instant.MIN;
      final Map<EventType, Long> counts = new EnumMap<>(EventType.class);
      long trialTimeouts;
      long stateChanges;
      boolean marked;

      long count(EventType type) {
        return counts.getOrDefault(type, 0L);
      }
    }

    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Object marker;
    private final AtomicInteger marked = new AtomicInteger();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();

    /** Checks the connections {@code ids} (events of any other connection are a violation). */
    EventChecker(Collection<String> ids, Object marker) {
      for (String id : ids) {
        tracks.put(id, new Track());
      }
      this.marker = marker;
    }

    @Override
    public void onEvent(BramaEvent e) {
      Track t = tracks.get(e.connection());
      if (t == null) {
        violation(violations, "event of an unexpected connection: " + e);
        return;
      }
      if (e.sequence() != t.sequence + 1) {
        violation(violations, e.connection() + ": sequence " + e.sequence() + " after "
            + t.sequence + ": " + e);
      }
      t.sequence = e.sequence();
      if (e.timestamp().isBefore(t.time)) {
        violation(violations, e.connection() + ": timestamp went back from " + t.time + ": " + e);
      } else {
        t.time = e.timestamp();
      }
      t.counts.merge(e.type(), 1L, Long::sum);
      switch (e.type()) {
        case REGISTERED -> {
          if (e.sequence() != 1 || t.state != null || e.newState() != CircuitState.CLOSED) {
            violation(violations, e.connection() + ": bad REGISTERED " + e);
          }
          t.state = CircuitState.CLOSED;
        }
        case STATE_CHANGE -> {
          t.stateChanges++;
          if (e.previousState() != t.state || e.newState() == null
              || e.newState() == e.previousState()
              || (e.previousState() == CircuitState.CLOSED
                  && e.newState() == CircuitState.HALF_OPEN)) {
            violation(violations, e.connection() + ": STATE_CHANGE " + e.previousState() + " -> "
                + e.newState() + " while the stream says " + t.state + " (seq " + e.sequence()
                + "): " + e);
          }
          t.state = e.newState();
        }
        default -> {
          if (e.previousState() != null || e.newState() != t.state) {
            violation(violations, e.connection() + ": " + e.type() + " says " + e.previousState()
                + " -> " + e.newState() + " while the stream says " + t.state + ": " + e);
          }
          if (e.type() == EventType.FAILURE && e.reason() instanceof String s
              && s.startsWith(TRIAL_TIMEOUT)) {
            t.trialTimeouts++;
            if (t.state != CircuitState.HALF_OPEN) {
              violation(violations, e.connection() + ": trial timeout outside HALF_OPEN: " + e);
            }
          }
          if (e.type() == EventType.CONFIGURED && e.reason() == marker) {
            t.marked = true;
            marked.incrementAndGet(); // publishes this track's fields to the reader
          }
        }
      }
    }

    /** How many connections' markers have arrived (a volatile read: the tracks are then visible). */
    int marked() {
      return marked.get();
    }

    Track track(String id) {
      return tracks.get(id);
    }
  }
}
