package io.brama.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/**
 * Rules J1 and J2: a JFR recording sees every state change as {@code io.brama.StateChange} and the
 * rejections as {@code io.brama.Rejected}, at most one event per connection per second of the
 * Brama's clock, each carrying how many rejections it stands for; what is left is committed when
 * the circuit stops refusing.
 */
class JfrEventsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void aRecordingSeesStateChangesAndRejectionsAtMostOncePerSecondWithTheirCount() {
    String id = "jfr_payment_api_" + System.nanoTime(); // other tests may record beside this one
    List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock();
    try (RecordingStream recording = new RecordingStream();
        Brama brama = Brama.builder().clock(clock)
            .config(BramaConfig.builder().maxAttempts(2).expiry(Duration.ofSeconds(10)).build())
            .build()) {
      recording.enable("io.brama.StateChange");
      recording.enable("io.brama.Rejected");
      recording.onEvent("io.brama.StateChange", e -> keep(seen, e, id));
      recording.onEvent("io.brama.Rejected", e -> keep(seen, e, id));
      recording.startAsync();
      brama.register(id, Registration.builder().type("http").scope("payments").build());

      brama.failure(id, new IOException("connection refused"));
      brama.failure(id, new IOException("connection refused")); // OPEN
      for (int i = 0; i < 5; i++) {
        assertThat(brama.available(id)).isFalse(); // the first commits at once, 4 wait
      }
      clock.advance(Duration.ofMillis(999));
      assertThat(brama.available(id)).isFalse(); // still within the second: 5 wait
      clock.advance(Duration.ofMillis(1));
      assertThat(brama.available(id)).isFalse(); // a second later: commits 6
      assertThat(brama.available(id)).isFalse();
      assertThat(brama.available(id)).isFalse(); // 2 wait for the circuit to stop refusing
      clock.advance(Duration.ofSeconds(9));
      assertThat(brama.available(id)).isTrue(); // HALF_OPEN: commits the 2
      brama.success(id); // CLOSED

      await().atMost(DEADLINE).until(() -> summary(seen).size() == 6);
    }
    assertThat(summary(seen)).containsExactly(
        "StateChange CLOSED -> OPEN type=http scope=payments reason=java.io.IOException: "
            + "connection refused",
        "Rejected count=1 retryAfter=10000 ms",
        "Rejected count=6 retryAfter=9000 ms",
        "StateChange OPEN -> HALF_OPEN type=http scope=payments reason=null",
        "Rejected count=2 retryAfter=9000 ms",
        "StateChange HALF_OPEN -> CLOSED type=http scope=payments reason=null");
  }

  @Test
  void theEventTypesAreNamedLabelledInTheBramaCategoryAndEnabledByDefault() {
    FlightRecorder.getFlightRecorder(); // registers the event types Brama has loaded
    try (Brama brama = Brama.create()) {
      brama.register("types");
      brama.open("types", "to load the event classes");
    }
    List<EventType> types = FlightRecorder.getFlightRecorder().getEventTypes().stream()
        .filter(t -> t.getName().startsWith("io.brama.")).toList();
    assertThat(types).extracting(EventType::getName)
        .contains("io.brama.StateChange", "io.brama.Rejected");
    for (EventType t : types) {
      assertThat(t.getCategoryNames()).containsExactly("Brama");
      assertThat(t.getLabel()).isNotBlank();
      assertThat(t.getDescription()).isNotBlank();
    }
    assertThat(types.stream().filter(t -> t.getName().equals("io.brama.StateChange")).findFirst()
        .orElseThrow().getFields()).extracting(f -> f.getName())
        .contains("connection", "type", "scope", "from", "to", "reason");
  }

  private static void keep(List<RecordedEvent> seen, RecordedEvent e, String id) {
    if (id.equals(e.getString("connection"))) {
      seen.add(e);
    }
  }

  private static List<String> summary(List<RecordedEvent> seen) {
    return seen.stream().sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
        .map(e -> e.getEventType().getName().equals("io.brama.StateChange")
            ? "StateChange " + e.getString("from") + " -> " + e.getString("to") + " type="
                + e.getString("type") + " scope=" + e.getString("scope") + " reason="
                + e.getString("reason")
            : "Rejected count=" + e.getLong("count") + " retryAfter="
                + e.getDuration("retryAfter").toMillis() + " ms")
        .collect(Collectors.toList());
  }
}
