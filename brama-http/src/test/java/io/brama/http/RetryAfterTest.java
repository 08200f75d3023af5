package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Retry-After rules on the RFC's own examples and on near misses. */
class RetryAfterTest {
  private static final Duration CAP = Duration.ofMinutes(10);
  /** 1994-11-06T08:49:00Z: 37 s before the RFC's example date. */
  private final ManualClock clock = new ManualClock(Instant.parse("1994-11-06T08:49:00Z"));

  private Duration delay(String retryAfter, String date) {
    return RetryAfter.delay(retryAfter, date, clock, CAP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994", "Sun Nov 06 08:49:37 1994", " \tSun, 06 Nov 1994 08:49:37 GMT\t "})
  void theThreeHttpDateFormsOfTheRfcNameTheSameInstant(String value) {
    assertThat(delay(value, null)).isEqualTo(Duration.ofSeconds(37));
    assertThat(HttpDate.parse(value.strip(), 1994))
        .isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
  }

  @Test
  void anHttpDateIsTakenAgainstTheDateHeaderWhenThereIsOne() {
    assertThat(delay("Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:30 GMT"))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(delay("Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT"))
        .as("no later than the server's now").isNull();
    assertThat(delay("Sun, 06 Nov 1994 08:49:37 GMT", "garbage"))
        .as("an unusable Date: the Brama's clock").isEqualTo(Duration.ofSeconds(37));
  }

  @ParameterizedTest
  @CsvSource({"1,PT1S", "120,PT2M", "0120,PT2M", "600,PT10M", "601,PT10M",
      "1000000000000,PT10M", "99999999999999999999999999999999,PT10M"})
  void delaySecondsAreCappedAtTheMaximum(String value, Duration expected) {
    assertThat(delay(value, null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "0", "000", "-1", "+5", "1.5", "1e3", "5s", "5 5", "soon",
      "Sun, 06 Nov 1994 08:49:00 GMT", "Sun, 06 Nov 1994 08:48:59 GMT", // now, a second ago
      "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
      "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
      "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 30 Feb 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 GMT+1", "Sun 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
      "Sund, 06-Nov-94 08:49:37 GMT", "Sunday, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37",
      "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49:37 94", "Xyz Nov  6 08:49:37 1994",
      "2026-01-01T00:00:00Z", "\u0000\u0000\u0000,\u0000\u0000\u0000\u0000\u0000\u0000\u0000"})
  void malformedZeroAndPastValuesAskNothing(String value) {
    assertThat(delay(value, null)).isNull();
  }

  @Test
  void aMissingHeaderAsksNothing() {
    assertThat(delay(null, "Sun, 06 Nov 1994 08:49:30 GMT")).isNull();
  }

  @Test
  void aLeapSecondIsTheSecondAfter59() {
    assertThat(HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT", 2016))
        .isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
  }

  @Test
  void aTwoDigitYearMoreThan50YearsAheadIsInThePast() {
    assertThat(HttpDate.parse("Thursday, 01-Jan-76 00:00:00 GMT", 2026))
        .isEqualTo(Instant.parse("2076-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Friday, 01-Jan-77 00:00:00 GMT", 2026))
        .isEqualTo(Instant.parse("1977-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Saturday, 01-Jan-00 00:00:00 GMT", 2026))
        .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
  }

  @Test
  void theDayNameIsNotCheckedAgainstTheDate() {
    assertThat(HttpDate.parse("Mon, 06 Nov 1994 08:49:37 GMT", 1994))
        .isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
  }

  @Test
  void aCapShorterThanASecondCutsDelaySecondsToIt() {
    assertThat(RetryAfter.delay("1", null, clock, Duration.ofMillis(300)))
        .isEqualTo(Duration.ofMillis(300));
    assertThat(RetryAfter.delay("2", null, clock, Duration.ofMillis(1500)))
        .isEqualTo(Duration.ofMillis(1500));
  }
}
