package io.brama.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one table of configuration keys: the name a key has in {@code brama.*} properties and in the
 * Spring starter, the kind of value it takes, its default (written as a user would write it) and
 * what it means. {@code docs/configuration.md}'s table is checked against it; the builders' defaults
 * and the readers' defaults come from it, so every default is stated here and nowhere else.
 */
public enum ConfigKey {
  MAX_ATTEMPTS("max-attempts", Kind.WHOLE_NUMBER, "10",
      "consecutive failures that open a circuit (≥ 1)"),
  EXPIRY("expiry", Kind.DURATION, "60s", "open period of the `fixed` strategy"),
  EXPIRY_STRATEGY("expiry-strategy", Kind.WORD, "fixed", "`fixed` or `progressive`"),
  INITIAL_EXPIRY("initial-expiry", Kind.DURATION, null,
      "`progressive`: first open period (required)"),
  MAX_EXPIRY("max-expiry", Kind.DURATION, null, "`progressive`: cap (required, ≥ initial)"),
  BACKOFF_FACTOR("backoff-factor", Kind.NUMBER, "2.0",
      "`progressive`: multiplier per consecutive open (≥ 1)"),
  CLEANUP_INTERVAL("cleanup-interval", Kind.DURATION, "10s",
      "how often the sweeper moves expired circuits to HALF_OPEN without traffic"),
  HALF_OPEN_TRIALS("half-open-trials", Kind.WHOLE_NUMBER, "1",
      "trial calls admitted at once in HALF_OPEN (≥ 1)"),
  EXPIRY_JITTER("expiry-jitter", Kind.NUMBER, null,
      "random spread of each open period, a fraction in [0, 1)"),
  FAILURE_POLICY("failure-policy", Kind.WORD, "consecutive",
      "`consecutive`, `rate` or `timed-rate`"),
  FAILURE_RATE_THRESHOLD("failure-rate-threshold", Kind.NUMBER, null,
      "rate policies: failure rate in percent, (0, 100] (required)"),
  WINDOW_SIZE("window-size", Kind.WHOLE_NUMBER, null,
      "`rate`: calls in the window, 1 to 1,000,000 (required)"),
  WINDOW_DURATION("window-duration", Kind.DURATION, null,
      "`timed-rate`: the window, ≥ 10 ms (required)"),
  /** Its default is not a value: under {@code rate} it is the window size. */
  MINIMUM_CALLS("minimum-calls", Kind.WHOLE_NUMBER, null,
      "calls in the window before it can open (`timed-rate`: required)"),
  SLOW_CALL_THRESHOLD("slow-call-threshold", Kind.DURATION, null,
      "calls slower than this are slow (rate policies)"),
  SLOW_CALL_RATE_THRESHOLD("slow-call-rate-threshold", Kind.NUMBER, "100",
      "slow-call rate in percent that opens (needs the threshold)"),
  RECORD_EXCEPTIONS("record-exceptions", Kind.TYPES, null,
      "comma-separated class names recorded as failures"),
  IGNORE_EXCEPTIONS("ignore-exceptions", Kind.TYPES, null,
      "comma-separated class names ignored"),
  CALL_TIMEOUT("call-timeout", Kind.DURATION, null, "timeout of async calls");

  /** The default of {@link #MINIMUM_CALLS}, as the configuration table words it. */
  public static final String MINIMUM_CALLS_DEFAULT = "`rate`: the window size";

  /** What a key takes: how a value is parsed, and which objects stand for one. */
  public enum Kind {
    WHOLE_NUMBER("a whole number"),
    NUMBER("a number"),
    DURATION("a duration"),
    WORD("a word"),
    TYPES("exception class names");

    final String what;

    Kind(String what) {
      this.what = what;
    }
  }

  private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();

  static {
    for (ConfigKey k : values()) {
      BY_NAME.put(k.name, k);
    }
  }

  private final String name;
  private final Kind kind;
  private final String defaultText;
  private final String meaning;

  ConfigKey(String name, Kind kind, String defaultText, String meaning) {
    this.name = name;
    this.kind = kind;
    this.defaultText = defaultText;
    this.meaning = meaning;
  }

  /** The key by its name ({@code max-attempts}), or null. */
  public static ConfigKey named(String name) {
    return BY_NAME.get(name);
  }

  /** The name, without a prefix: {@code max-attempts}. */
  public String key() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** The default as written in configuration, or null when the key has no default value. */
  public String defaultText() {
    return defaultText;
  }

  /** What the key means, with its range. */
  public String meaning() {
    return meaning;
  }

  /** Engine-wide keys are set once for a Brama, never per connection. */
  public boolean engineWide() {
    return this == CLEANUP_INTERVAL;
  }

  /** The default of a whole-number key. */
  public int intDefault() {
    return Integer.parseInt(defaultText);
  }

  /** The default of a number key. */
  public double doubleDefault() {
    return Double.parseDouble(defaultText);
  }

  /** The default of a duration key. */
  public Duration durationDefault() {
    return ConfigText.duration(name, defaultText);
  }
}
