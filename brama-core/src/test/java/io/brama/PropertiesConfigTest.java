package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** BramaConfig.fromProperties: the brama.* keys, durations, strategy rules and bad values. */
class PropertiesConfigTest {

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  private static BramaConfig read(String... keyValues) {
    return BramaConfig.fromProperties(props(keyValues));
  }

  // ---- keys ----

  @Test
  void noKeysGiveTheDefaults() {
    assertThat(BramaConfig.fromProperties(new Properties())).isEqualTo(BramaConfig.defaults());
  }

  @Test
  void maxAttempts() {
    BramaConfig c = read("brama.max-attempts", "3");

    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c).isEqualTo(BramaConfig.builder().maxAttempts(3).build());
  }

  @Test
  void halfOpenTrials() {
    BramaConfig c = read("brama.half-open-trials", "4");

    assertThat(c.halfOpenTrials()).isEqualTo(4);
    assertThat(c).isEqualTo(BramaConfig.builder().halfOpenTrials(4).build());
  }

  @Test
  void cleanupInterval() {
    BramaConfig c = read("brama.cleanup-interval", "2s");

    assertThat(c.cleanupInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c).isEqualTo(BramaConfig.builder().cleanupInterval(Duration.ofSeconds(2)).build());
  }

  @Test
  void expiryAloneIsFixed() {
    BramaConfig c = read("brama.expiry", "30s");

    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.expiryStrategy()).isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(30)));
    assertThat(c.expiryStrategy().expiryAfter(5)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void explicitFixedStrategyWithExpiry() {
    BramaConfig c = read("brama.expiry-strategy", "fixed", "brama.expiry", "45s");

    assertThat(c.expiryStrategy()).isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(45)));
  }

  @Test
  void explicitFixedStrategyWithoutExpiryKeepsTheDefault() {
    BramaConfig c = read("brama.expiry-strategy", "fixed");

    assertThat(c).isEqualTo(BramaConfig.defaults());
  }

  @Test
  void progressiveWithDefaultBackoffFactorTwo() {
    BramaConfig c = read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s",
        "brama.max-expiry", "5m");

    assertThat(c.expiryStrategy())
        .isEqualTo(ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0));
    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.expiryStrategy().expiryAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.expiryStrategy().expiryAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.expiryStrategy().expiryAfter(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(c.expiryStrategy().expiryAfter(10)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void progressiveWithBackoffFactor() {
    BramaConfig c = read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "1s",
        "brama.max-expiry", "1m",
        "brama.backoff-factor", "1.5");

    assertThat(c.expiryStrategy())
        .isEqualTo(ExpiryStrategy.progressive(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5));
    assertThat(c.expiryStrategy().expiryAfter(3)).isEqualTo(Duration.ofMillis(2250));
  }

  @Test
  void progressiveWithFactorOneAndEqualInitialAndMax() {
    BramaConfig c = read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "10s",
        "brama.max-expiry", "10s",
        "brama.backoff-factor", "1");

    assertThat(c.expiryStrategy())
        .isEqualTo(ExpiryStrategy.progressive(Duration.ofSeconds(10), Duration.ofSeconds(10), 1.0));
  }

  @Test
  void everyKeyTogether() {
    BramaConfig c = read(
        "brama.max-attempts", "5",
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "500ms",
        "brama.max-expiry", "1h",
        "brama.backoff-factor", "3.0",
        "brama.cleanup-interval", "250",
        "brama.half-open-trials", "2");

    assertThat(c).isEqualTo(BramaConfig.builder()
        .maxAttempts(5)
        .expiryStrategy(
            ExpiryStrategy.progressive(Duration.ofMillis(500), Duration.ofHours(1), 3.0))
        .cleanupInterval(Duration.ofMillis(250))
        .halfOpenTrials(2)
        .build());
  }

  @Test
  void readsAPropertiesFile() throws IOException {
    Properties p = new Properties();
    p.load(new StringReader("""
        # brama settings
        brama.max-attempts = 4
        brama.expiry = 90s
        brama.cleanup-interval = 1m
        brama.half-open-trials = 3
        app.name = demo
        """));

    assertThat(BramaConfig.fromProperties(p)).isEqualTo(BramaConfig.builder()
        .maxAttempts(4).expiry(Duration.ofSeconds(90)).cleanupInterval(Duration.ofMinutes(1))
        .halfOpenTrials(3).build());
  }

  @Test
  void readsDefaultsOfTheProperties() {
    Properties defaults = props("brama.max-attempts", "6");
    Properties p = new Properties(defaults);
    p.setProperty("brama.half-open-trials", "2");

    BramaConfig c = BramaConfig.fromProperties(p);

    assertThat(c.maxAttempts()).isEqualTo(6);
    assertThat(c.halfOpenTrials()).isEqualTo(2);
  }

  @Test
  void theResultConfiguresABrama() {
    BramaConfig c = read("brama.max-attempts", "2");
    try (Brama brama = Brama.builder().config(c).clock(new io.brama.testing.ManualClock()).build()) {
      brama.register("a");
      brama.failure("a");
      assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);
      brama.failure("a");
      assertThat(brama.status("a").state()).isEqualTo(CircuitState.OPEN);
    }
  }

  @Test
  void nonBramaKeysAreIgnored() {
    BramaConfig c = read(
        "other.max-attempts", "oops",
        "brama", "x",
        "bramax.expiry", "nonsense",
        "my.brama.expiry", "nonsense",
        "BRAMA.MAX-ATTEMPTS", "nonsense",
        "java.home", "/somewhere",
        "brama.max-attempts", "7");

    assertThat(c).isEqualTo(BramaConfig.builder().maxAttempts(7).build());
  }

  @Test
  void nullPropertiesAreRejected() {
    assertThatThrownBy(() -> BramaConfig.fromProperties(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("properties must not be null");
  }

  // ---- trimming ----

  @Test
  void valuesAreTrimmed() {
    BramaConfig c = read(
        "brama.max-attempts", "  3 ",
        "brama.half-open-trials", "\t2\t",
        "brama.cleanup-interval", " 500ms ",
        "brama.expiry-strategy", " progressive ",
        "brama.initial-expiry", " 5s",
        "brama.max-expiry", "5m ",
        "brama.backoff-factor", " 2.5 ");

    assertThat(c).isEqualTo(BramaConfig.builder()
        .maxAttempts(3)
        .halfOpenTrials(2)
        .cleanupInterval(Duration.ofMillis(500))
        .expiryStrategy(
            ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.5))
        .build());
  }

  @Test
  void fixedExpiryValueIsTrimmed() {
    assertThat(read("brama.expiry-strategy", "fixed ", "brama.expiry", " 1m ").expiry())
        .isEqualTo(Duration.ofMinutes(1));
  }

  // ---- durations ----

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
      "500ms, 500",
      "1ms, 1",
      "30s, 30000",
      "1s, 1000",
      "5m, 300000",
      "1m, 60000",
      "1h, 3600000",
      "2h, 7200000",
      "1500, 1500",
      "1, 1",
      "60000, 60000",
      "007s, 7000",
  })
  void durationForms(String value, long millis) {
    assertThat(read("brama.expiry", value).expiry()).isEqualTo(Duration.ofMillis(millis));
    assertThat(read("brama.cleanup-interval", value).cleanupInterval())
        .isEqualTo(Duration.ofMillis(millis));
    assertThat(read("brama.expiry-strategy", "progressive", "brama.initial-expiry", value,
        "brama.max-expiry", value).expiryStrategy().expiryAfter(1))
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1s", "-5", "1.5s", "10d", "5 s", "s", "ms", "5sec", "5S", "1h30m",
      "+5s", "PT5S", "0x10"})
  void badDurationNamesKeyAndValue(String value) {
    for (String key : new String[] {"brama.expiry", "brama.cleanup-interval"}) {
      assertThatThrownBy(() -> read(key, value))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key)
          .hasMessageContaining("'" + value + "'");
    }
  }

  @Test
  void emptyDurationIsRejected() {
    assertThatThrownBy(() -> read("brama.expiry", "   "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.expiry")
        .hasMessageContaining("''");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "0ms", "0h"})
  void zeroDurationNamesKeyValueAndRange(String value) {
    assertThatThrownBy(() -> read("brama.expiry", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.expiry")
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("> 0");
    assertThatThrownBy(() -> read("brama.cleanup-interval", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.cleanup-interval")
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("> 0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "9223372036854775807h", "9223372036854775807m"})
  void tooLargeDurationNamesKeyAndValue(String value) {
    assertThatThrownBy(() -> read("brama.expiry", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.expiry")
        .hasMessageContaining(value);
  }

  // ---- integers ----

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.5", "3x", "", "99999999999", "ten"})
  void badIntegerNamesKeyAndValue(String value) {
    for (String key : new String[] {"brama.max-attempts", "brama.half-open-trials"}) {
      assertThatThrownBy(() -> read(key, value))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key)
          .hasMessageContaining("'" + value + "'");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "-100"})
  void outOfRangeIntegerNamesKeyValueAndRange(String value) {
    assertThatThrownBy(() -> read("brama.max-attempts", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.max-attempts")
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("maxAttempts must be >= 1, was " + value);
    assertThatThrownBy(() -> read("brama.half-open-trials", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.half-open-trials")
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("halfOpenTrials must be >= 1, was " + value);
  }

  // ---- strategy rules ----

  @ParameterizedTest
  @ValueSource(strings = {"exponential", "Progressive", "FIXED", "", "linear"})
  void unknownStrategyNamesKeyAndValue(String value) {
    assertThatThrownBy(() -> read("brama.expiry-strategy", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.expiry-strategy")
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("fixed")
        .hasMessageContaining("progressive");
  }

  @Test
  void progressiveRequiresInitialExpiry() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive", "brama.max-expiry", "5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.initial-expiry")
        .hasMessageContaining("progressive");
  }

  @Test
  void progressiveRequiresMaxExpiry() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive", "brama.initial-expiry", "5s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.max-expiry")
        .hasMessageContaining("progressive");
  }

  @Test
  void progressiveWithExpiryIsAnError() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s", "brama.max-expiry", "5m",
        "brama.expiry", "30s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.expiry ")
        .hasMessageContaining("'30s'");
  }

  @ParameterizedTest
  @CsvSource({"brama.initial-expiry, 5s", "brama.max-expiry, 5m", "brama.backoff-factor, 2.0"})
  void progressiveKeysWithImplicitFixedAreAnError(String key, String value) {
    assertThatThrownBy(() -> read(key, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("progressive");
  }

  @ParameterizedTest
  @CsvSource({"brama.initial-expiry, 5s", "brama.max-expiry, 5m", "brama.backoff-factor, 2.0"})
  void progressiveKeysWithExplicitFixedAreAnError(String key, String value) {
    assertThatThrownBy(() -> read("brama.expiry-strategy", "fixed", "brama.expiry", "10s",
        key, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "two", "2,5", ""})
  void unparsableBackoffFactorNamesKeyAndValue(String value) {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s", "brama.max-expiry", "5m",
        "brama.backoff-factor", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.backoff-factor")
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.5", "0", "-2", "NaN", "Infinity"})
  void outOfRangeBackoffFactorNamesKeyAndValue(String value) {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s", "brama.max-expiry", "5m",
        "brama.backoff-factor", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.backoff-factor")
        .hasMessageContaining(value)
        .hasMessageContaining(">= 1.0");
  }

  @Test
  void zeroInitialExpiryNamesKeyAndValue() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "0s", "brama.max-expiry", "5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.initial-expiry")
        .hasMessageContaining("0s")
        .hasMessageContaining("> 0");
  }

  @Test
  void zeroMaxExpiryNamesKeyAndValue() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s", "brama.max-expiry", "0ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.max-expiry")
        .hasMessageContaining("0ms");
  }

  @Test
  void maxBelowInitialNamesMaxExpiryAndValues() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s", "brama.max-expiry", "1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.max-expiry")
        .hasMessageContaining("1s")
        .hasMessageContaining("PT5S");
  }

  @Test
  void badDurationInProgressiveKeysNamesKeyAndValue() {
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5 seconds", "brama.max-expiry", "5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.initial-expiry")
        .hasMessageContaining("'5 seconds'");
    assertThatThrownBy(() -> read(
        "brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "5s", "brama.max-expiry", "forever"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.max-expiry")
        .hasMessageContaining("'forever'");
  }

  // ---- unknown keys ----

  @ParameterizedTest
  @ValueSource(strings = {"brama.max-attempt", "brama.maxAttempts", "brama.", "brama.expiry.fixed",
      "brama.timeout"})
  void unknownBramaKeyNamesKeyAndValue(String key) {
    assertThatThrownBy(() -> read(key, "17"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + key + "'")
        .hasMessageContaining("17");
  }

  @Test
  void unknownKeyIsReportedEvenWhenEverythingElseIsValid() {
    assertThatThrownBy(() -> read("brama.max-attempts", "3", "brama.half-open-trial", "2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brama.half-open-trial")
        .hasMessageContaining("2");
  }
}
