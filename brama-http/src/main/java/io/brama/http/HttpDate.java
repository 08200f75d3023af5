package io.brama.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A strict parser of the three HTTP-date formats of RFC 9110, section 5.6.7: IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and ANSI C's asctime ({@code Sun Nov  6 08:49:37 1994}).
 * Case-sensitive as the RFC says; the day name must be a day name but is not checked against the
 * date (a sender's wrong weekday does not make its time unusable). Anything else is no date.
 */
final class HttpDate {
  private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
  private static final List<String> LONG_DAYS =
      List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
  private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
  private static final int IMF_LENGTH = "Sun, 06 Nov 1994 08:49:37 GMT".length();
  private static final int ASCTIME_LENGTH = "Sun Nov  6 08:49:37 1994".length();
  /** What follows the day name in the RFC 850 form: {@code ", 06-Nov-94 08:49:37 GMT"}. */
  private static final int RFC850_TAIL = ", 06-Nov-94 08:49:37 GMT".length();

  private HttpDate() {}

  /**
   * The instant {@code s} names, or null when it is not an HTTP-date.
   *
   * @param s the text, without surrounding whitespace
   * @param currentYear the current year (UTC), for the RFC 850 form's two-digit year
   */
  static Instant parse(String s, int currentYear) {
    try {
      if (s.length() == IMF_LENGTH && s.charAt(3) == ',') {
        return imfFixdate(s);
      }
      if (s.length() == ASCTIME_LENGTH && s.charAt(3) == ' ') {
        return asctime(s);
      }
      int comma = s.indexOf(',');
      if (comma > 0 && s.length() == comma + RFC850_TAIL) {
        return rfc850(s, comma, currentYear);
      }
      return null;
    } catch (DateTimeException e) { // 30 Feb, 31 Apr, 29 Feb of a common year
      return null;
    }
  }

  /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static Instant imfFixdate(String s) {
    if (!DAYS.contains(s.substring(0, 3)) || !s.startsWith(", ", 3) || s.charAt(7) != ' '
        || s.charAt(11) != ' ' || s.charAt(16) != ' ' || !s.startsWith(" GMT", 25)) {
      return null;
    }
    int day = digits(s, 5, 2);
    int month = month(s, 8);
    int year = digits(s, 12, 4);
    return at(year, month, day, s, 17);
  }

  /** {@code Sunday, 06-Nov-94 08:49:37 GMT}: a two-digit year more than 50 years ahead is past. */
  private static Instant rfc850(String s, int comma, int currentYear) {
    int i = comma + 2;
    if (!LONG_DAYS.contains(s.substring(0, comma)) || s.charAt(comma + 1) != ' '
        || s.charAt(i + 2) != '-' || s.charAt(i + 6) != '-' || s.charAt(i + 9) != ' '
        || !s.startsWith(" GMT", i + 18)) {
      return null;
    }
    int day = digits(s, i, 2);
    int month = month(s, i + 3);
    int twoDigits = digits(s, i + 7, 2);
    if (twoDigits < 0) {
      return null;
    }
    int year = currentYear - Math.floorMod(currentYear, 100) + twoDigits;
    if (year > currentYear + 50) {
      year -= 100;
    }
    return at(year, month, day, s, i + 10);
  }

  /** {@code Sun Nov  6 08:49:37 1994} (the day also as {@code 06}). */
  private static Instant asctime(String s) {
    if (!DAYS.contains(s.substring(0, 3)) || s.charAt(7) != ' ' || s.charAt(10) != ' '
        || s.charAt(19) != ' ') {
      return null;
    }
    int month = month(s, 4);
    int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
    int year = digits(s, 20, 4);
    return at(year, month, day, s, 11);
  }

  /** The instant of a date and the {@code HH:MM:SS} at {@code t}; null if any part is invalid. */
  private static Instant at(int year, int month, int day, String s, int t) {
    if (year < 0 || month < 0 || day < 0 || s.charAt(t + 2) != ':' || s.charAt(t + 5) != ':') {
      return null;
    }
    int hour = digits(s, t, 2);
    int minute = digits(s, t + 3, 2);
    int second = digits(s, t + 6, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return null; // second 60: a leap second, one second after :59
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
  }

  /** The month (1 to 12) named at {@code from}, or -1. */
  private static int month(String s, int from) {
    int index = MONTHS.indexOf(s.substring(from, from + 3));
    return index < 0 ? -1 : index + 1;
  }

  /** The {@code count} ASCII digits at {@code from} as a number, or -1 if one is not a digit. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The UTC year of {@code instant}, the reference for two-digit years. */
  static int yearOf(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).getYear();
  }
}
