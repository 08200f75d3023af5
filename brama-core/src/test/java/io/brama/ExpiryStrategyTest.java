package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules X1 and X2: fixed and progressive expiry, and their validation (Rules B1 and B2). */
class ExpiryStrategyTest {
  private static final Duration S5 = Duration.ofSeconds(5);
  private static final Duration M5 = Duration.ofMinutes(5);

  // ---- fixed ----

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 10, 1000, Integer.MAX_VALUE})
  void fixedIsAlwaysTheSame(int n) {
    assertThat(ExpiryStrategy.fixed(Duration.ofSeconds(42)).expiryAfter(n))
        .isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void fixedAcceptsTheSmallestAndLargestDurations() {
    assertThat(ExpiryStrategy.fixed(Duration.ofNanos(1)).expiryAfter(1))
        .isEqualTo(Duration.ofNanos(1));
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    assertThat(ExpiryStrategy.fixed(huge).expiryAfter(7)).isEqualTo(huge);
  }

  @Test
  void fixedStrategiesWithTheSameDurationAreEqual() {
    assertThat(ExpiryStrategy.fixed(Duration.ofSeconds(3)))
        .isEqualTo(ExpiryStrategy.fixed(Duration.ofMillis(3000)))
        .hasSameHashCodeAs(ExpiryStrategy.fixed(Duration.ofMillis(3000)))
        .isNotEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(4)));
  }

  @Test
  void fixedNullIsRejected() {
    assertThatThrownBy(() -> ExpiryStrategy.fixed(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expiry must not be null");
  }

  @ParameterizedTest
  @CsvSource({"0, PT0S", "-1, PT-0.001S", "-60000, PT-1M"})
  void fixedNonPositiveIsRejected(long millis, String shown) {
    assertThatThrownBy(() -> ExpiryStrategy.fixed(Duration.ofMillis(millis)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiry must be > 0, was " + shown);
  }

  // ---- progressive ----

  static Stream<Arguments> doublingFromFiveSecondsCappedAtFiveMinutes() {
    return Stream.of(
        Arguments.of(1, Duration.ofSeconds(5)),
        Arguments.of(2, Duration.ofSeconds(10)),
        Arguments.of(3, Duration.ofSeconds(20)),
        Arguments.of(4, Duration.ofSeconds(40)),
        Arguments.of(5, Duration.ofSeconds(80)),
        Arguments.of(6, Duration.ofSeconds(160)),
        Arguments.of(7, Duration.ofMinutes(5)),   // 320 s capped at 300 s
        Arguments.of(8, Duration.ofMinutes(5)),
        Arguments.of(20, Duration.ofMinutes(5)),
        Arguments.of(64, Duration.ofMinutes(5)),
        Arguments.of(1_000, Duration.ofMinutes(5)),
        Arguments.of(1_000_000, Duration.ofMinutes(5)),
        Arguments.of(Integer.MAX_VALUE, Duration.ofMinutes(5)));
  }

  @ParameterizedTest(name = "open #{0} -> {1}")
  @MethodSource("doublingFromFiveSecondsCappedAtFiveMinutes")
  void progressiveDoublesUpToTheCap(int n, Duration expected) {
    assertThat(ExpiryStrategy.progressive(S5, M5, 2.0).expiryAfter(n)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "factor {0}, open #{1} -> {2} ms")
  @CsvSource({
      "1.5, 1, 1000",
      "1.5, 2, 1500",
      "1.5, 3, 2250",
      "1.5, 4, 3375",
      "3.0, 1, 1000",
      "3.0, 2, 3000",
      "3.0, 3, 9000",
      "3.0, 4, 27000",
      "3.0, 5, 60000",
      "10.0, 2, 10000",
      "10.0, 3, 60000",
  })
  void progressiveIsInitialTimesFactorToTheNMinusOneCappedAtMax(double factor, int n, long millis) {
    ExpiryStrategy s =
        ExpiryStrategy.progressive(Duration.ofSeconds(1), Duration.ofMinutes(1), factor);

    assertThat(s.expiryAfter(n)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 100, Integer.MAX_VALUE})
  void factorOneIsAlwaysTheInitialExpiry(int n) {
    assertThat(ExpiryStrategy.progressive(S5, M5, 1.0).expiryAfter(n)).isEqualTo(S5);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 50, Integer.MAX_VALUE})
  void initialEqualToMaxIsAlwaysThatValue(int n) {
    assertThat(ExpiryStrategy.progressive(S5, S5, 2.0).expiryAfter(n)).isEqualTo(S5);
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 63, 64, 100, 1_100, Integer.MAX_VALUE})
  void hugeOpenCountsDoNotOverflowAndReturnMax(int n) {
    Duration max = Duration.ofDays(365);
    assertThat(ExpiryStrategy.progressive(Duration.ofSeconds(1), max, 2.0).expiryAfter(n))
        .isEqualTo(max);
  }

  @Test
  void hugeFactorDoesNotOverflow() {
    ExpiryStrategy s = ExpiryStrategy.progressive(S5, M5, Double.MAX_VALUE);

    assertThat(s.expiryAfter(1)).isEqualTo(S5);
    assertThat(s.expiryAfter(2)).isEqualTo(M5);
    assertThat(s.expiryAfter(Integer.MAX_VALUE)).isEqualTo(M5);
  }

  @Test
  void hugeMaxWithHugeCountDoesNotOverflow() {
    Duration max = Duration.ofSeconds(Long.MAX_VALUE);
    ExpiryStrategy s = ExpiryStrategy.progressive(Duration.ofSeconds(1), max, 2.0);

    assertThat(s.expiryAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.expiryAfter(Integer.MAX_VALUE)).isEqualTo(max);
  }

  @Test
  void resultsNeverDecreaseAndNeverExceedMax() {
    ExpiryStrategy s = ExpiryStrategy.progressive(Duration.ofMillis(3), Duration.ofHours(2), 1.7);
    Duration previous = Duration.ZERO;
    for (int n = 1; n <= 200; n++) {
      Duration d = s.expiryAfter(n);
      assertThat(d).as("open #%d", n)
          .isGreaterThanOrEqualTo(previous)
          .isLessThanOrEqualTo(Duration.ofHours(2))
          .isPositive();
      previous = d;
    }
    assertThat(previous).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void progressiveStrategiesWithTheSameValuesAreEqual() {
    assertThat(ExpiryStrategy.progressive(S5, M5, 2.0))
        .isEqualTo(ExpiryStrategy.progressive(Duration.ofMillis(5000), Duration.ofSeconds(300), 2.0))
        .hasSameHashCodeAs(ExpiryStrategy.progressive(S5, M5, 2.0))
        .isNotEqualTo(ExpiryStrategy.progressive(S5, M5, 3.0))
        .isNotEqualTo(ExpiryStrategy.fixed(S5));
  }

  @Test
  void consecutiveOpensBelowOneIsRejected() {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(S5, M5, 2.0).expiryAfter(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveOpens must be >= 1, was 0");
    assertThatThrownBy(() -> ExpiryStrategy.fixed(S5).expiryAfter(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveOpens must be >= 1, was -1");
  }

  // ---- progressive validation ----

  @Test
  void nullInitialIsRejected() {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(null, M5, 2.0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("initialExpiry must not be null");
  }

  @Test
  void nullMaxIsRejected() {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(S5, null, 2.0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("maxExpiry must not be null");
  }

  @ParameterizedTest
  @CsvSource({"0, PT0S", "-5000, PT-5S"})
  void nonPositiveInitialIsRejected(long millis, String shown) {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(Duration.ofMillis(millis), M5, 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initialExpiry must be > 0, was " + shown);
  }

  @ParameterizedTest
  @CsvSource({"0, PT0S", "-5000, PT-5S"})
  void nonPositiveMaxIsRejected(long millis, String shown) {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(S5, Duration.ofMillis(millis), 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxExpiry must be > 0, was " + shown);
  }

  @Test
  void maxBelowInitialIsRejected() {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(S5, Duration.ofSeconds(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxExpiry must be >= initialExpiry (PT5S), was PT1S");
    assertThatThrownBy(() -> ExpiryStrategy.progressive(S5, S5.minusNanos(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxExpiry must be >= initialExpiry (PT5S), was PT4.999999999S");
  }

  @ParameterizedTest
  @CsvSource({
      "0.5, 0.5",
      "0.999, 0.999",
      "0.0, 0.0",
      "-2.0, -2.0",
      "NaN, NaN",
      "Infinity, Infinity",
      "-Infinity, -Infinity"})
  void badBackoffFactorIsRejected(double factor, String shown) {
    assertThatThrownBy(() -> ExpiryStrategy.progressive(S5, M5, factor))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoffFactor must be >= 1.0 and finite, was " + shown);
  }

  @Test
  void smallestValidValuesAreAccepted() {
    ExpiryStrategy s = ExpiryStrategy.progressive(Duration.ofNanos(1), Duration.ofNanos(1), 1.0);

    assertThat(s.expiryAfter(1)).isEqualTo(Duration.ofNanos(1));
    assertThat(s.expiryAfter(9)).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void expiryStrategyIsAFunctionalInterface() {
    ExpiryStrategy s = n -> Duration.ofSeconds(n);

    assertThat(s.expiryAfter(3)).isEqualTo(Duration.ofSeconds(3));
  }
}
