package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The kept events: a newcomer's stream starts with them, a returning client's with those it missed,
 * and none is lost or doubled between the replay and the live events, however they interleave.
 */
class EventHistoryTest extends FixtureTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void aNewcomerGetsTheRecentPastThenLiveEvents() throws Exception {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.openByFailures("payment_api", "HTTP 503");
    f.register("orders_db", "jdbc", "storage");
    await().atMost(DEADLINE).until(() -> f.dashboard.timelines().size() == 2);

    try (SseClient sse = SseClient.open(f.api)) {
      await().atMost(DEADLINE).until(() -> !sse.named().isEmpty());
      assertThat(sse.summary()).containsExactly("REGISTERED payment_api",
          "STATE_CHANGE payment_api", "REGISTERED orders_db");
      assertThat(sse.named()).containsExactly("live {\"replayed\":3,\"gap\":false}");
      assertThat(sse.events().get(1).get("reason").asString()).isEqualTo("HTTP 503");

      f.brama.reset("payment_api", "fixed");
      await().atMost(DEADLINE).until(() -> sse.events().size() == 4);
      assertThat(sse.summary().get(3)).isEqualTo("STATE_CHANGE payment_api");
      assertThat(numbers(sse.ids())).containsExactly(1L, 2L, 3L, 4L);
    }

    JsonNode history = Api.json(f.api.get("api/events/history"));
    assertThat(history.get("events")).hasSize(4);
    assertThat(history.get("events").get(3).get("reason").asString()).isEqualTo("fixed");
    String second = history.get("events").get(1).get("id").asString();
    assertThat(Api.json(f.api.get("api/events/history?after=" + second)).get("events")).hasSize(2);
  }

  @Test
  void aReturningClientGetsOnlyWhatItMissed() throws Exception {
    f = new Fixture();
    String seen;
    try (SseClient first = SseClient.open(f.api)) {
      f.register("a", null, null);
      f.register("b", null, null);
      await().atMost(DEADLINE).until(() -> first.events().size() == 2);
      seen = first.ids().get(1);
    }
    f.register("c", null, null); // while it was away
    f.brama.open("c", "missed");
    // events reach the dashboard on the bus's thread: the client returns once they are kept
    await().atMost(DEADLINE).until(() -> f.api.get("api/events/history").body()
        .contains("\"reason\":\"missed\""));

    try (SseClient back = SseClient.open(f.api, seen)) {
      await().atMost(DEADLINE).until(() -> !back.named().isEmpty());
      assertThat(back.summary()).containsExactly("REGISTERED c", "STATE_CHANGE c");
      assertThat(back.named()).containsExactly("live {\"replayed\":2,\"gap\":false}");
    }
    // an id from another dashboard (an earlier start on this port): everything kept
    try (SseClient stranger = SseClient.open(f.api, "zzz.2")) {
      await().atMost(DEADLINE).until(() -> !stranger.named().isEmpty());
      assertThat(stranger.summary()).hasSize(4);
    }
  }

  @Test
  void aClientFurtherBehindThanTheHistoryIsToldOfTheGap() throws Exception {
    f = new Fixture();
    String seen;
    try (SseClient first = SseClient.open(f.api)) {
      f.register("a", null, null);
      await().atMost(DEADLINE).until(() -> first.events().size() == 1);
      seen = first.ids().get(0);
    }
    for (int i = 0; i < EventHub.HISTORY; i++) {
      f.brama.open("a", "flap " + i);
      f.brama.reset("a", "flap " + i);
    }
    await().atMost(DEADLINE).until(() -> f.api.get("api/events/history").body()
        .contains("\"reason\":\"flap " + (EventHub.HISTORY - 1) + "\""));
    try (SseClient back = SseClient.open(f.api, seen)) {
      await().atMost(DEADLINE).until(() -> !back.named().isEmpty());
      assertThat(back.named()).containsExactly("live {\"replayed\":500,\"gap\":true}");
      assertThat(back.events()).hasSize(EventHub.HISTORY);
    }
  }

  @Test
  void noEventIsLostOrDoubledBetweenReplayAndLive() throws Exception {
    f = new Fixture();
    f.register("a", null, null);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread flapping = new Thread(() -> {
      for (int i = 0; i < 200 && running.get(); i++) {
        f.brama.open("a", "flap");
        f.brama.reset("a", "flap");
      }
    });
    List<SseClient> streams = new java.util.ArrayList<>();
    flapping.start();
    try {
      for (int i = 0; i < 5; i++) {
        streams.add(SseClient.open(f.api)); // each opened while events keep coming
      }
      flapping.join();
      // every stream has all 401 events (REGISTERED and 400 changes), each once, in order
      List<Long> all = java.util.stream.LongStream.rangeClosed(1, 401).boxed().toList();
      for (SseClient sse : streams) {
        await().atMost(DEADLINE).until(() -> sse.events().size() >= 401);
        assertThat(numbers(sse.ids())).isEqualTo(all);
      }
    } finally {
      running.set(false);
      flapping.join();
      for (SseClient sse : streams) {
        sse.close();
      }
    }
  }

  private static List<Long> numbers(List<String> ids) {
    return ids.stream().map(id -> Long.parseLong(id.substring(id.indexOf('.') + 1))).toList();
  }
}
