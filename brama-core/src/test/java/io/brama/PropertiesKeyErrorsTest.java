package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 9: every problem {@code BramaConfig.fromProperties} reports names the key that
 * caused it, first; a value that is not a String is converted or refused, never skipped. Before the
 * fix {@code props.put("brama.max-attempts", 0)} was silently ignored, and
 * {@code brama.expiry-jitter=1} was reported as a problem of {@code brama.expiry}.
 */
class PropertiesKeyErrorsTest {
  private static final List<String> KEYS = List.of("brama.max-attempts", "brama.expiry",
      "brama.expiry-strategy", "brama.initial-expiry", "brama.max-expiry", "brama.backoff-factor",
      "brama.cleanup-interval", "brama.half-open-trials", "brama.expiry-jitter",
      "brama.failure-policy", "brama.failure-rate-threshold", "brama.window-size",
      "brama.window-duration", "brama.minimum-calls", "brama.slow-call-threshold",
      "brama.slow-call-rate-threshold", "brama.record-exceptions", "brama.ignore-exceptions",
      "brama.call-timeout");

  private static Properties props(Map<String, ?> entries) {
    Properties p = new Properties();
    p.putAll(entries);
    return p;
  }

  private static BramaConfig read(Map<String, ?> entries) {
    return BramaConfig.fromProperties(props(entries));
  }

  // ---- the jitter blamed the expiry ----

  @Test
  void aBadJitterNamesTheJitterKeyNotTheExpiry() {
    assertThatThrownBy(() -> read(Map.of("brama.expiry-jitter", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("brama.expiry-jitter='1' is invalid: fraction must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> read(Map.of("brama.expiry", "30s", "brama.expiry-jitter", "-0.1")))
        .hasMessage("brama.expiry-jitter='-0.1' is invalid: fraction must be in [0, 1), was -0.1");
    assertThat(read(Map.of("brama.expiry", "30s", "brama.expiry-jitter", "0.2")).expiryStrategy())
        .isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(30)).withJitter(0.2));
  }

  @Test
  void aSlowCallThresholdUnderTheConsecutivePolicyNamesItsKey() {
    assertThatThrownBy(() -> read(Map.of("brama.slow-call-threshold", "2s")))
        .hasMessage("brama.slow-call-threshold='2s' needs a rate policy (brama.failure-policy=rate "
            + "or timed-rate), was consecutive");
  }

  // ---- values that are not Strings ----

  @Test
  void numbersAreConvertedAndCheckedLikeTheirText() {
    assertThat(read(Map.of("brama.max-attempts", 5)).maxAttempts()).isEqualTo(5);
    assertThatThrownBy(() -> read(Map.of("brama.max-attempts", 0)))
        .hasMessage("brama.max-attempts='0' is invalid: maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> read(Map.of("brama.max-attempts", 2.5)))
        .hasMessage("brama.max-attempts='2.5' is invalid: expected a whole number");
    BramaConfig c = read(Map.of("brama.failure-policy", "rate",
        "brama.failure-rate-threshold", new BigDecimal("37.5"), "brama.window-size", 20L,
        "brama.minimum-calls", (short) 5, "brama.half-open-trials", BigInteger.TWO,
        "brama.expiry-jitter", 0.25f));
    assertThat(c.failurePolicy()).isEqualTo(FailurePolicy.rate(37.5, 20, 5));
    assertThat(c.halfOpenTrials()).isEqualTo(2);
    assertThat(c.expiryStrategy()).isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(60))
        .withJitter(0.25));
  }

  @Test
  void durationsAreTakenAsDurationsOrWholeMilliseconds() {
    BramaConfig c = read(Map.of("brama.expiry", Duration.ofSeconds(30),
        "brama.cleanup-interval", 1500, "brama.call-timeout", Duration.ofMillis(250)));
    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cleanupInterval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.callTimeout()).contains(Duration.ofMillis(250));
    assertThatThrownBy(() -> read(Map.of("brama.expiry", Duration.ofSeconds(-5))))
        .hasMessage("brama.expiry=PT-5S (a java.time.Duration) is invalid: expected a duration "
            + "that is not negative");
    assertThatThrownBy(() -> read(Map.of("brama.expiry", Duration.ofNanos(1_500_000))))
        .hasMessage("brama.expiry=PT0.0015S (a java.time.Duration) is invalid: expected whole "
            + "milliseconds");
    assertThatThrownBy(() -> read(Map.of("brama.cleanup-interval", Duration.ZERO)))
        .hasMessage("brama.cleanup-interval='0ms' is invalid: cleanupInterval must be > 0, "
            + "was PT0S");
    assertThatThrownBy(() -> read(Map.of("brama.expiry", Duration.ofSeconds(Long.MAX_VALUE))))
        .hasMessageStartingWith("brama.expiry=").hasMessageContaining("a smaller duration");
  }

  @Test
  void exceptionTypesMayBeClasses() {
    BramaConfig c = read(Map.of("brama.record-exceptions", IOException.class,
        "brama.ignore-exceptions", List.of(UncheckedIOException.class,
            "java.util.concurrent.TimeoutException")));
    assertThat(c.recordExceptions()).containsExactly(IOException.class);
    assertThat(c.ignoreExceptions())
        .containsExactly(UncheckedIOException.class, TimeoutException.class);
    assertThatThrownBy(() -> read(Map.of("brama.record-exceptions", new Class<?>[] {String.class})))
        .hasMessage("brama.record-exceptions='java.lang.String' is invalid: java.lang.String is "
            + "not a Throwable");
  }

  @Test
  void aValueOfAKindNoKeyTakesIsRefusedNamingTheKeyAndTheType() {
    assertThatThrownBy(() -> read(Map.of("brama.max-attempts", true)))
        .hasMessage("brama.max-attempts=true (a java.lang.Boolean) is invalid: expected a whole "
            + "number (a String or a Number)");
    assertThatThrownBy(() -> read(Map.of("brama.failure-policy", 1)))
        .hasMessage("brama.failure-policy=1 (a java.lang.Integer) is invalid: expected a word "
            + "(a String)");
    assertThatThrownBy(() -> read(Map.of("brama.expiry", Optional.empty())))
        .hasMessageStartingWith("brama.expiry=Optional.empty (a java.util.Optional) is invalid: "
            + "expected a duration");
    assertThatThrownBy(() -> read(Map.of("brama.ignore-exceptions", List.of(1))))
        .hasMessageStartingWith("brama.ignore-exceptions=[1] (a java.util.")
        .hasMessageContaining("expected exception class names");
  }

  @Test
  void anUnknownKeyWithANonStringValueIsReportedNotSkipped() {
    assertThatThrownBy(() -> read(Map.of("brama.maxAttempts", 3)))
        .hasMessageStartingWith("unknown configuration key 'brama.maxAttempts' (value '3 (a "
            + "java.lang.Integer)')");
  }

  @Test
  void aKeyThatIsNotAStringIsRefused() {
    Properties p = new Properties();
    p.put(new StringBuilder("brama.max-attempts"), "3");
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .hasMessage("brama.max-attempts: a configuration key must be a String, was a "
            + "java.lang.StringBuilder");
  }

  @Test
  void theDefaultsOfThePropertiesAreReadAndTheirNonStringValuesRefused() {
    Properties defaults = new Properties();
    defaults.setProperty("brama.max-attempts", "4");
    defaults.setProperty("brama.half-open-trials", "2");
    Properties p = new Properties(defaults);
    p.put("brama.max-attempts", 6);
    BramaConfig c = BramaConfig.fromProperties(p);
    assertThat(c.maxAttempts()).as("the entry wins over its default").isEqualTo(6);
    assertThat(c.halfOpenTrials()).isEqualTo(2);

    defaults.put("brama.expiry", Duration.ofSeconds(5));
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .hasMessageStartingWith("brama.expiry: the value in the defaults of the Properties is not "
            + "a String");
  }

  // ---- every key: a bad value is reported naming that key first ----

  /** One key set to a bad value, over settings in which that key applies. */
  record Case(String key, Object value, Map<String, String> base) {
    @Override
    public String toString() {
      return key + "=" + value + " (" + value.getClass().getSimpleName() + ") over " + base;
    }
  }

  @Property(tries = 500)
  void everyBadValueIsReportedNamingItsKeyFirst(@ForAll("badValues") Case c) {
    Properties p = props(c.base());
    p.put(c.key(), c.value());
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> {
          String m = e.getMessage();
          assertThat(m).startsWith(c.key());
          assertThat(m.charAt(c.key().length())).as("after the key in: " + m).isIn('=', ':', ' ');
          assertThat(m).contains(shown(c.value()));
        });
  }

  /** What of {@code value} a message must show: the text, number, class name or type. */
  private static String shown(Object value) {
    if (value instanceof CharSequence || value instanceof Number || value instanceof Duration) {
      return value.toString().trim();
    }
    if (value instanceof Class<?> c) {
      return c.getName();
    }
    if (value instanceof List<?> l && l.get(0) instanceof Class<?> c) {
      return c.getName();
    }
    return value.getClass().getName();
  }

  @Provide
  Arbitrary<Case> badValues() {
    return Arbitraries.of(KEYS).flatMap(key -> Arbitraries.oneOf(badValue(key), notAValue())
        .flatMap(value -> base(key).map(base -> new Case(key, value, base))));
  }

  /** Objects that no key takes. */
  private static Arbitrary<Object> notAValue() {
    return Arbitraries.of(Boolean.TRUE, Boolean.FALSE, new Object(), Optional.empty(), 'x',
        Map.of(), new int[] {1});
  }

  private static Arbitrary<String> word() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
        .filter(w -> !Set.of("fixed", "progressive", "consecutive", "rate").contains(w));
  }

  /** Text or numbers that are wrong for {@code key} in the settings {@link #base} gives. */
  private static Arbitrary<Object> badValue(String key) {
    Arbitrary<Object> word = word().map(w -> w);
    Arbitrary<Object> specific = switch (key) {
      case "brama.max-attempts", "brama.half-open-trials", "brama.window-size" ->
          Arbitraries.integers().between(-1000, 0).map(i -> i % 2 == 0 ? i : String.valueOf(i));
      case "brama.minimum-calls" -> Arbitraries.oneOf(Arbitraries.integers().between(-5, 0),
          Arbitraries.integers().between(11, 500)).map(i -> i);
      case "brama.failure-rate-threshold", "brama.slow-call-rate-threshold" ->
          Arbitraries.oneOf(Arbitraries.doubles().between(-100, 0),
              Arbitraries.doubles().between(100.01, 1e6), Arbitraries.of(Double.NaN))
              .map(d -> d);
      case "brama.backoff-factor" ->
          Arbitraries.doubles().between(-10, 0.99).map(d -> String.valueOf(d));
      case "brama.expiry-jitter" -> Arbitraries.oneOf(Arbitraries.doubles().between(-5, -0.01),
          Arbitraries.doubles().between(1, 5)).map(d -> d);
      case "brama.window-duration" -> Arbitraries.integers().between(0, 9)
          .map(ms -> ms % 2 == 0 ? ms + "ms" : Duration.ofMillis(ms));
      case "brama.max-expiry" -> Arbitraries.of("0", "999ms", "0s");
      case "brama.expiry-strategy", "brama.failure-policy" -> word;
      case "brama.record-exceptions", "brama.ignore-exceptions" -> Arbitraries.of(
          "java.lang.String", "no.such.Failure", Integer.class, List.of(Object.class));
      default -> Arbitraries.of("0", 0, Duration.ZERO, Duration.ofSeconds(-1), "-1s", "1.5s");
    };
    return key.endsWith("strategy") || key.endsWith("policy") ? specific
        : Arbitraries.oneOf(specific, word);
  }

  /** Settings in which {@code key} applies. */
  private static Arbitrary<Map<String, String>> base(String key) {
    Map<String, String> progressive = Map.of("brama.expiry-strategy", "progressive",
        "brama.initial-expiry", "1s", "brama.max-expiry", "1m");
    Map<String, String> rate = Map.of("brama.failure-policy", "rate",
        "brama.failure-rate-threshold", "50", "brama.window-size", "10");
    return switch (key) {
      case "brama.initial-expiry", "brama.max-expiry", "brama.backoff-factor" ->
          Arbitraries.just(progressive);
      case "brama.expiry-jitter" -> Arbitraries.of(Map.of(), Map.of("brama.expiry", "30s"),
          progressive);
      case "brama.failure-rate-threshold", "brama.window-size", "brama.minimum-calls" ->
          Arbitraries.just(rate);
      case "brama.window-duration" -> Arbitraries.just(Map.of("brama.failure-policy",
          "timed-rate", "brama.failure-rate-threshold", "50", "brama.window-duration", "10s",
          "brama.minimum-calls", "5"));
      case "brama.slow-call-threshold", "brama.slow-call-rate-threshold" ->
          Arbitraries.just(with(rate, "brama.slow-call-threshold", "1s"));
      default -> Arbitraries.of(Map.of(), rate);
    };
  }

  private static Map<String, String> with(Map<String, String> m, String key, String value) {
    Map<String, String> copy = new HashMap<>(m);
    copy.put(key, value);
    return copy;
  }
}
