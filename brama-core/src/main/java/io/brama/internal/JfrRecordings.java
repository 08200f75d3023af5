package io.brama.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * The part of {@link Jfr} that names {@code jdk.jfr} types: loaded only when it is present. It
 * follows recordings with a listener, which JFR calls whenever one starts or stops, and sets
 * {@link Jfr}'s flags from what the running recordings enable; adding the listener does not start
 * JFR, so an application that never records pays for nothing but this class.
 */
final class JfrRecordings {
  private static final System.Logger LOG = System.getLogger("io.brama.Brama");
  private static final AtomicBoolean WATCHING = new AtomicBoolean();

  private JfrRecordings() {}

  static void watch() {
    if (!WATCHING.compareAndSet(false, true)) {
      return;
    }
    try {
      FlightRecorder.addListener(new FlightRecorderListener() {
        @Override
        public void recorderInitialized(FlightRecorder recorder) {
          update();
        }

        @Override
        public void recordingStateChanged(Recording recording) {
          update();
        }
      });
      if (FlightRecorder.isInitialized()) {
        update(); // a recording may be running already (-XX:StartFlightRecording)
      }
    } catch (RuntimeException | LinkageError e) { // a JVM without JFR support: no events
      LOG.log(Level.DEBUG, "JFR events off: " + e);
    }
  }

  private static void update() {
    Jfr.stateChanges = EventType.getEventType(StateChangeEvent.class).isEnabled();
    Jfr.rejections = EventType.getEventType(RejectedEvent.class).isEnabled();
  }

  static void stateChanged(ConnectionCore core, Change.Pending change) {
    StateChangeEvent e = new StateChangeEvent();
    if (!e.isEnabled()) {
      return;
    }
    e.connection = core.id();
    e.type = core.type();
    e.scope = core.scope();
    e.from = String.valueOf(change.previous());
    e.to = String.valueOf(change.state());
    e.reason = change.reason() == null ? null : Safe.describe(change.reason());
    e.commit();
  }

  static void rejected(String connection, long retryAfterNanos, long count) {
    RejectedEvent e = new RejectedEvent();
    if (!e.isEnabled()) {
      return;
    }
    e.connection = connection;
    e.retryAfter = Math.max(0, retryAfterNanos) / 1_000_000;
    e.count = count;
    e.commit();
  }
}
