package io.brama.model;

import io.brama.model.Harness.Globals;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based test of the state machine and the registry: random sequences of up to 60 steps
 * (register, unregister, available, tryAcquire, permit completions, success/failure by name,
 * configure, open, reset, call, clock moves, observations), each run against a real Brama on a
 * ManualClock and against {@link ReferenceModel}; after every step the return values, the events and
 * the statuses must agree. The number of sequences is {@code -Dbrama.model.tries} (1,000 by default,
 * 100,000 with {@code -Pthorough}).
 */
class StateMachineModelTest {
  private static final AtomicLong SEQUENCES = new AtomicLong();
  private static final AtomicLong STEPS = new AtomicLong();

  @Property(shrinking = ShrinkingMode.BOUNDED)
  @AddLifecycleHook(TriesFromSystemProperty.class)
  void theImplementationBehavesLikeTheModel(@ForAll("globals") Globals globals,
      @ForAll("sequences") List<Op> steps) {
    try (Harness h = new Harness(globals)) {
      h.run(steps);
    }
    SEQUENCES.incrementAndGet();
    STEPS.addAndGet(steps.size());
  }

  @Provide
  Arbitrary<Globals> globals() {
    return Generators.globals();
  }

  @Provide
  Arbitrary<List<Op>> sequences() {
    return Generators.sequences();
  }

  @AfterContainer
  static void report() {
    System.out.printf("model check: %d sequences passed, %d steps%n", SEQUENCES.get(), STEPS.get());
    if (Boolean.getBoolean("brama.model.coverage")) {
      ReferenceModel.COVERAGE.forEach((rule, n) -> System.out.printf("  %8d  %s%n", n.get(), rule));
    }
  }
}
