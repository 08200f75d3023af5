package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.testing.ManualClock;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14: hostile input to decoration, per-connection slow-call settings and properties that
 * already got a clear exception when the issue was filed (varargs, inherited slowCall and
 * properties were the defects). Kept so that they stay held.
 */
class HostileInputTest {
  private final ManualClock clock = new ManualClock();
  @AutoClose
  private Brama brama;

  @BeforeEach
  void start() {
    brama = Brama.builder().clock(clock).config(BramaConfig.builder().maxAttempts(2).build())
        .build();
  }

  // ---- decoration: fallbacks that do not fit a varargs method ----

  public interface Varargs {
    @CircuitBreaker(value = "v", fallback = "otherElement")
    String strings(String... parts);

    @CircuitBreaker(value = "v", fallback = "widened")
    int ints(int... xs);

    @CircuitBreaker(value = "v", fallback = "varargsRejection")
    String withRejection(String... parts);

    @CircuitBreaker(value = "v", fallback = "elementNotArray")
    String elements(String... parts);
  }

  /** Every fallback here has the right name and the wrong shape. */
  public static class BadFallbacks implements Varargs {
    @Override
    public String strings(String... parts) {
      return "";
    }

    @Override
    public int ints(int... xs) {
      return 0;
    }

    @Override
    public String withRejection(String... parts) {
      return "";
    }

    @Override
    public String elements(String... parts) {
      return "";
    }

    public String otherElement(Integer... parts) {
      return "";
    }

    public int widened(long... xs) {
      return 0;
    }

    public String varargsRejection(String[] parts, Throwable... rejection) {
      return "";
    }

    public String elementNotArray(String part) {
      return "";
    }
  }

  /** One method of {@link Varargs} alone, so each bad fallback is reported on its own. */
  private void rejectsFallbackOf(String method, String problem) throws NoSuchMethodException {
    Method m = Varargs.class.getMethod(method, method.equals("ints") ? int[].class
        : String[].class);
    assertThatThrownBy(() -> brama.guard(m, m.getAnnotation(CircuitBreaker.class),
        BadFallbacks.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("@CircuitBreaker on " + BadFallbacks.class.getName() + "."
            + method + "(")
        .hasMessageContaining(problem);
    assertThatThrownBy(() -> brama.decorate(Varargs.class, new BadFallbacks()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fallback");
  }

  @Test
  void aVarargsFallbackOfAnotherElementTypeIsRefused() throws Exception {
    rejectsFallbackOf("strings", "parameter 1 is [Ljava.lang.Integer;, which does not accept "
        + "[Ljava.lang.String;");
  }

  @Test
  void aPrimitiveVarargsFallbackOfAnotherPrimitiveIsRefused() throws Exception {
    rejectsFallbackOf("ints", "parameter 1 is [J, which does not accept [I");
  }

  @Test
  void aFallbackWhoseRejectionParameterIsVarargsIsRefused() throws Exception {
    rejectsFallbackOf("withRejection", "its last parameter is [Ljava.lang.Throwable;, which "
        + "cannot receive a CircuitOpenException");
  }

  @Test
  void aFallbackTakingOneElementInsteadOfTheArrayIsRefused() throws Exception {
    rejectsFallbackOf("elements", "parameter 1 is java.lang.String, which does not accept "
        + "[Ljava.lang.String;");
  }

  /** A class a framework intercepts itself. */
  public static class Plain {
    @CircuitBreaker("g")
    public String join(String... parts) {
      return String.join(",", parts);
    }
  }

  @Test
  void aGuardedMethodRefusesANullTargetAndInvocation() throws Exception {
    Method m = Plain.class.getMethod("join", String[].class);
    GuardedMethod g = brama.guard(m, m.getAnnotation(CircuitBreaker.class), Plain.class);
    Object[] args = {new String[] {"a"}};
    assertThatThrownBy(() -> g.invoke(null, args, () -> "x"))
        .isInstanceOf(NullPointerException.class).hasMessage("target must not be null");
    assertThatThrownBy(() -> g.invoke(new Plain(), args, null))
        .isInstanceOf(NullPointerException.class).hasMessage("invocation must not be null");
  }

  // ---- slow calls per connection ----

  @Test
  void aSlowCallSetOnAConnectionUnderAConsecutiveDefaultIsRefusedAndNothingRegistered() {
    Registration r = Registration.builder().config(ConnectionConfig.builder()
        .slowCall(Duration.ofSeconds(1), 50).build()).build();
    assertThatThrownBy(() -> brama.register("slow", r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slowCall needs a rate policy");
    assertThat(brama.isRegistered("slow")).isFalse();
  }

  @Test
  void configuringASlowCallOntoAConsecutiveConnectionIsRefusedAndChangesNothing() {
    brama.register("c");
    brama.failure("c");
    assertThatThrownBy(() -> brama.configure("c", ConnectionConfig.builder()
        .slowCall(Duration.ofSeconds(1), 50).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slowCall needs a rate policy");
    assertThat(brama.status("c").failureCount()).isEqualTo(1);
    assertThat(brama.status("c").maxAttempts()).isEqualTo(2);
  }

  @Test
  void absurdSlowCallSettingsAreRefusedOrSaturate() {
    assertThatThrownBy(() -> ConnectionConfig.builder().slowCall(Duration.ofSeconds(1),
        Double.NaN)).hasMessage("slowRatePercent must be in (0, 100], was NaN");
    assertThatThrownBy(() -> ConnectionConfig.builder().slowCall(Duration.ofNanos(-1), 50))
        .hasMessage("threshold must be > 0, was PT-0.000000001S");
    brama.register("huge", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 4, 4))
        .slowCall(Duration.ofSeconds(Long.MAX_VALUE), 50).build()).build());
    brama.tryAcquire("huge").success(Duration.ofDays(365));
    assertThat(brama.status("huge").window().slowCalls()).isZero();
  }

  @Test
  void configureRefusesNullAndUnknownIds() {
    assertThatThrownBy(() -> brama.configure("missing", ConnectionConfig.empty()))
        .isInstanceOf(UnknownConnectionException.class);
    brama.register("c");
    assertThatThrownBy(() -> brama.configure("c", null))
        .isInstanceOf(NullPointerException.class).hasMessage("config must not be null");
  }

  // ---- properties ----

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "brama.max-attempts|2147483648|brama.max-attempts='2147483648' is invalid",
      "brama.max-attempts|0x10|brama.max-attempts='0x10' is invalid",
      "brama.half-open-trials|-2147483648|brama.half-open-trials='-2147483648' is invalid",
      "brama.cleanup-interval|99999999999999999999ms|brama.cleanup-interval='99999999999999999999ms'",
      "brama.expiry-strategy|FIXED|brama.expiry-strategy must be 'fixed' or 'progressive'",
      "brama.failure-policy|Rate|brama.failure-policy must be 'consecutive', 'rate'",
      "brama.record-exceptions|java.lang.Object|brama.record-exceptions='java.lang.Object' is "
          + "invalid: java.lang.Object is not a Throwable",
      "brama.ignore-exceptions|../../etc/passwd|brama.ignore-exceptions='../../etc/passwd' is "
          + "invalid: class ../../etc/passwd not found",
      "brama.max\u2010attempts|3|unknown configuration key 'brama.max\u2010attempts'",
      "brama.call-timeout|1h30m|brama.call-timeout='1h30m' is invalid"})
  void hostileTextIsReportedNamingItsKey(String key, String value, String start) {
    Properties p = new Properties();
    p.setProperty(key, value);
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(start);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "NaN|brama.failure-rate-threshold='NaN' is invalid: failureRatePercent must be in (0, 100]",
      "Infinity|brama.failure-rate-threshold='Infinity' is invalid",
      "-0|brama.failure-rate-threshold='-0' is invalid",
      "1e3|brama.failure-rate-threshold='1e3' is invalid"})
  void hostileRatesAreReportedNamingTheirKey(String rate, String start) {
    Properties p = new Properties();
    p.setProperty("brama.failure-policy", "rate");
    p.setProperty("brama.window-size", "10");
    p.setProperty("brama.failure-rate-threshold", rate);
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(start);
  }

  @Test
  void aRatePolicyWithoutItsRequiredKeysNamesTheMissingKey() {
    Properties p = new Properties();
    p.setProperty("brama.failure-policy", "timed-rate");
    p.setProperty("brama.failure-rate-threshold", "50");
    assertThatThrownBy(() -> BramaConfig.fromProperties(p))
        .hasMessageStartingWith("brama.window-duration is required when "
            + "brama.failure-policy=timed-rate");
  }
}
