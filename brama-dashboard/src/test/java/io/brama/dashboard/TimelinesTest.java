package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state strips: built from events, cut to 15 minutes, bounded per connection. */
class TimelinesTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static BramaEvent change(String id, Instant at, CircuitState from, CircuitState to,
      Object reason) {
    return new BramaEvent(EventType.STATE_CHANGE, id, null, null, at, 1, from, to, reason);
  }

  private static BramaEvent registered(String id, Instant at) {
    return new BramaEvent(EventType.REGISTERED, id, null, null, at, 0, null, CircuitState.CLOSED,
        null);
  }

  private static Timelines.Strip strip(Timelines t, String id, Instant now) {
    return t.strips(now).stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void changesBecomeSpansWithTheirReasons() {
    Timelines t = new Timelines();
    t.on(registered("api", T));
    t.on(change("api", T.plusSeconds(10), CircuitState.CLOSED, CircuitState.OPEN, "HTTP 503"));
    t.on(change("api", T.plusSeconds(40), CircuitState.OPEN, CircuitState.HALF_OPEN, null));

    Timelines.Strip s = strip(t, "api", T.plusSeconds(60));
    assertThat(s.base()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.since()).isEqualTo(T.toEpochMilli());
    assertThat(s.changes()).extracting(Timelines.Change::state)
        .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN);
    assertThat(s.changes().get(0).reason()).isEqualTo("HTTP 503");
    assertThat(s.changes().get(0).at()).isEqualTo(T.plusSeconds(10).toEpochMilli());
  }

  @Test
  void changesOlderThanTheWindowFoldIntoTheBaseState() {
    Timelines t = new Timelines();
    t.on(registered("api", T));
    t.on(change("api", T.plusSeconds(10), CircuitState.CLOSED, CircuitState.OPEN, "down"));
    t.on(change("api", T.plusSeconds(20), CircuitState.OPEN, CircuitState.HALF_OPEN, null));

    Instant now = T.plusSeconds(15).plus(Timelines.WINDOW); // the first change left the window
    Timelines.Strip s = strip(t, "api", now);
    assertThat(s.base()).isEqualTo(CircuitState.OPEN);
    assertThat(s.since()).isEqualTo(now.minus(Timelines.WINDOW).toEpochMilli());
    assertThat(s.changes()).extracting(Timelines.Change::state)
        .containsExactly(CircuitState.HALF_OPEN);
  }

  @Test
  void aFlappingCircuitKeepsOnlyItsNewestChanges() {
    Timelines t = new Timelines();
    t.on(registered("flap", T));
    for (int i = 0; i < 1_000; i++) {
      boolean open = i % 2 == 0;
      t.on(change("flap", T.plusMillis(i), open ? CircuitState.CLOSED : CircuitState.OPEN,
          open ? CircuitState.OPEN : CircuitState.CLOSED, "x".repeat(10_000)));
    }
    Timelines.Strip s = strip(t, "flap", T.plusSeconds(1));
    assertThat(s.changes()).hasSize(Timelines.MAX_CHANGES);
    assertThat(s.changes().get(Timelines.MAX_CHANGES - 1).at()).isEqualTo(T.plusMillis(999)
        .toEpochMilli());
    assertThat(s.since()).isEqualTo(T.plusMillis(1_000 - Timelines.MAX_CHANGES - 1).toEpochMilli());
    assertThat(s.changes().get(0).reason()).hasSize(Timelines.MAX_REASON);
  }

  @Test
  void unregisteringForgetsAndSeedingStartsFromTheCurrentState() {
    Timelines t = new Timelines();
    t.on(registered("gone", T));
    t.on(new BramaEvent(EventType.UNREGISTERED, "gone", null, null, T.plusSeconds(1), 2, null,
        CircuitState.CLOSED, null));
    assertThat(t.size()).isZero();

    t.on(change("unseen", T.plusSeconds(5), CircuitState.HALF_OPEN, CircuitState.CLOSED, "ok"));
    Timelines.Strip s = strip(t, "unseen", T.plus(Duration.ofMinutes(1)));
    assertThat(s.base()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(List.of(s.changes().get(0).state())).containsExactly(CircuitState.CLOSED);
  }
}
