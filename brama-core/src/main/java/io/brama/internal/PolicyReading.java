package io.brama.internal;

import static io.brama.internal.ConfigKey.FAILURE_POLICY;
import static io.brama.internal.ConfigKey.FAILURE_RATE_THRESHOLD;
import static io.brama.internal.ConfigKey.MAX_ATTEMPTS;
import static io.brama.internal.ConfigKey.MINIMUM_CALLS;
import static io.brama.internal.ConfigKey.WINDOW_DURATION;
import static io.brama.internal.ConfigKey.WINDOW_SIZE;

import io.brama.FailurePolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the failure-policy keys: {@code failure-policy} chooses which of the others apply; each
 * part is checked under its own key before the policy is made, so a problem names its key.
 */
final class PolicyReading {
  private final ConfigReader r;

  PolicyReading(ConfigReader reader) {
    this.r = reader;
  }

  void read() {
    String policy = r.has(FAILURE_POLICY) ? r.parsed(FAILURE_POLICY, ConfigText::word) : null;
    if (policy == null && r.has(FAILURE_POLICY)) {
      return;
    }
    switch (policy == null ? "consecutive" : policy) {
      case "consecutive" -> consecutive(policy != null);
      case "rate", "timed-rate" -> rate(policy);
      default -> {
        r.problem(FAILURE_POLICY, " must be 'consecutive', 'rate' or 'timed-rate', was '"
            + policy + "'");
        r.parsed(MAX_ATTEMPTS, ConfigText::wholeNumber); // its own value's problems, named now
        r.parsed(FAILURE_RATE_THRESHOLD, ConfigText::number);
        r.parsed(WINDOW_SIZE, ConfigText::wholeNumber);
        r.parsed(WINDOW_DURATION, ConfigText::duration);
        r.parsed(MINIMUM_CALLS, ConfigText::wholeNumber);
      }
    }
  }

  /** A count of failures in a row; named without a count, the table's default count. */
  private void consecutive(boolean named) {
    for (ConfigKey key : List.of(FAILURE_RATE_THRESHOLD, WINDOW_SIZE, WINDOW_DURATION,
        MINIMUM_CALLS)) {
      if (r.has(key)) {
        r.problem(key, "='" + r.raw(key) + "' applies only with " + r.name(FAILURE_POLICY)
            + "=rate or timed-rate, was consecutive");
      }
    }
    Integer n = r.has(MAX_ATTEMPTS) ? r.parsed(MAX_ATTEMPTS, ConfigText::wholeNumber)
        : named ? MAX_ATTEMPTS.intDefault() : null;
    if (n != null) {
      r.apply(MAX_ATTEMPTS, () -> r.draft().failurePolicy(FailurePolicy.consecutive(n)));
    }
  }

  private void rate(String policy) {
    if (r.has(MAX_ATTEMPTS)) {
      r.problem(MAX_ATTEMPTS, "='" + r.raw(MAX_ATTEMPTS) + "' applies only with "
          + r.name(FAILURE_POLICY) + "=consecutive, was " + policy);
    }
    String when = r.name(FAILURE_POLICY) + "=" + policy;
    Double rate = r.required(FAILURE_RATE_THRESHOLD, when, ConfigText::number);
    boolean rateValid = rate != null && r.apply(FAILURE_RATE_THRESHOLD,
        () -> Require.percent(rate, "failureRatePercent"));
    if (policy.equals("rate")) {
      forbid(WINDOW_DURATION, policy);
      Integer size = r.required(WINDOW_SIZE, when, ConfigText::wholeNumber);
      boolean sizeValid = size != null && r.apply(WINDOW_SIZE,
          () -> Require.between(size, 1, CountRatePolicy.MAX_WINDOW_SIZE, "windowSize"));
      Integer min = r.has(MINIMUM_CALLS) ? r.parsed(MINIMUM_CALLS, ConfigText::wholeNumber) : size;
      if (rateValid && sizeValid && min != null) {
        apply(() -> FailurePolicy.rate(rate, size, min));
      }
    } else {
      forbid(WINDOW_SIZE, policy);
      Duration window = r.required(WINDOW_DURATION, when, ConfigText::duration);
      boolean windowValid = window != null && r.apply(WINDOW_DURATION,
          () -> Require.atLeast(window, TimedRatePolicy.MIN_WINDOW, "window"));
      Integer min = r.required(MINIMUM_CALLS, when, ConfigText::wholeNumber);
      if (rateValid && windowValid && min != null) {
        apply(() -> FailurePolicy.timedRate(rate, window, min));
      }
    }
  }

  /** Makes the policy; what is left to refuse is the minimum (the other parts were checked). */
  private void apply(Supplier<FailurePolicy> policy) {
    r.apply(MINIMUM_CALLS, () -> r.draft().failurePolicy(policy.get()));
  }

  private void forbid(ConfigKey key, String policy) {
    if (r.has(key)) {
      r.problem(key, "='" + r.raw(key) + "' does not apply to " + r.name(FAILURE_POLICY) + "="
          + policy);
    }
  }
}
