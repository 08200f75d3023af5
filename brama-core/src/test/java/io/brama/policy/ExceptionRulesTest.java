package io.brama.policy;

import static io.brama.FailurePolicy.rate;
import static io.brama.fixtures.Stages.failureOf;
import static io.brama.policy.PolicyFixture.ID;
import static io.brama.policy.PolicyFixture.throwing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitBreaker;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.Registration;
import io.brama.WindowStatus;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * recordExceptions / ignoreExceptions for the default ErrorHandler. Verdicts are read from a rate
 * window that never opens: a failure adds a failed call, a success a call, an ignore nothing.
 */
class ExceptionRulesTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  enum Verdict { SUCCESS, FAILURE, IGNORE }

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private static BramaConfig.Builder observing() {
    return BramaConfig.builder().failurePolicy(rate(100, 100, 100)).expiry(EXPIRY);
  }

  private Brama start(BramaConfig.Builder config) {
    brama = TestBrama.newBrama(clock, config);
    brama.register(ID);
    return brama;
  }

  private Verdict verdictSince(WindowStatus before) {
    WindowStatus after = brama.status(ID).window();
    if (after.calls() == before.calls()) {
      return Verdict.IGNORE;
    }
    assertThat(after.calls()).isEqualTo(before.calls() + 1);
    return after.failures() == before.failures() + 1 ? Verdict.FAILURE : Verdict.SUCCESS;
  }

  /** What brama.call makes of {@code error}; the caller still gets the exception itself. */
  private Verdict callThrowing(Throwable error) {
    WindowStatus before = brama.status(ID).window();
    assertThatThrownBy(() -> brama.call(ID, throwing(error))).isSameAs(error);
    return verdictSince(before);
  }

  @SafeVarargs
  private static List<Class<? extends Throwable>> types(Class<? extends Throwable>... t) {
    return List.of(t);
  }

  @SuppressWarnings("unchecked")
  private static BramaConfig.Builder rules(BramaConfig.Builder b,
      List<Class<? extends Throwable>> record, List<Class<? extends Throwable>> ignore) {
    if (record != null) {
      b.recordExceptions(record.toArray(new Class[0]));
    }
    if (ignore != null) {
      b.ignoreExceptions(ignore.toArray(new Class[0]));
    }
    return b;
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // record, ignore, thrown, verdict
        Arguments.of(null, null, new IOException(), Verdict.FAILURE),
        Arguments.of(null, null, new IllegalStateException(), Verdict.FAILURE),
        Arguments.of(null, null, new AssertionError("an Error"), Verdict.FAILURE),
        Arguments.of(null, types(IllegalArgumentException.class), new IllegalArgumentException(),
            Verdict.IGNORE),
        Arguments.of(null, types(IllegalArgumentException.class), new NumberFormatException(),
            Verdict.IGNORE),
        Arguments.of(null, types(IllegalArgumentException.class), new IllegalStateException(),
            Verdict.FAILURE),
        Arguments.of(types(IOException.class), null, new IOException(), Verdict.FAILURE),
        Arguments.of(types(IOException.class), null, new FileNotFoundException(), Verdict.FAILURE),
        Arguments.of(types(IOException.class), null, new IllegalStateException(), Verdict.SUCCESS),
        Arguments.of(types(IOException.class), null, new UncheckedIOException(new IOException()),
            Verdict.SUCCESS),
        Arguments.of(types(IOException.class, IllegalStateException.class), null,
            new IllegalStateException(), Verdict.FAILURE),
        Arguments.of(types(IOException.class), types(FileNotFoundException.class),
            new FileNotFoundException(), Verdict.IGNORE),
        Arguments.of(types(IOException.class), types(FileNotFoundException.class),
            new IOException(), Verdict.FAILURE),
        Arguments.of(types(IOException.class), types(FileNotFoundException.class),
            new RuntimeException(), Verdict.SUCCESS),
        Arguments.of(types(IOException.class), types(IOException.class), new IOException(),
            Verdict.IGNORE),
        Arguments.of(types(Exception.class), types(IOException.class), new FileNotFoundException(),
            Verdict.IGNORE),
        Arguments.of(types(IOException.class), types(Exception.class), new IOException(),
            Verdict.IGNORE),
        Arguments.of(types(), types(), new IOException(), Verdict.FAILURE));
  }

  @ParameterizedTest(name = "record {0}, ignore {1}: {2} -> {3}")
  @MethodSource("table")
  void theRuleTable(List<Class<? extends Throwable>> record,
      List<Class<? extends Throwable>> ignore, Throwable thrown, Verdict expected) {
    start(rules(observing(), record, ignore));
    assertThat(callThrowing(thrown)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "per connection: record {0}, ignore {1}: {2} -> {3}")
  @MethodSource("table")
  @SuppressWarnings("unchecked")
  void theRuleTablePerConnection(List<Class<? extends Throwable>> record,
      List<Class<? extends Throwable>> ignore, Throwable thrown, Verdict expected) {
    brama = TestBrama.newBrama(clock, observing());
    ConnectionConfig.Builder c = ConnectionConfig.builder();
    if (record != null) {
      c.recordExceptions(record.toArray(new Class[0]));
    }
    if (ignore != null) {
      c.ignoreExceptions(ignore.toArray(new Class[0]));
    }
    brama.register(ID, Registration.builder().config(c.build()).build());
    assertThat(callThrowing(thrown)).isEqualTo(expected);
  }

  @Test
  void aNormalReturnIsASuccessWhateverTheRules() throws Exception {
    start(observing().recordExceptions(IOException.class).ignoreExceptions(Exception.class));
    WindowStatus before = brama.status(ID).window();
    assertThat(brama.call(ID, () -> "ok")).isEqualTo("ok");
    assertThat(verdictSince(before)).isEqualTo(Verdict.SUCCESS);
  }

  @Test
  void configureChangesTheRulesForTheNextCall() {
    start(observing());
    assertThat(callThrowing(new IllegalArgumentException())).isEqualTo(Verdict.FAILURE);
    brama.configure(ID,
        ConnectionConfig.builder().ignoreExceptions(IllegalArgumentException.class).build());
    assertThat(callThrowing(new IllegalArgumentException())).isEqualTo(Verdict.IGNORE);
  }

  @Test
  void rulesApplyUnderTheConsecutivePolicy() {
    start(BramaConfig.builder().maxAttempts(2).expiry(EXPIRY)
        .recordExceptions(IOException.class).ignoreExceptions(FileNotFoundException.class));
    brama.failure(ID, "first");
    assertThatThrownBy(() -> brama.call(ID, throwing(new FileNotFoundException())))
        .isInstanceOf(FileNotFoundException.class);
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).as("ignored").isEqualTo(1);
    assertThat(s.lastSuccessAt()).isNull();
    assertThat(s.lastFailureReason()).isEqualTo("first");

    assertThatThrownBy(() -> brama.call(ID, throwing(new IllegalStateException())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(brama.status(ID).failureCount()).as("recorded as success").isZero();
    assertThat(brama.status(ID).lastSuccessAt()).isNotNull();

    IOException io = new IOException("io");
    assertThatThrownBy(() -> brama.call(ID, throwing(io))).isSameAs(io);
    assertThatThrownBy(() -> brama.call(ID, throwing(io))).isSameAs(io);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).lastFailureReason()).isSameAs(io);
  }

  // ---- every decorator ----

  @Test
  void runAndTheCircuitHandleApplyTheRules() {
    start(observing().ignoreExceptions(IllegalArgumentException.class));
    WindowStatus before = brama.status(ID).window();
    assertThatThrownBy(() -> brama.run(ID, () -> {
      throw new IllegalArgumentException();
    })).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> brama.circuit(ID).call(throwing(new NumberFormatException())))
        .isInstanceOf(NumberFormatException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.IGNORE);
  }

  @Test
  void callAsyncAppliesTheRulesToTheUnwrappedCause() {
    start(observing().recordExceptions(IOException.class)
        .ignoreExceptions(IllegalArgumentException.class));
    WindowStatus before = brama.status(ID).window();
    CompletableFuture<String> ignored = brama.callAsync(ID,
        () -> CompletableFuture.failedFuture(new CompletionException(new IllegalArgumentException())));
    assertThat(failureOf(ignored)).isInstanceOf(IllegalArgumentException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.IGNORE);

    before = brama.status(ID).window();
    CompletableFuture<String> recorded = brama.callAsync(ID,
        () -> CompletableFuture.supplyAsync(() -> {
          throw new UncheckedIOException(new IOException());
        }));
    TestBrama.awaitUntil(recorded::isDone);
    assertThat(failureOf(recorded)).isInstanceOf(UncheckedIOException.class);
    assertThat(verdictSince(before)).as("UncheckedIOException is not an IOException")
        .isEqualTo(Verdict.SUCCESS);

    before = brama.status(ID).window();
    CompletableFuture<String> failed = brama.callAsync(ID,
        () -> CompletableFuture.failedFuture(new FileNotFoundException()));
    assertThat(failureOf(failed)).isInstanceOf(FileNotFoundException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);
  }

  /** Decorated interface (public for the proxy). */
  public interface Remote {
    @CircuitBreaker(ID)
    String get(Exception toThrow) throws Exception;

    @CircuitBreaker(ID)
    CompletableFuture<String> getAsync(Exception toFail);

    @CircuitBreaker(value = ID, errorHandler = AlwaysFailure.class)
    String strict(Exception toThrow) throws Exception;
  }

  /** A custom handler: every exception is a failure. */
  public static final class AlwaysFailure implements ErrorHandler {
    @Override
    public Outcome classify(Object result, Throwable error) {
      return error == null ? Outcome.success() : Outcome.failure(error);
    }
  }

  private Remote decorated() {
    return brama.decorate(Remote.class, new Remote() {
      @Override
      public String get(Exception toThrow) throws Exception {
        throw toThrow;
      }

      @Override
      public CompletableFuture<String> getAsync(Exception toFail) {
        return CompletableFuture.failedFuture(toFail);
      }

      @Override
      public String strict(Exception toThrow) throws Exception {
        throw toThrow;
      }
    });
  }

  @Test
  void annotatedMethodsApplyTheRules() {
    start(observing().recordExceptions(IOException.class)
        .ignoreExceptions(IllegalArgumentException.class));
    Remote remote = decorated();

    WindowStatus before = brama.status(ID).window();
    assertThatThrownBy(() -> remote.get(new NumberFormatException()))
        .isInstanceOf(NumberFormatException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.IGNORE);

    before = brama.status(ID).window();
    assertThatThrownBy(() -> remote.get(new IllegalStateException()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.SUCCESS);

    before = brama.status(ID).window();
    assertThat(failureOf(remote.getAsync(new IllegalArgumentException())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.IGNORE);

    before = brama.status(ID).window();
    assertThat(failureOf(remote.getAsync(new FileNotFoundException())))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);
  }

  // ---- custom handlers and explicit failures ----

  @Test
  void aCustomErrorHandlerReplacesTheRules() {
    start(observing().recordExceptions(IOException.class)
        .ignoreExceptions(IllegalArgumentException.class));
    ErrorHandler sameAsDefault = (result, error) ->
        error == null ? Outcome.success() : Outcome.failure(error);

    WindowStatus before = brama.status(ID).window();
    assertThatThrownBy(() -> brama.call(ID, sameAsDefault,
        throwing(new IllegalArgumentException()))).isInstanceOf(IllegalArgumentException.class);
    assertThat(verdictSince(before)).as("ignored type, custom handler").isEqualTo(Verdict.FAILURE);

    before = brama.status(ID).window();
    assertThatThrownBy(() -> brama.call(ID, sameAsDefault, throwing(new IllegalStateException())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(verdictSince(before)).as("unrecorded type, custom handler")
        .isEqualTo(Verdict.FAILURE);

    before = brama.status(ID).window();
    assertThatThrownBy(() -> brama.call(ID, (r, e) -> Outcome.success(),
        throwing(new IOException()))).isInstanceOf(IOException.class);
    assertThat(verdictSince(before)).as("recorded type, handler says success")
        .isEqualTo(Verdict.SUCCESS);

    before = brama.status(ID).window();
    CompletableFuture<Object> async = brama.callAsync(ID, sameAsDefault,
        () -> CompletableFuture.failedFuture(new IllegalArgumentException()));
    assertThat(failureOf(async)).isInstanceOf(IllegalArgumentException.class);
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);

    before = brama.status(ID).window();
    Remote remote = decorated();
    assertThatThrownBy(() -> remote.strict(new IllegalArgumentException()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(verdictSince(before)).as("annotated, custom handler").isEqualTo(Verdict.FAILURE);
  }

  @Test
  void anExplicitFailureIsAlwaysAFailure() {
    start(observing().recordExceptions(IOException.class)
        .ignoreExceptions(IllegalArgumentException.class));
    WindowStatus before = brama.status(ID).window();
    brama.failure(ID, new IllegalArgumentException());
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);

    before = brama.status(ID).window();
    brama.circuit(ID).failure(new IllegalStateException());
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);

    before = brama.status(ID).window();
    brama.tryAcquire(ID).failure(new IllegalArgumentException());
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);

    before = brama.status(ID).window();
    brama.tryAcquire(ID).failure(new IllegalStateException(), Duration.ofMillis(1));
    assertThat(verdictSince(before)).isEqualTo(Verdict.FAILURE);
  }

  // ---- HALF_OPEN ----

  @Test
  void anIgnoredExceptionInHalfOpenFreesTheTrialSlot() throws Exception {
    start(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY).halfOpenTrials(1)
        .ignoreExceptions(IllegalArgumentException.class));
    brama.failure(ID, "down");
    clock.advance(EXPIRY);

    assertThatThrownBy(() -> brama.call(ID, throwing(new NumberFormatException("bad input"))))
        .isInstanceOf(NumberFormatException.class);

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.activeTrials()).isZero();
    assertThat(s.lastFailureReason()).isEqualTo("down");
    assertThat(s.consecutiveOpens()).isEqualTo(1);

    assertThat(brama.call(ID, () -> "next trial")).isEqualTo("next trial");
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anIgnoredAsyncFailureInHalfOpenFreesTheTrialSlot() {
    start(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY).halfOpenTrials(1)
        .ignoreExceptions(IllegalArgumentException.class));
    brama.failure(ID, "down");
    clock.advance(EXPIRY);
    CompletableFuture<String> f = brama.callAsync(ID,
        () -> CompletableFuture.failedFuture(new IllegalArgumentException()));
    assertThat(failureOf(f)).isInstanceOf(IllegalArgumentException.class);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(brama.status(ID).activeTrials()).isZero();
    assertThat(brama.tryAcquire(ID).granted()).isTrue();
  }

  @Test
  void anUnrecordedExceptionInHalfOpenIsASuccessfulTrial() {
    start(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY)
        .recordExceptions(IOException.class));
    brama.failure(ID, "down");
    clock.advance(EXPIRY);
    assertThatThrownBy(() -> brama.call(ID, throwing(new IllegalStateException())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aRecordedExceptionInHalfOpenReopens() {
    start(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY)
        .recordExceptions(IOException.class).ignoreExceptions(FileNotFoundException.class));
    brama.failure(ID, "down");
    clock.advance(EXPIRY);
    IOException io = new IOException();
    assertThatThrownBy(() -> brama.call(ID, throwing(io))).isSameAs(io);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).consecutiveOpens()).isEqualTo(2);
    assertThat(brama.status(ID).lastFailureReason()).isSameAs(io);
  }

  // ---- validation ----

  @Test
  @SuppressWarnings("unchecked")
  void nullTypesAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> BramaConfig.builder().recordExceptions((Class<? extends Throwable>[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("recordExceptions must not be null");
    assertThatThrownBy(() -> BramaConfig.builder().ignoreExceptions(IOException.class, null))
        .isInstanceOf(NullPointerException.class).hasMessage("ignoreExceptions[1] must not be null");
    assertThatThrownBy(() -> ConnectionConfig.builder().recordExceptions((Class<? extends Throwable>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("recordExceptions[0] must not be null");
    assertThat(BramaConfig.builder().recordExceptions(IOException.class).build().recordExceptions())
        .containsExactly(IOException.class);
    assertThat(BramaConfig.defaults().recordExceptions()).isEmpty();
    assertThat(BramaConfig.defaults().ignoreExceptions()).isEmpty();
  }
}
