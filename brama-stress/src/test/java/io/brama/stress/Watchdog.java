package io.brama.stress;

import java.util.Map;

/**
 * The last line of defence against a hang (Lincheck has had hangs on JDK 17): once armed, a daemon
 * thread prints every thread's stack and halts the JVM after {@code brama.stress.maxSeconds}
 * (default 480), so the forked test JVM, and CI, always end. Surefire's fork timeout is a second
 * bound.
 */
final class Watchdog {
  private static boolean armed;

  private Watchdog() {}

  static synchronized void arm() {
    if (armed) {
      return;
    }
    armed = true;
    long seconds = Long.getLong("brama.stress.maxSeconds", 480);
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(seconds * 1000);
      } catch (InterruptedException e) {
        return;
      }
      StringBuilder b = new StringBuilder("brama-stress watchdog: still running after " + seconds
          + " s; halting. Threads:\n");
      for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
        b.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState())
            .append('\n');
        for (StackTraceElement f : e.getValue()) {
          b.append("    at ").append(f).append('\n');
        }
      }
      System.err.println(b);
      System.err.flush();
      Runtime.getRuntime().halt(3);
    }, "brama-stress-watchdog");
    t.setDaemon(true);
    t.start();
  }
}
