package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.EventType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

/** Brama events as Spring application events: lifecycle by default, per-call on request. */
class BramaEventsTest {
  private final ApplicationContextRunner runner = Contexts.runner()
      .withBean(Listener.class, Listener::new)
      .withInitializer(Contexts.yaml("""
          brama.connections:
            "[payment_api]": { max-attempts: 1 }
          """));

  /** An ordinary {@code @EventListener} bean. */
  static class Listener {
    final List<BramaEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(BramaEvent event) {
      events.add(event);
    }

    List<EventType> types() {
      return events.stream().map(BramaEvent::type).toList();
    }
  }

  /** A CONFIGURED event is always published and in order: once it arrived, so did all before it. */
  private static void awaitMarker(Brama brama, Listener listener) {
    brama.configure("payment_api", ConnectionConfig.empty());
    await().atMost(Duration.ofSeconds(5))
        .until(() -> listener.types().contains(EventType.CONFIGURED));
  }

  /** One success, one failure (which opens), one refused call; then the marker. */
  private static void succeedFailAndBeRefused(Brama brama, Listener listener) {
    brama.success("payment_api");
    brama.failure("payment_api", "timeout");
    brama.available("payment_api");
    awaitMarker(brama, listener);
  }

  @Test
  void stateChangesArePublishedAndPerCallEventsAreNot() {
    runner.run(context -> {
      Listener listener = context.getBean(Listener.class);
      succeedFailAndBeRefused(context.getBean(Brama.class), listener);

      assertThat(listener.types()).containsExactly(EventType.STATE_CHANGE, EventType.CONFIGURED);
      BramaEvent opened = listener.events.get(0);
      assertThat(opened.connection()).isEqualTo("payment_api");
      assertThat(opened.previousState()).isEqualTo(CircuitState.CLOSED);
      assertThat(opened.newState()).isEqualTo(CircuitState.OPEN);
      assertThat(opened.reason()).isEqualTo("timeout");
    });
  }

  @Test
  void registrationsAfterStartUpArePublished() {
    runner.run(context -> {
      Brama brama = context.getBean(Brama.class);
      Listener listener = context.getBean(Listener.class);
      brama.register("late");
      brama.unregister("late");
      awaitMarker(brama, listener);
      assertThat(listener.types()).containsExactly(EventType.REGISTERED, EventType.UNREGISTERED,
          EventType.CONFIGURED);
    });
  }

  @Test
  void perCallEventsArePublishedWhenAskedFor() {
    runner.withPropertyValues("brama.events.per-call=true").run(context -> {
      Listener listener = context.getBean(Listener.class);
      succeedFailAndBeRefused(context.getBean(Brama.class), listener);
      assertThat(listener.types()).containsExactly(EventType.SUCCESS, EventType.FAILURE,
          EventType.STATE_CHANGE, EventType.REJECTED, EventType.CONFIGURED);
    });
  }

  @Test
  void publishingCanBeSwitchedOff() {
    runner.withPropertyValues("brama.events.publish=false").run(context -> {
      assertThat(context).doesNotHaveBean(BramaEventPublisher.class);
      Brama brama = context.getBean(Brama.class);
      Listener listener = context.getBean(Listener.class);
      List<BramaEvent> direct = new CopyOnWriteArrayList<>();
      brama.subscribe(direct::add);
      brama.failure("payment_api", "timeout");
      brama.configure("payment_api", ConnectionConfig.empty());
      await().atMost(Duration.ofSeconds(5)).until(() -> direct.stream()
          .anyMatch(e -> e.type() == EventType.CONFIGURED));
      assertThat(listener.events).isEmpty();
    });
  }
}
