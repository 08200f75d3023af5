package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/samples}, {@code /api/samples/{id}} and {@code /api/timelines} over HTTP. */
class PlotsApiTest extends FixtureTest {
  @Test
  void samplesGiveCallsFailuresAndRejectionsPerSecond() throws Exception {
    f = Fixture.counting();
    f.register("payment_api", "http", "payments");
    Sampler sampler = f.dashboard.sampler();
    sampler.stop(); // this test takes the steps itself
    f.clock.advance(Duration.ofSeconds(1));
    sampler.sample(); // the baseline
    f.brama.success("payment_api");
    f.brama.success("payment_api");
    f.brama.failure("payment_api", "boom");
    f.brama.circuit("payment_api").tryAcquire().ignore();
    f.clock.advance(Duration.ofSeconds(1));
    sampler.sample();
    f.brama.success("payment_api");
    f.openByFailures("payment_api", "HTTP 503");
    f.brama.available("payment_api");
    f.clock.advance(Duration.ofSeconds(1));
    sampler.sample();

    JsonNode all = Api.json(f.api.get("api/samples"));
    assertThat(all.get("countsCalls").asBoolean()).isTrue();
    assertThat(all.get("seconds").asInt()).isEqualTo(CountRing.SLOTS);
    long end = all.get("end").asLong();
    assertThat(end).isEqualTo(f.clock.instant().getEpochSecond());
    JsonNode api = all.get("connections").get("payment_api");
    assertThat(api.get("calls")).hasSize(CountRing.SLOTS);
    assertThat(tail(api.get("calls"), 2)).containsExactly(4, 4);
    assertThat(tail(api.get("failures"), 2)).containsExactly(1, 3);
    assertThat(tail(api.get("rejected"), 2)).containsExactly(0, 1);
    assertThat(api.get("calls").get(0).isNull()).isTrue(); // before the dashboard: unknown

    JsonNode recent = Api.json(f.api.get("api/samples?after=" + (end - 1)));
    assertThat(recent.get("connections").get("payment_api").get("calls")).hasSize(1);

    JsonNode one = Api.json(f.api.get("api/samples/payment_api?after=" + (end - 2)));
    assertThat(one.get("id").asString()).isEqualTo("payment_api");
    assertThat(tail(one.get("successes"), 2)).containsExactly(2, 1);
    assertThat(tail(one.get("ignored"), 2)).containsExactly(1, 0);
    assertThat(tail(one.get("slow"), 2)).containsExactly(0, 0);
    assertThat(f.api.get("api/samples/nobody").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutCountersTheSamplesSaySo() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    assertThat(f.dashboard.sampler()).isNull();
    assertThat(f.api.get("api/samples").body()).isEqualTo("{\"countsCalls\":false}");
    assertThat(f.api.get("api/samples/payment_api").body()).isEqualTo("{\"countsCalls\":false}");
    JsonNode settings = Api.json(f.api.get("api/settings"));
    assertThat(settings.get("countsCalls").asBoolean()).isFalse();
    assertThat(settings.get("fleet").asBoolean()).isFalse();
    assertThat(f.api.get("api/fleet").statusCode()).isEqualTo(404);
  }

  @Test
  void timelinesShowEachConnectionsStatesOverFifteenMinutes() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.clock.advance(Duration.ofSeconds(5));
    f.openByFailures("payment_api", "HTTP 503");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        Api.json(f.api.get("api/timelines")).get("connections").get(0).get("changes").size() == 1);

    JsonNode t = Api.json(f.api.get("api/timelines"));
    assertThat(t.get("now").asLong()).isEqualTo(f.clock.millis());
    assertThat(t.get("windowMillis").asLong()).isEqualTo(Duration.ofMinutes(15).toMillis());
    JsonNode strip = t.get("connections").get(0);
    assertThat(strip.get("id").asString()).isEqualTo("payment_api");
    assertThat(strip.get("base").asString()).isEqualTo("CLOSED");
    JsonNode change = strip.get("changes").get(0);
    assertThat(change.get("state").asString()).isEqualTo("OPEN");
    assertThat(change.get("reason").asString()).isEqualTo("HTTP 503");
    assertThat(change.get("at").asLong()).isEqualTo(f.clock.millis());
  }

  @Test
  void closingTheDashboardStopsTheSampler() {
    f = Fixture.counting();
    Sampler sampler = f.dashboard.sampler();
    assertThat(sampler.running()).isTrue();
    f.dashboard.close();
    assertThat(sampler.running()).isFalse();
  }

  @Test
  void aThrowingListenerElsewhereChangesNothingHere() throws Exception {
    f = new Fixture();
    try (var throwing = f.brama.subscribe(e -> {
      throw new IllegalStateException("a broken listener of the application");
    })) {
      f.register("payment_api", "http", "payments");
      f.openByFailures("payment_api", "HTTP 503");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          f.api.get("api/events/history").body().contains("HTTP 503"));
      assertThat(Api.json(f.api.get("api/timelines")).get("connections").get(0)
          .get("changes").get(0).get("state").asString()).isEqualTo("OPEN");
    }
  }

  private static java.util.List<Integer> tail(JsonNode array, int n) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    for (int i = array.size() - n; i < array.size(); i++) {
      out.add(array.get(i).asInt());
    }
    return out;
  }

}
