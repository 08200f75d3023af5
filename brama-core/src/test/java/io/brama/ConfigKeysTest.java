package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Rules C3 and C4: the one table of keys, the documented table, readings naming every problem by its key. */
class ConfigKeysTest {
  private static final Function<String, String> PLAIN = key -> "brama." + key;
  private static final Function<String, String> CONNECTION = key -> "brama.connections[c]." + key;

  enum Policy { CONSECUTIVE, RATE, TIMED_RATE }

  @Test
  void theConfigurationDocumentsExactlyTheTable() throws IOException {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "docs", "configuration.md"))) {
      if (line.startsWith("| `brama.")) {
        String[] cells = line.split("\\|");
        documented.add(cells[1].trim() + " | " + cells[2].trim() + " | " + cells[3].trim());
      }
    }
    List<String> table = ConfigKeys.all().stream().map(k -> "`brama." + k.name() + "` | "
        + (k.defaultValue() == null ? "—" : k.defaultValue().startsWith("`")
            ? k.defaultValue() : "`" + k.defaultValue() + "`") + " | " + k.meaning()).toList();

    assertThat(documented).containsExactlyElementsOf(table);
  }

  @Test
  void theBuildersStartFromTheTablesDefaults() {
    Map<String, String> defaults = new HashMap<>();
    ConfigKeys.all().forEach(k -> defaults.put(k.name(), k.defaultValue()));
    BramaConfig config = BramaConfig.defaults();

    assertThat(config.maxAttempts()).hasToString(defaults.get("max-attempts"));
    assertThat(config.expiry()).isEqualTo(Duration.ofSeconds(60)).hasToString("PT1M");
    assertThat(defaults.get("expiry")).isEqualTo("60s");
    assertThat(config.cleanupInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.get("cleanup-interval")).isEqualTo("10s");
    assertThat(config.halfOpenTrials()).hasToString(defaults.get("half-open-trials"));
    assertThat(ConfigKeys.readDefaults(Map.of(), PLAIN).orThrow()).isEqualTo(config);
  }

  @Test
  void aReadingReportsEveryProblemEachWithItsKey() {
    ConfigKeys.Reading<BramaConfig> r = ConfigKeys.readDefaults(Map.of(
        "max-attempts", "0", "half-open-trials", "x", "call-timeout", "-", "expiry", "0s",
        "record-exceptions", "java.lang.String", "mystery", "1"), PLAIN);

    assertThat(r.config()).isEmpty();
    assertThat(r.problems()).extracting(ConfigKeys.Problem::key).containsExactlyInAnyOrder(
        "mystery", "max-attempts", "half-open-trials", "call-timeout", "expiry",
        "record-exceptions");
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("brama." + p.key()));
    assertThatThrownBy(r::orThrow).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.max-attempts='0' is invalid: maxAttempts must be >= 1, was 0; ")
        .hasMessageContaining("brama.expiry='0s' is invalid: expiry must be > 0, was PT0S");
  }

  @Test
  void typedValuesReadAsTheirText() {
    BramaConfig config = ConfigKeys.readDefaults(Map.of(
        "failure-policy", Policy.TIMED_RATE, "failure-rate-threshold", 25,
        "window-duration", Duration.ofSeconds(30), "minimum-calls", 5L,
        "record-exceptions", List.of(TimeoutException.class),
        "cleanup-interval", Duration.ofMillis(1500)), PLAIN).orThrow();

    assertThat(config.failurePolicy())
        .isEqualTo(FailurePolicy.timedRate(25, Duration.ofSeconds(30), 5));
    assertThat(config.recordExceptions()).containsExactly(TimeoutException.class);
    assertThat(config.cleanupInterval()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aConnectionTakesTheRestOfAGroupOfTheSameKindFromTheDefaults() {
    Map<String, Object> defaults = Map.of("failure-policy", "rate", "failure-rate-threshold", "50",
        "window-size", "10", "expiry-strategy", "progressive", "initial-expiry", "5s",
        "max-expiry", "1m");

    ConnectionConfig c = ConfigKeys.readConnection(
        Map.of("failure-rate-threshold", "20", "max-expiry", "10s"), defaults, CONNECTION)
        .orThrow();

    assertThat(c.failurePolicy()).contains(FailurePolicy.rate(20, 10, 10));
    assertThat(c.expiryStrategy()).contains(ExpiryStrategy.progressive(
        Duration.ofSeconds(5), Duration.ofSeconds(10), 2.0));
    assertThat(c.halfOpenTrials()).isEmpty();
  }

  @Test
  void theDocumentedExampleReadsAsItSays() {
    assertThat(ConfigKeys.readDefaults(Map.of("max-attempts", "5", "expiry", "30s"),
        key -> "BRAMA_" + key).orThrow())
        .isEqualTo(BramaConfig.builder().maxAttempts(5).expiry(Duration.ofSeconds(30)).build());
    assertThat(ConfigKeys.readConnection(Map.of("failure-rate-threshold", 20),
        Map.of("failure-policy", "rate", "window-size", 50), key -> "payment_api." + key)
        .orThrow().failurePolicy()).contains(FailurePolicy.rate(20, 50, 50));
  }

  @Test
  void aConnectionOfAnotherKindSetsThatKindItself() {
    Map<String, Object> defaults = Map.of("failure-policy", "rate", "failure-rate-threshold", "50",
        "window-size", "10");

    ConfigKeys.Reading<ConnectionConfig> r = ConfigKeys.readConnection(
        Map.of("failure-policy", "timed-rate", "failure-rate-threshold", "20"), defaults,
        CONNECTION);

    assertThat(r.problems()).extracting(ConfigKeys.Problem::message).containsExactly(
        "brama.connections[c].window-duration is required when "
            + "brama.connections[c].failure-policy=timed-rate, was not set",
        "brama.connections[c].minimum-calls is required when "
            + "brama.connections[c].failure-policy=timed-rate, was not set");
  }

  @Test
  void aConnectionsSlowCallsAreCheckedAgainstThePolicyItWillHave() {
    Map<String, Object> rate = Map.of("failure-policy", "rate", "failure-rate-threshold", "50",
        "window-size", "10");

    assertThat(ConfigKeys.readConnection(Map.of("slow-call-threshold", "2s"), rate, CONNECTION)
        .orThrow().slowCallThreshold()).contains(Duration.ofSeconds(2));
    assertThat(ConfigKeys.readConnection(Map.of("slow-call-threshold", "2s", "max-attempts", 3),
        rate, CONNECTION).problems()).extracting(ConfigKeys.Problem::key)
        .containsExactly("slow-call-threshold");
    assertThat(ConfigKeys.readConnection(Map.of("slow-call-threshold", "2s"), Map.of(),
        CONNECTION).problems()).extracting(ConfigKeys.Problem::message).containsExactly(
            "brama.connections[c].slow-call-threshold='2s' needs a rate policy "
                + "(brama.connections[c].failure-policy=rate or timed-rate), was consecutive");
  }

  @Test
  void anEngineWideKeyIsRefusedOnAConnection() {
    assertThat(ConfigKeys.readConnection(Map.of("cleanup-interval", "5s"), Map.of(), CONNECTION)
        .problems()).extracting(ConfigKeys.Problem::message).containsExactly(
            "brama.connections[c].cleanup-interval='5s' applies to the whole Brama, not to one "
                + "connection");
  }

  @Test
  void hostileValuesBecomeProblemsOfTheirKeysNeverAnotherException() {
    Map<String, Object> values = new HashMap<>();
    values.put(null, "1");
    values.put("half-open-trials", null); // not given
    values.put("max-attempts", 3_000_000_000L);
    values.put("backoff-factor", Double.NaN);
    values.put("expiry-strategy", "progressive");
    values.put("initial-expiry", Duration.ofSeconds(-1));
    values.put("max-expiry", true);
    values.put("expiry-jitter", Double.POSITIVE_INFINITY);
    values.put("record-exceptions", List.of(String.class));
    values.put("ignore-exceptions", List.of(42));
    values.put("failure-policy", Thread.State.NEW);

    ConfigKeys.Reading<BramaConfig> r = ConfigKeys.readDefaults(values, PLAIN);

    assertThat(r.problems()).extracting(ConfigKeys.Problem::key).containsExactlyInAnyOrder(
        "null", "max-attempts", "failure-policy", "initial-expiry", "max-expiry",
        "backoff-factor", "record-exceptions", "ignore-exceptions");
    assertThat(r.problems()).extracting(ConfigKeys.Problem::message).contains(
        "brama.max-attempts='3000000000' is invalid: expected a whole number that fits in an int",
        "brama.failure-policy must be 'consecutive', 'rate' or 'timed-rate', was 'new'",
        "brama.max-expiry='true' is invalid: expected a duration such as 500ms, 30s, 5m, 1h or "
            + "whole milliseconds",
        "brama.ignore-exceptions='42' is invalid: expected exception class names or Class "
            + "objects");
    ConfigKeys.Reading<BramaConfig> factor = ConfigKeys.readDefaults(Map.of(
        "expiry-strategy", "progressive", "initial-expiry", "1s", "max-expiry", "1m",
        "backoff-factor", Double.NaN, "expiry-jitter", Double.POSITIVE_INFINITY), PLAIN);
    assertThat(factor.problems()).extracting(ConfigKeys.Problem::key)
        .containsExactly("backoff-factor");
  }

  @Test
  void nullsAreRefusedNamingTheParameter() {
    assertThatThrownBy(() -> ConfigKeys.readDefaults(null, PLAIN))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("values");
    assertThatThrownBy(() -> ConfigKeys.readDefaults(Map.of(), null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("nameOfKey");
    assertThatThrownBy(() -> ConfigKeys.readConnection(Map.of(), null, PLAIN))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("defaults");
  }
}
