package io.brama.stress;

import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Lincheck runs with bounded effort: fixed iterations and invocations (scaled by the system
 * property {@code brama.lincheck.scale}, default 1), and Lincheck's own per-invocation time limit,
 * so a hung invocation fails the test instead of stalling it. {@link Watchdog} bounds the whole JVM.
 */
final class Lin {
  /** Lincheck's limit for one invocation (one run of one history), in ms. */
  static final long INVOCATION_TIMEOUT_MS = 30_000;

  private Lin() {}

  static int scaled(int n) {
    return Math.max(1, (int) Math.round(n * Double.parseDouble(
        System.getProperty("brama.lincheck.scale", "1"))));
  }

  static void modelCheck(Class<?> test, Class<?> spec, int threads, int actorsPerThread,
      int before, int after, int iterations, int invocations, Scenarios.Targeted... targeted) {
    Watchdog.arm();
    long t0 = System.nanoTime();
    ModelCheckingOptions o = new ModelCheckingOptions();
    for (Scenarios.Targeted t : targeted) {
      o.addCustomScenario(Scenarios.build(test, t));
    }
    o
        .threads(threads)
        .actorsPerThread(actorsPerThread)
        .actorsBefore(before)
        .actorsAfter(after)
        .iterations(scaled(iterations))
        .invocationsPerIteration(invocations)
        .sequentialSpecification(spec)
        .invocationTimeout$lincheck(INVOCATION_TIMEOUT_MS)
        // the JDK's concurrent collections are taken as atomic; Brama's own code is explored
        .analyzeStdLib$lincheck(false)
        // the harness's checks need no interleaving of their own
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(EventChecks.class.getName())
            .allMethods().ignore())
        // the timer queue's operations are critical sections under its lock (its heap has its own
        // model test, TimerQueueTest): one step each, not a maze of heap writes to explore
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses("io.brama.internal.TimerQueue")
            .methods("schedule", "armNoLater", "remove", "nextDue").treatAsAtomic())
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses("io.brama.internal.TimerQueue$Timer")
            .methods("cancel").treatAsAtomic())
        // arming a connection's wake-up is idempotent; its map lives across histories, so a
        // history cut short must not leave it half-resized
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses("io.brama.internal.Scheduler")
            .methods("wakeAt", "wake", "disarm").treatAsAtomic())
        .check(test);
    report(test, "model checking", iterations, targeted.length, invocations, t0);
  }

  static void stress(Class<?> test, Class<?> spec, int threads, int actorsPerThread, int before,
      int after, int iterations, int invocations, Scenarios.Targeted... targeted) {
    Watchdog.arm();
    long t0 = System.nanoTime();
    StressOptions o = new StressOptions();
    for (Scenarios.Targeted t : targeted) {
      o.addCustomScenario(Scenarios.build(test, t));
    }
    o
        .threads(threads)
        .actorsPerThread(actorsPerThread)
        .actorsBefore(before)
        .actorsAfter(after)
        .iterations(scaled(iterations))
        .invocationsPerIteration(invocations)
        .sequentialSpecification(spec)
        .invocationTimeout$lincheck(INVOCATION_TIMEOUT_MS)
        .check(test);
    report(test, "stress", iterations, targeted.length, invocations, t0);
  }

  private static void report(Class<?> test, String mode, int iterations, int targeted,
      int invocations, long t0) {
    System.out.printf("lincheck %s %s: (%d random + %d targeted) scenarios x %d invocations"
        + " in %.1f s (java %s)%n", test.getSimpleName(), mode, scaled(iterations), targeted,
        invocations,
        (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"));
  }

}
