package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.fixtures.Stages;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule D5: fallbacks run only on rejection, with and without the rejection; sync, async,
 * functional.
 */
class DecorateFallbackTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @BeforeEach
  void setUp() {
    brama = Support.newBrama(clock);
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  public interface Quotes {
    @CircuitBreaker(value = "quotes", fallback = "cachedQuote")
    String quote(String symbol, int precision) throws IOException;

    @CircuitBreaker(value = "quotes", fallback = "reasonFallback")
    String quoteWithReason(String symbol);

    @CircuitBreaker(value = "quotes", fallback = "rejectionFallback")
    String quoteWithRejection(String symbol);

    @CircuitBreaker(value = "quotes", fallback = "noArgFallback")
    String noArgs();

    @CircuitBreaker(value = "quotes", fallback = "noArgFallbackWithReason")
    String noArgsWithReason();

    @CircuitBreaker(value = "quotes", fallback = "failingFallback")
    String failing(String symbol);

    @CircuitBreaker(value = "quotes", fallback = "checkedFallback")
    String checked(String symbol) throws IOException;

    @CircuitBreaker(value = "quotes", fallback = "inheritedFallback")
    String inherited(String symbol);

    @CircuitBreaker(value = "quotes", fallback = "privateFallback")
    String viaPrivate(String symbol);

    @CircuitBreaker(value = "quotes", fallback = "primitiveFallback")
    int size(String symbol);
  }

  public interface AsyncQuotes {
    @CircuitBreaker(value = "async_quotes", fallback = "valueFallback")
    CompletableFuture<String> value(String symbol);

    @CircuitBreaker(value = "async_quotes", fallback = "stageFallback")
    CompletionStage<String> stage(String symbol);

    @CircuitBreaker(value = "async_quotes", fallback = "reasonFallback")
    CompletableFuture<String> reason(String symbol);

    @CircuitBreaker(value = "async_quotes", fallback = "throwingFallback")
    CompletableFuture<String> throwing(String symbol);

    @CircuitBreaker(value = "async_quotes", fallback = "failedStageFallback")
    CompletableFuture<String> failedStage(String symbol);
  }

  static class BaseQuotes {
    final List<String> fallbackCalls = new ArrayList<>();

    public String inheritedFallback(String symbol) {
      fallbackCalls.add("inherited " + symbol);
      return "inherited fallback " + symbol;
    }
  }

  static class QuotesImpl extends BaseQuotes implements Quotes {
    static final RuntimeException FALLBACK_BOOM = new IllegalStateException("fallback boom");
    static final IOException FALLBACK_IO = new IOException("fallback io");

    final AtomicInteger calls = new AtomicInteger();
    RuntimeException next;
    IOException nextChecked;
    final List<Throwable> received = new ArrayList<>();
    String cache = "cached";

    private String call(String what) {
      calls.incrementAndGet();
      if (next != null) {
        throw next;
      }
      return "live " + what;
    }

    @Override
    public String quote(String symbol, int precision) throws IOException {
      if (nextChecked != null) {
        calls.incrementAndGet();
        throw nextChecked;
      }
      return call(symbol + "/" + precision);
    }

    @Override
    public String quoteWithReason(String symbol) {
      return call(symbol);
    }

    @Override
    public String quoteWithRejection(String symbol) {
      return call(symbol);
    }

    @Override
    public String noArgs() {
      return call("none");
    }

    @Override
    public String noArgsWithReason() {
      return call("none");
    }

    @Override
    public String failing(String symbol) {
      return call(symbol);
    }

    @Override
    public String checked(String symbol) {
      return call(symbol);
    }

    @Override
    public String inherited(String symbol) {
      return call(symbol);
    }

    @Override
    public String viaPrivate(String symbol) {
      return call(symbol);
    }

    @Override
    public int size(String symbol) {
      return call(symbol).length();
    }

    public String cachedQuote(String symbol, int precision) {
      fallbackCalls.add("cached " + symbol + "/" + precision);
      return cache + " " + symbol + "/" + precision;
    }

    public String reasonFallback(String symbol, Throwable reason) {
      fallbackCalls.add("reason " + symbol);
      received.add(reason);
      return "fallback " + symbol;
    }

    public String rejectionFallback(String symbol, CircuitOpenException rejection) {
      fallbackCalls.add("rejection " + symbol);
      received.add(rejection);
      return "rejected " + rejection.connection();
    }

    public String noArgFallback() {
      fallbackCalls.add("noArg");
      return "no-arg fallback";
    }

    public String noArgFallbackWithReason(Throwable reason) {
      fallbackCalls.add("noArgWithReason");
      received.add(reason);
      return "no-arg fallback with reason";
    }

    public String failingFallback(String symbol) {
      throw FALLBACK_BOOM;
    }

    public String checkedFallback(String symbol) throws IOException {
      throw FALLBACK_IO;
    }

    private String privateFallback(String symbol) {
      fallbackCalls.add("private " + symbol);
      return "private fallback";
    }

    public int primitiveFallback(String symbol) {
      return -1;
    }
  }

  static class AsyncQuotesImpl implements AsyncQuotes {
    static final IllegalStateException FALLBACK_BOOM = new IllegalStateException("async fb boom");
    static final IOException STAGE_FAILURE = new IOException("failed stage");

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger fallbacks = new AtomicInteger();
    CompletableFuture<String> future = CompletableFuture.completedFuture("live");
    final List<Throwable> received = new ArrayList<>();

    private CompletableFuture<String> call() {
      calls.incrementAndGet();
      return future;
    }

    @Override
    public CompletableFuture<String> value(String symbol) {
      return call();
    }

    @Override
    public CompletionStage<String> stage(String symbol) {
      return call();
    }

    @Override
    public CompletableFuture<String> reason(String symbol) {
      return call();
    }

    @Override
    public CompletableFuture<String> throwing(String symbol) {
      return call();
    }

    @Override
    public CompletableFuture<String> failedStage(String symbol) {
      return call();
    }

    public String valueFallback(String symbol) {
      fallbacks.incrementAndGet();
      return "value fallback " + symbol;
    }

    public CompletionStage<String> stageFallback(String symbol) {
      fallbacks.incrementAndGet();
      return CompletableFuture.completedFuture("stage fallback " + symbol);
    }

    public String reasonFallback(String symbol, Throwable reason) {
      fallbacks.incrementAndGet();
      received.add(reason);
      return "reason fallback " + symbol;
    }

    public String throwingFallback(String symbol) {
      fallbacks.incrementAndGet();
      throw FALLBACK_BOOM;
    }

    public CompletableFuture<String> failedStageFallback(String symbol) {
      fallbacks.incrementAndGet();
      return CompletableFuture.failedFuture(STAGE_FAILURE);
    }
  }

  private QuotesImpl target;
  private Quotes quotes;

  private void decorate() {
    target = new QuotesImpl();
    quotes = brama.decorate(Quotes.class, target);
  }

  // ---- sync ----

  @Test
  void fallbackIsNotCalledOnSuccess() throws Exception {
    decorate();
    assertThat(quotes.quote("ACME", 2)).isEqualTo("live ACME/2");
    assertThat(target.fallbackCalls).isEmpty();
  }

  @Test
  void fallbackIsNotCalledWhenTheActionFails() {
    decorate();
    IllegalStateException boom = new IllegalStateException("live failed");
    target.next = boom;

    assertThatThrownBy(() -> quotes.quoteWithReason("ACME")).isSameAs(boom);
    assertThatThrownBy(() -> quotes.noArgs()).isSameAs(boom);

    assertThat(target.fallbackCalls).isEmpty();
    assertThat(brama.status("quotes").state()).isEqualTo(io.brama.CircuitState.OPEN);
  }

  @Test
  void fallbackIsNotCalledWhenTheActionThrowsACheckedException() {
    decorate();
    IOException io = new IOException("live io");
    target.nextChecked = io;

    assertThatThrownBy(() -> quotes.quote("ACME", 2)).isSameAs(io);
    assertThat(target.fallbackCalls).isEmpty();
  }

  @Test
  void fallbackReceivesTheArgumentsWhenTheCircuitRejects() throws Exception {
    decorate();
    brama.open("quotes");

    assertThat(quotes.quote("ACME", 4)).isEqualTo("cached ACME/4");

    assertThat(target.fallbackCalls).containsExactly("cached ACME/4");
    assertThat(target.calls.get()).isZero();
  }

  @Test
  void fallbackRunsOnTheTargetInstance() throws Exception {
    decorate();
    brama.open("quotes");
    target.cache = "fresh cache";

    assertThat(quotes.quote("X", 1)).isEqualTo("fresh cache X/1");
  }

  @Test
  void fallbackAfterTheCircuitOpensFromFailures() {
    decorate();
    target.next = new IllegalStateException("down");
    for (int i = 0; i < Support.MAX_ATTEMPTS; i++) {
      assertThatThrownBy(() -> quotes.viaPrivate("S")).isSameAs(target.next);
    }
    int calls = target.calls.get();

    assertThat(quotes.viaPrivate("S")).isEqualTo("private fallback");
    assertThat(target.calls.get()).isEqualTo(calls);
  }

  @Test
  void trailingThrowableParameterReceivesTheCircuitOpenException() {
    decorate();
    brama.open("quotes");
    clock.advance(Duration.ofSeconds(3));

    assertThat(quotes.quoteWithReason("ACME")).isEqualTo("fallback ACME");

    assertThat(target.received).singleElement().isInstanceOfSatisfying(
        CircuitOpenException.class, e -> {
          assertThat(e.connection()).isEqualTo("quotes");
          assertThat(e.retryAfter()).isEqualTo(Support.EXPIRY.minusSeconds(3));
        });
  }

  @Test
  void trailingCircuitOpenExceptionParameterReceivesTheRejection() {
    decorate();
    brama.open("quotes");

    assertThat(quotes.quoteWithRejection("ACME")).isEqualTo("rejected quotes");
    assertThat(target.received).singleElement().isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void zeroArgumentMethodsGetTheirFallbacksWithAndWithoutTheRejection() {
    decorate();
    brama.open("quotes");

    assertThat(quotes.noArgs()).isEqualTo("no-arg fallback");
    assertThat(quotes.noArgsWithReason()).isEqualTo("no-arg fallback with reason");
    assertThat(target.received).singleElement().isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void fallbacksInheritedFromASuperclassOrPrivateOnTheTargetWork() {
    decorate();
    brama.open("quotes");

    assertThat(quotes.inherited("A")).isEqualTo("inherited fallback A");
    assertThat(quotes.viaPrivate("B")).isEqualTo("private fallback");
    assertThat(quotes.size("C")).isEqualTo(-1);
  }

  @Test
  void aFallbacksOwnUncheckedExceptionPropagates() {
    decorate();
    brama.open("quotes");

    assertThatThrownBy(() -> quotes.failing("A")).isSameAs(QuotesImpl.FALLBACK_BOOM);
  }

  @Test
  void aFallbacksOwnDeclaredCheckedExceptionPropagates() {
    decorate();
    brama.open("quotes");

    assertThatThrownBy(() -> quotes.checked("A")).isSameAs(QuotesImpl.FALLBACK_IO);
  }

  // ---- async ----

  private AsyncQuotesImpl asyncTarget;
  private AsyncQuotes async;

  private void decorateAsync() {
    asyncTarget = new AsyncQuotesImpl();
    async = brama.decorate(AsyncQuotes.class, asyncTarget);
  }

  @Test
  void asyncFallbackIsNotCalledWhenTheFutureFails() {
    decorateAsync();
    IOException io = new IOException("async live");
    asyncTarget.future = CompletableFuture.failedFuture(io);

    assertThat(Stages.failureOf(async.value("A"))).isSameAs(io);
    assertThat(Stages.failureOf(async.reason("A"))).isSameAs(io);
    assertThat(asyncTarget.fallbacks.get()).isZero();
  }

  @Test
  void asyncFallbackIsNotCalledOnSuccess() {
    decorateAsync();
    assertThat(async.value("A").join()).isEqualTo("live");
    assertThat(asyncTarget.fallbacks.get()).isZero();
  }

  @Test
  void asyncFallbackReturningAValueCompletesTheFuture() {
    decorateAsync();
    brama.open("async_quotes");

    assertThat(async.value("A").join()).isEqualTo("value fallback A");
    assertThat(asyncTarget.calls.get()).isZero();
  }

  @Test
  void asyncFallbackReturningAStageCompletesWithItsValue() {
    decorateAsync();
    brama.open("async_quotes");

    assertThat(async.stage("A").toCompletableFuture().join()).isEqualTo("stage fallback A");
  }

  @Test
  void asyncFallbackWithTrailingParameterReceivesTheRejection() {
    decorateAsync();
    brama.open("async_quotes");

    assertThat(async.reason("A").join()).isEqualTo("reason fallback A");
    assertThat(asyncTarget.received).singleElement().isInstanceOfSatisfying(
        CircuitOpenException.class, e -> assertThat(e.connection()).isEqualTo("async_quotes"));
  }

  @Test
  void asyncFallbackThatThrowsGivesAFailedFutureNotAThrow() {
    decorateAsync();
    brama.open("async_quotes");

    CompletableFuture<String> f = async.throwing("A");

    assertThat(Stages.failureOf(f)).isSameAs(AsyncQuotesImpl.FALLBACK_BOOM);
  }

  @Test
  void asyncFallbackReturningAFailedStageGivesThatFailure() {
    decorateAsync();
    brama.open("async_quotes");

    assertThat(Stages.failureOf(async.failedStage("A"))).isSameAs(AsyncQuotesImpl.STAGE_FAILURE);
  }

  // ---- functional call(id, action, fallback) ----

  @Test
  void functionalFallbackIsCalledWithTheRejection() {
    brama.register("fn");
    brama.open("fn");
    List<CircuitOpenException> seen = new ArrayList<>();
    AtomicInteger actions = new AtomicInteger();

    String result = brama.call("fn", () -> {
      actions.incrementAndGet();
      return "live";
    }, e -> {
      seen.add(e);
      return "fallback";
    });

    assertThat(result).isEqualTo("fallback");
    assertThat(actions.get()).isZero();
    assertThat(seen).singleElement().satisfies(e -> {
      assertThat(e.connection()).isEqualTo("fn");
      assertThat(e.retryAfter()).isEqualTo(Support.EXPIRY);
    });
  }

  @Test
  void functionalFallbackIsNotCalledOnSuccess() {
    brama.register("fn");
    AtomicInteger fallbacks = new AtomicInteger();

    String result = brama.call("fn", () -> "live", e -> {
      fallbacks.incrementAndGet();
      return "fallback";
    });

    assertThat(result).isEqualTo("live");
    assertThat(fallbacks.get()).isZero();
  }

  @Test
  void functionalFallbackIsNotCalledWhenTheActionThrowsACheckedException() {
    brama.register("fn");
    IOException io = new IOException("fn io");
    AtomicInteger fallbacks = new AtomicInteger();
    Function<CircuitOpenException, String> fallback = e -> {
      fallbacks.incrementAndGet();
      return "fallback";
    };

    assertThatThrownBy(() -> brama.call("fn", () -> {
      throw io;
    }, fallback)).isSameAs(io);

    assertThat(fallbacks.get()).isZero();
    assertThat(brama.status("fn").lastFailureReason()).isSameAs(io);
  }

  @Test
  void functionalFallbackIsNotCalledForANestedCircuitOpenException() {
    brama.register("fn");
    CircuitOpenException nested = new CircuitOpenException("inner", Duration.ofSeconds(1));
    AtomicInteger fallbacks = new AtomicInteger();

    assertThatThrownBy(() -> brama.call("fn", () -> {
      throw nested;
    }, e -> {
      fallbacks.incrementAndGet();
      return "fallback";
    })).isSameAs(nested);

    assertThat(fallbacks.get()).isZero();
  }

  @Test
  void functionalFallbacksOwnExceptionPropagates() {
    brama.register("fn");
    brama.open("fn");
    UncheckedIOException own = new UncheckedIOException(new IOException("fallback failed"));

    assertThatThrownBy(() -> brama.call("fn", () -> "live", e -> {
      throw own;
    })).isSameAs(own);
  }

  @Test
  void functionalCallRejectsANullFallback() {
    brama.register("fn");
    assertThatNullPointerException()
        .isThrownBy(() -> brama.call("fn", () -> "live", null))
        .withMessageContaining("fallback");
  }
}
