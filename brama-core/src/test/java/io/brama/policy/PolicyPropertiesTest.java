package io.brama.policy;

import static io.brama.policy.PolicyFixture.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.FailurePolicy;
import io.brama.testing.ManualClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The brama.* keys of the failure policies. */
class PolicyPropertiesTest {

  /** A custom exception type, named by its binary name in a property. */
  static final class CustomException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static Properties props(String... keysAndValues) {
    Properties p = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return p;
  }

  private static BramaConfig read(String... keysAndValues) {
    return BramaConfig.fromProperties(props(keysAndValues));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> rejected(String... keysAndValues) {
    return assertThatThrownBy(() -> read(keysAndValues))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- defaults ----

  @Test
  void withoutPolicyKeysTheDefaultsApply() {
    BramaConfig c = read("other.key", "x");
    assertThat(c).isEqualTo(BramaConfig.defaults());
    assertThat(c.failurePolicy()).isEqualTo(FailurePolicy.consecutive(10));
    assertThat(c.maxAttempts()).isEqualTo(10);
    assertThat(c.slowCallThreshold()).isEmpty();
    assertThat(c.slowCallRatePercent()).isZero();
    assertThat(c.recordExceptions()).isEmpty();
    assertThat(c.ignoreExceptions()).isEmpty();
    assertThat(c.callTimeout()).isEmpty();
  }

  @Test
  void consecutiveIsTheDefaultPolicyAndCanBeNamed() {
    assertThat(read("brama.failure-policy", "consecutive", "brama.max-attempts", "3")
        .failurePolicy()).isEqualTo(FailurePolicy.consecutive(3));
    assertThat(read("brama.failure-policy", "consecutive")).isEqualTo(BramaConfig.defaults());
  }

  // ---- rate ----

  @Test
  void ratePolicy() {
    BramaConfig c = read("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20", "brama.minimum-calls", "5");
    assertThat(c.failurePolicy()).isEqualTo(FailurePolicy.rate(50, 20, 5));
    assertThat(c.maxAttempts()).isZero();
  }

  @Test
  void minimumCallsDefaultsToTheWindowSize() {
    assertThat(read("brama.failure-policy", "rate", "brama.failure-rate-threshold", "12.5",
        "brama.window-size", "20").failurePolicy()).isEqualTo(FailurePolicy.rate(12.5, 20, 20));
  }

  @Test
  void valuesAreTrimmed() {
    assertThat(read("brama.failure-policy", " rate ", "brama.failure-rate-threshold", " 50 ",
        "brama.window-size", " 4 ").failurePolicy()).isEqualTo(FailurePolicy.rate(50, 4, 4));
  }

  @Test
  void rateRequiresThresholdAndWindowSize() {
    rejected("brama.failure-policy", "rate", "brama.window-size", "20")
        .hasMessageContaining("brama.failure-rate-threshold");
    rejected("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50")
        .hasMessageContaining("brama.window-size");
  }

  // ---- timed-rate ----

  @Test
  void timedRatePolicy() {
    BramaConfig c = read("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold",
        "25.5", "brama.window-duration", "30s", "brama.minimum-calls", "4");
    assertThat(c.failurePolicy()).isEqualTo(FailurePolicy.timedRate(25.5, Duration.ofSeconds(30), 4));
    assertThat(c.maxAttempts()).isZero();
    assertThat(read("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.window-duration", "1500", "brama.minimum-calls", "1").failurePolicy())
        .isEqualTo(FailurePolicy.timedRate(50, Duration.ofMillis(1500), 1));
  }

  @Test
  void timedRateRequiresThresholdDurationAndMinimumCalls() {
    rejected("brama.failure-policy", "timed-rate", "brama.window-duration", "30s",
        "brama.minimum-calls", "4").hasMessageContaining("brama.failure-rate-threshold");
    rejected("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.minimum-calls", "4").hasMessageContaining("brama.window-duration");
    rejected("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.window-duration", "30s").hasMessageContaining("brama.minimum-calls");
  }

  // ---- conflicts ----

  @ParameterizedTest(name = "{0}={1} with the consecutive policy")
  @CsvSource({
      "brama.failure-rate-threshold, 50",
      "brama.window-size, 20",
      "brama.window-duration, 30s",
      "brama.minimum-calls, 5"})
  void rateKeysWithTheConsecutivePolicyAreRejected(String key, String value) {
    rejected(key, value).hasMessageContaining(key).hasMessageContaining(value);
    rejected("brama.failure-policy", "consecutive", key, value).hasMessageContaining(key)
        .hasMessageContaining(value);
  }

  @Test
  void maxAttemptsWithARatePolicyIsRejected() {
    rejected("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20", "brama.max-attempts", "7")
        .hasMessageContaining("brama.max-attempts").hasMessageContaining("7");
    rejected("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.window-duration", "30s", "brama.minimum-calls", "4", "brama.max-attempts", "7")
        .hasMessageContaining("brama.max-attempts").hasMessageContaining("7");
  }

  @Test
  void windowKeysOfTheOtherRatePolicyAreRejected() {
    rejected("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20", "brama.window-duration", "45s")
        .hasMessageContaining("brama.window-duration").hasMessageContaining("45s");
    rejected("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.window-duration", "30s", "brama.minimum-calls", "4", "brama.window-size", "33")
        .hasMessageContaining("brama.window-size").hasMessageContaining("33");
  }

  @Test
  void slowCallKeysWithTheConsecutivePolicyAreRejected() {
    rejected("brama.slow-call-threshold", "2s").hasMessageContaining("rate policy");
  }

  // ---- bad values ----

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "brama.failure-policy, bogus",
      "brama.failure-rate-threshold, 0",
      "brama.failure-rate-threshold, 100.5",
      "brama.failure-rate-threshold, half",
      "brama.window-size, 0",
      "brama.window-size, 1000001",
      "brama.window-size, many",
      "brama.minimum-calls, 0",
      "brama.minimum-calls, 21",
      "brama.minimum-calls, 2.5"})
  void badRateValuesNameKeyAndValue(String key, String value) {
    Properties p = props("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20");
    p.setProperty(key, value);
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key).hasMessageContaining(value);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "brama.window-duration, 9ms",
      "brama.window-duration, 0",
      "brama.window-duration, 30 seconds",
      "brama.minimum-calls, 0",
      "brama.minimum-calls, -1"})
  void badTimedRateValuesNameKeyAndValue(String key, String value) {
    Properties p = props("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.window-duration", "30s", "brama.minimum-calls", "4");
    p.setProperty(key, value);
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key).hasMessageContaining(value);
  }

  // ---- slow calls ----

  @Test
  void slowCallThresholdWithTheDefaultRate() {
    BramaConfig c = read("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20", "brama.slow-call-threshold", "2s");
    assertThat(c.slowCallThreshold()).contains(Duration.ofSeconds(2));
    assertThat(c.slowCallRatePercent()).isEqualTo(100.0);
  }

  @Test
  void slowCallThresholdAndRate() {
    BramaConfig c = read("brama.failure-policy", "timed-rate", "brama.failure-rate-threshold", "50",
        "brama.window-duration", "1m", "brama.minimum-calls", "10",
        "brama.slow-call-threshold", "500ms", "brama.slow-call-rate-threshold", "40");
    assertThat(c.slowCallThreshold()).contains(Duration.ofMillis(500));
    assertThat(c.slowCallRatePercent()).isEqualTo(40.0);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "brama.slow-call-threshold, 0",
      "brama.slow-call-threshold, fast",
      "brama.slow-call-rate-threshold, 0",
      "brama.slow-call-rate-threshold, 101",
      "brama.slow-call-rate-threshold, most"})
  void badSlowCallValuesNameKeyAndValue(String key, String value) {
    Properties p = props("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20", "brama.slow-call-threshold", "1s");
    p.setProperty(key, value);
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key).hasMessageContaining(value);
  }

  @Test
  void slowCallRateNeedsTheThreshold() {
    rejected("brama.failure-policy", "rate", "brama.failure-rate-threshold", "50",
        "brama.window-size", "20", "brama.slow-call-rate-threshold", "40")
        .hasMessageContaining("brama.slow-call-rate-threshold").hasMessageContaining("40")
        .hasMessageContaining("brama.slow-call-threshold");
  }

  // ---- exception rules ----

  @Test
  void exceptionListsAreClassNames() {
    BramaConfig c = read("brama.record-exceptions",
        "java.io.IOException, java.util.concurrent.TimeoutException",
        "brama.ignore-exceptions", CustomException.class.getName() + ",java.io.FileNotFoundException");
    assertThat(c.recordExceptions()).containsExactly(IOException.class, TimeoutException.class);
    assertThat(c.ignoreExceptions()).containsExactly(CustomException.class,
        FileNotFoundException.class);
  }

  @Test
  void exceptionListsMustNameThrowables() {
    rejected("brama.record-exceptions", "java.io.IOException,com.example.Missing")
        .hasMessageContaining("brama.record-exceptions")
        .hasMessageContaining("java.io.IOException,com.example.Missing");
    rejected("brama.ignore-exceptions", "java.lang.String")
        .hasMessageContaining("brama.ignore-exceptions").hasMessageContaining("java.lang.String");
  }

  @Test
  void exceptionRulesFromPropertiesWork() {
    ManualClock clock = new ManualClock();
    try (Brama brama = Brama.builder().clock(clock).config(read("brama.max-attempts", "1",
        "brama.ignore-exceptions", "java.lang.IllegalArgumentException")).build()) {
      brama.register(ID);
      assertThatThrownBy(() -> brama.call(ID, PolicyFixture.throwing(new NumberFormatException())))
          .isInstanceOf(NumberFormatException.class);
      assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
      assertThatThrownBy(() -> brama.call(ID, PolicyFixture.throwing(new IllegalStateException())))
          .isInstanceOf(IllegalStateException.class);
      assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    }
  }

  // ---- call timeout ----

  @Test
  void callTimeout() {
    assertThat(read("brama.call-timeout", "500ms").callTimeout()).contains(Duration.ofMillis(500));
    assertThat(read("brama.call-timeout", "2m").callTimeout()).contains(Duration.ofMinutes(2));
    assertThat(read("brama.call-timeout", "250").callTimeout()).contains(Duration.ofMillis(250));
  }

  @ParameterizedTest(name = "brama.call-timeout={0}")
  @CsvSource({"0", "soon", "-5s", "1.5s"})
  void badCallTimeoutsNameKeyAndValue(String value) {
    rejected("brama.call-timeout", value).hasMessageContaining("brama.call-timeout")
        .hasMessageContaining(value);
  }

  // ---- expiry jitter ----

  @Test
  void expiryJitterAppliesToTheFixedExpiry() {
    BramaConfig c = read("brama.expiry", "30s", "brama.expiry-jitter", "0.2");
    assertRange(c, 1, Duration.ofSeconds(24), Duration.ofSeconds(36));
  }

  @Test
  void expiryJitterAppliesToTheDefaultExpiry() {
    assertRange(read("brama.expiry-jitter", "0.1"), 1, Duration.ofSeconds(54),
        Duration.ofSeconds(66));
  }

  @Test
  void expiryJitterAppliesToTheProgressiveExpiry() {
    BramaConfig c = read("brama.expiry-strategy", "progressive", "brama.initial-expiry", "1s",
        "brama.max-expiry", "1m", "brama.expiry-jitter", "0.5");
    assertRange(c, 1, Duration.ofMillis(500), Duration.ofMillis(1500));
    assertRange(c, 3, Duration.ofSeconds(2), Duration.ofSeconds(6));
  }

  private static void assertRange(BramaConfig c, int opens, Duration min, Duration max) {
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration d = c.expiryStrategy().expiryAfter(opens);
      assertThat(d).isBetween(min, max);
      seen.add(d);
    }
    assertThat(seen).as("jittered values vary").hasSizeGreaterThan(10);
  }

  @ParameterizedTest(name = "brama.expiry-jitter={0}")
  @CsvSource({"1.0", "1", "-0.1", "some"})
  void badJitterNamesKeyAndValue(String value) {
    rejected("brama.expiry-jitter", value).hasMessageContaining("brama.expiry-jitter")
        .hasMessageContaining(value);
  }

  // ---- unknown keys ----

  @Test
  void aMisspelledPolicyKeyIsRejected() {
    rejected("brama.window-sizes", "20").hasMessageContaining("brama.window-sizes")
        .hasMessageContaining("20");
    rejected("brama.slow-call-treshold", "1s").hasMessageContaining("brama.slow-call-treshold");
  }

  @Test
  void aRatePolicyFromPropertiesWorksInTheEngine() {
    ManualClock clock = new ManualClock();
    try (Brama brama = Brama.builder().clock(clock).config(read("brama.failure-policy", "rate",
        "brama.failure-rate-threshold", "50", "brama.window-size", "4", "brama.minimum-calls", "2"))
        .build()) {
      brama.register(ID);
      assertThat(brama.status(ID).maxAttempts()).isZero();
      brama.success(ID);
      brama.failure(ID);
      assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    }
  }
}
