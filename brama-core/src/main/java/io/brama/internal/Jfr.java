package io.brama.internal;

import java.util.Optional;

/**
 * Brama's JFR events, {@code io.brama.StateChange} and {@code io.brama.Rejected}, when
 * {@code jdk.jfr} is there and readable (module {@code io.brama} says {@code requires static
 * jdk.jfr}: on the module path it is resolved only when the application asks for it). Nothing here
 * names a {@code jdk.jfr} type: {@link JfrRecordings} and the event classes, which do, are loaded
 * only when it is present, so an application without it runs unchanged. Whether a running
 * recording wants each event is kept in two flags, so that no recording costs one volatile read
 * (and nothing on the closed path, which never looks).
 */
final class Jfr {
  /** Whether {@code jdk.jfr} is in this module's layer and readable by it. */
  static final boolean PRESENT = readable();
  /** A running recording has {@code io.brama.StateChange} enabled. */
  static volatile boolean stateChanges;
  /** A running recording has {@code io.brama.Rejected} enabled. */
  static volatile boolean rejections;

  private Jfr() {}

  private static boolean readable() {
    Module self = Jfr.class.getModule();
    ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
    Optional<Module> jfr = layer.findModule("jdk.jfr");
    try {
      return jfr.isPresent() && self.canRead(jfr.get());
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Starts following recordings (once per JVM), so that the flags say what they want. */
  static void watchRecordings() {
    if (PRESENT) {
      JfrRecordings.watch();
    }
  }

  /** Commits a {@code StateChange} event, when a recording wants it. */
  static void stateChanged(ConnectionCore core, Change.Pending change) {
    if (stateChanges) {
      JfrRecordings.stateChanged(core, change);
    }
  }

  /** Commits a {@code Rejected} event standing for {@code count} rejections. */
  static void rejected(String connection, long retryAfterNanos, long count) {
    if (PRESENT) {
      JfrRecordings.rejected(connection, retryAfterNanos, count);
    }
  }
}
