package io.brama;

import static io.brama.EventType.CONFIGURED;
import static io.brama.EventType.REGISTERED;
import static io.brama.EventType.SHARED_STATE;
import static io.brama.EventType.STATE_CHANGE;
import static io.brama.EventType.UNREGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Rule E13, the one notion of lifecycle events: {@link EventFilter#lifecycle()} accepts exactly the types
 * that are not per call (SHARED_STATE included: it reports whether the shared state is reachable;
 * {@code SharingTest} sees it delivered), and a subscription with it receives every such event and
 * nothing else.
 */
class EventFilterLifecycleTest {

  @Test
  void theLifecycleTypesAreTheFiveThatAreNotPerCall() {
    assertThat(EventFilter.lifecycle().types())
        .containsExactlyInAnyOrder(REGISTERED, UNREGISTERED, STATE_CHANGE, CONFIGURED,
            SHARED_STATE);
    for (EventType t : EventType.values()) {
      assertThat(t.isLifecycle()).as(t.name()).isNotEqualTo(t.isPerCall());
      assertThat(EventFilter.lifecycle().accepts(t)).as(t.name()).isEqualTo(t.isLifecycle());
    }
    assertThat(EnumSet.complementOf(EnumSet.copyOf(EventFilter.lifecycle().types())))
        .containsExactlyInAnyOrder(EventType.SUCCESS, EventType.FAILURE, EventType.REJECTED);
    assertThat(EventFilter.lifecycle()).isEqualTo(EventFilter.of(REGISTERED, UNREGISTERED,
        STATE_CHANGE, CONFIGURED, SHARED_STATE));
  }

  @Test
  void aLifecycleSubscriptionGetsEveryLifecycleEventAndNoPerCallOne() {
    EventRecorder lifecycle = new EventRecorder();
    try (Brama brama = TestBrama.direct(new ManualClock(), BramaConfig.defaults())) {
      EventRecorder all = EventRecorder.subscribe(brama);
      brama.subscribe(EventFilter.lifecycle(), lifecycle);

      brama.register("a");
      brama.failure("a", "timeout");
      brama.success("a");
      brama.open("a", "maintenance");
      brama.tryAcquire("a"); // REJECTED
      brama.configure("a", ConnectionConfig.builder().maxAttempts(2).build());
      brama.reset("a");
      brama.unregister("a");

      assertThat(all.types()).contains(EventType.SUCCESS, EventType.FAILURE, EventType.REJECTED);
      assertThat(lifecycle.events())
          .containsExactlyElementsOf(all.events().stream().filter(e -> e.type().isLifecycle())
              .toList());
      assertThat(lifecycle.types()).containsExactly(REGISTERED, STATE_CHANGE, CONFIGURED,
          STATE_CHANGE, UNREGISTERED);
    }
  }
}
