package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Registration;
import io.brama.Subscription;
import io.brama.internal.EventSequencerTest.ManualExecutor;
import io.brama.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription's saturation edges, on an executor the test runs by hand: it stops counting among
 * those that can take per-call events when its queue is full and a per-call event is dropped, and
 * counts again once delivery has brought the queue down to half its capacity. And the engine's
 * registrations and removals with nobody listening: no task at all, yet retirement and the
 * re-registration order are kept.
 */
class SaturationTest {
  private final ManualExecutor executor = new ManualExecutor();
  private final Engine engine = new Engine(BramaConfig.defaults(), new ManualClock(), executor, 4);
  private final EventBus bus = engine.bus();

  @AfterEach
  void close() {
    executor.runAll();
    Thread closer = new Thread(engine::close); // close() waits for idle; run the tasks it leaves
    closer.start();
    while (closer.isAlive()) {
      executor.runAll();
      Thread.onSpinWait();
    }
  }

  private static BramaEvent success(ConnectionCore core, long sequence) {
    return new BramaEvent(EventType.SUCCESS, core.id(), null, null, null, sequence, null,
        CircuitState.CLOSED, null);
  }

  @Test
  void aFullQueueSaturatesAndHalfADrainedOneTakesPerCallEventsAgain() {
    ConnectionCore core = new ConnectionCore(engine, "a", null, null, Map.of(),
        Settings.of(BramaConfig.defaults()), 0, false);
    List<Boolean> wantedWhileDelivering = new ArrayList<>();
    Subscription s = bus.subscribe(EventFilter.of(EventType.SUCCESS),
        e -> wantedWhileDelivering.add(bus.wants(EventType.SUCCESS)));
    assertThat(bus.wants(EventType.SUCCESS)).isTrue();
    assertThat(bus.wants(EventType.FAILURE)).isFalse();

    for (long n = 1; n <= 4; n++) {
      bus.post(core, success(core, n));
    }
    executor.runNext(); // the drain: 4 queued, capacity reached, nothing dropped yet
    assertThat(bus.wants(EventType.SUCCESS)).isTrue();
    bus.post(core, success(core, 5));
    executor.runNewest(); // the drain drops 5; the delivery task of the first four stays queued
    assertThat(s.droppedEvents()).isEqualTo(1);
    assertThat(bus.wants(EventType.SUCCESS)).isFalse();
    assertThat(bus.perCallMask()).isEqualTo(EventBus.bit(EventType.SUCCESS));

    bus.dropped(core, EventType.SUCCESS); // a fast path's unbuilt event
    bus.dropped(core, EventType.FAILURE); // nobody wants it: nothing counted
    assertThat(s.droppedEvents()).isEqualTo(2);

    executor.runAll();
    // sizes 3, 2 (half of 4: saturation ends), 1, 0 while the events are handed over
    assertThat(wantedWhileDelivering).containsExactly(false, true, true, true);
    bus.dropped(core, EventType.SUCCESS); // not saturated: not a drop of this subscription
    assertThat(s.droppedEvents()).isEqualTo(2);
  }

  @Test
  void unregisteringWithNobodyListeningRetiresWithoutATask() {
    engine.registry().register("a", Registration.empty(), false).open();
    assertThat(engine.registry().unregister("a")).isTrue();
    assertThat(executor.pending()).as("only the retirement").isEqualTo(1);
    assertThat(engine.registry().get("a")).isNotNull();
    executor.runAll();
    assertThat(engine.registry().get("a")).isNull();
  }

  @Test
  void aReRegistrationsEventsFollowItsPredecessorsWhenOnlySomeWereSkipped() {
    List<BramaEvent> seen = new ArrayList<>();
    bus.subscribe(EventFilter.of(EventType.STATE_CHANGE), seen::add);
    // REGISTERED skipped
    ConnectionCore old = engine.registry().register("a", Registration.empty(), false);
    old.open("old"); // posted, not routed yet
    engine.registry().unregister("a"); // UNREGISTERED skipped behind it
    ConnectionCore next = engine.registry().register("a", Registration.empty(), false);
    next.open("next");
    executor.runAll();
    assertThat(seen).extracting(BramaEvent::reason).containsExactly("old", "next");
    assertThat(seen).extracting(BramaEvent::sequence).containsExactly(2L, 2L);
    assertThat(engine.registry().get("a")).isSameAs(next);
    assertThat(EventSequencer.consumed(old)).isEqualTo(3);
  }
}
