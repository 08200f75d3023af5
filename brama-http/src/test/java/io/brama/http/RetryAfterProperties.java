package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Retry-After parsing against an independent reference: the JDK's {@link DateTimeFormatter}
 * writes the three RFC 9110 date forms, the parser must read back the same second.
 */
class RetryAfterProperties {
  private static final Duration CAP = Duration.ofMinutes(10);
  private static final List<DateTimeFormatter> FORMS = List.of(
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US),
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));
  /** 1900-01-01 to 9999-12-29 on the second: room for the offsets below in four-digit years. */
  private static final long FIRST = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST = Instant.parse("9999-12-29T23:59:59Z").getEpochSecond();

  private static String format(int form, Instant instant) {
    return FORMS.get(form).withZone(ZoneOffset.UTC).format(instant);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(FIRST, LAST).map(Instant::ofEpochSecond);
  }

  @Property
  void everyFourDigitYearFormReadsBackTheSameSecond(@ForAll("instants") Instant instant,
      @ForAll @IntRange(min = 0, max = 1) int pick) {
    int form = pick == 0 ? 0 : 2; // IMF-fixdate and asctime carry the whole year
    assertThat(HttpDate.parse(format(form, instant), 2026)).isEqualTo(instant);
  }

  @Property
  void theRfc850FormReadsBackWithinFiftyYearsOfTheCurrentYear(
      @ForAll @LongRange(min = -49L * 365 * 86_400, max = 49L * 365 * 86_400) long offset) {
    Instant now = Instant.parse("2026-07-01T00:00:00Z");
    Instant instant = now.plusSeconds(offset);
    assertThat(HttpDate.parse(format(1, instant), 2026)).isEqualTo(instant);
  }

  @Property
  void anHttpDateIsItsDistanceFromTheServersDateCapped(@ForAll("instants") Instant serverNow,
      @ForAll @LongRange(min = -100_000, max = 100_000) long seconds,
      @ForAll @IntRange(min = 0, max = 2) int form, @ForAll @IntRange(min = 0, max = 2) int dateForm) {
    if (form == 1 || dateForm == 1) { // two-digit years: keep both within 50 years of the clock
      serverNow = Instant.parse("2026-07-01T00:00:00Z").plusSeconds(seconds * 97);
    }
    ManualClock brama = new ManualClock(Instant.parse("2026-07-01T00:00:00Z"));
    Duration wait = RetryAfter.delay(format(form, serverNow.plusSeconds(seconds)),
        format(dateForm, serverNow), brama, CAP);
    if (seconds <= 0) {
      assertThat(wait).isNull();
    } else {
      assertThat(wait).isEqualTo(Duration.ofSeconds(Math.min(seconds, CAP.getSeconds())));
    }
  }

  @Property
  void delaySecondsAreTheNumberCappedAndZeroIsNothing(@ForAll @LongRange(min = 0) long seconds,
      @ForAll @IntRange(min = 0, max = 3) int leadingZeros) {
    String value = "0".repeat(leadingZeros) + seconds;
    Duration wait = RetryAfter.delay(value, null, new ManualClock(), CAP);
    if (seconds == 0) {
      assertThat(wait).isNull();
    } else {
      assertThat(wait).isEqualTo(Duration.ofSeconds(Math.min(seconds, CAP.getSeconds())));
    }
  }

  @Property
  void anyTextNeverThrowsAndNeverAsksForMoreThanTheCapOrNothingPositive(@ForAll String value,
      @ForAll String date) {
    Duration wait = RetryAfter.delay(value, date, new ManualClock(), CAP);
    if (wait != null) {
      assertThat(wait).isPositive().isLessThanOrEqualTo(CAP);
    }
  }

  @Property
  void aValidDateWithOneCharacterChangedIsReadOrRefusedButNeverThrows(
      @ForAll("instants") Instant instant, @ForAll @IntRange(min = 0, max = 2) int form,
      @ForAll @IntRange(min = 0, max = 40) int position, @ForAll char replacement) {
    String valid = format(form, instant);
    int at = position % valid.length();
    String mutated = valid.substring(0, at) + replacement + valid.substring(at + 1);
    Instant parsed = HttpDate.parse(mutated, HttpDate.yearOf(instant));
    if (parsed != null && mutated.equals(valid)) {
      assertThat(parsed).isEqualTo(instant);
    }
  }
}
