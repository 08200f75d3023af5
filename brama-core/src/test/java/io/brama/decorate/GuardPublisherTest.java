package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.GuardedMethod;
import io.brama.testing.ManualClock;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code Brama.guard} on a method returning a Reactive Streams {@code Publisher}: resolved and
 * validated as any other (for a framework that guards the publisher itself), never invoked through
 * core, which cannot see a publisher complete; {@code decorate} still refuses such a method.
 */
class GuardPublisherTest {
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

  /** A publisher type of its own, as {@code Mono} is to {@code Publisher}. */
  public static final class Quotes<T> implements Publisher<T> {
    final T value;

    Quotes(T value) {
      this.value = value;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
      throw new AssertionError("never subscribed here");
    }
  }

  /** A bean with reactive methods and fallbacks of each shape. */
  public static class QuoteClient {
    @CircuitBreaker(value = "quotes", fallback = "cachedValue", errorHandler = GuardTest
        .IgnoreBadArguments.class)
    public Quotes<String> quote(String symbol) {
      throw new AssertionError("the framework proceeds");
    }

    public String cachedValue(String symbol, CircuitOpenException rejection) {
      return symbol + " cached, retry in " + rejection.retryAfter().toSeconds() + " s";
    }

    @CircuitBreaker(value = "quotes", fallback = "cachedQuotes")
    public Quotes<String> sameType(String symbol) {
      throw new AssertionError("the framework proceeds");
    }

    public Quotes<String> cachedQuotes(String symbol) {
      return new Quotes<>(symbol + " from the cache");
    }

    @CircuitBreaker("quotes")
    public Publisher<String> noFallback() {
      throw new AssertionError("the framework proceeds");
    }

    @CircuitBreaker(value = "quotes", fallback = "aNumber")
    public Quotes<String> wrongElement(String symbol) {
      throw new AssertionError("the framework proceeds");
    }

    public Integer aNumber(String symbol) {
      return 1;
    }

    @CircuitBreaker(value = "quotes", fallback = "anotherPublisher")
    public Quotes<String> wrongPublisher(String symbol) {
      throw new AssertionError("the framework proceeds");
    }

    public Publisher<String> anotherPublisher(String symbol) {
      return s -> { };
    }
  }

  /** An interface for decorate, which cannot guard a publisher. */
  public interface QuoteApi {
    @CircuitBreaker("quotes")
    Publisher<String> quotes();
  }

  private GuardedMethod guard(String name, Class<?>... params) throws NoSuchMethodException {
    Method m = QuoteClient.class.getMethod(name, params);
    return brama.guard(m, m.getAnnotation(CircuitBreaker.class), QuoteClient.class);
  }

  @Test
  void isResolvedAndRegisteredButNeverInvokedThroughCore() throws Exception {
    GuardedMethod quote = guard("quote", String.class);
    AtomicInteger proceeded = new AtomicInteger();

    assertThat(quote.returnsPublisher()).isTrue();
    assertThat(quote.errorHandler()).isInstanceOf(GuardTest.IgnoreBadArguments.class);
    assertThat(brama.isRegistered("quotes")).isTrue();
    assertThatThrownBy(() -> quote.invoke(new QuoteClient(), new Object[] {"X"}, () -> {
      proceeded.incrementAndGet();
      return new Quotes<>("x");
    })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(QuoteClient.class.getName() + ".quote(String)")
        .hasMessageContaining("returns a Reactive Streams Publisher")
        .hasMessageContaining("BramaOperator");
    assertThat(proceeded).hasValue(0);
    assertThat(brama.status("quotes").failureCount()).isZero();
  }

  @Test
  void theFallbackMayReturnAnElementOrTheSamePublisherType() throws Throwable {
    CircuitOpenException rejection = new CircuitOpenException("quotes", Duration.ofSeconds(30));

    assertThat(guard("quote", String.class).fallback(new QuoteClient(), new Object[] {"X"},
        rejection)).isEqualTo("X cached, retry in 30 s");
    assertThat(guard("sameType", String.class).fallback(new QuoteClient(), new Object[] {"Y"},
        rejection)).isInstanceOfSatisfying(Quotes.class,
            q -> assertThat(q.value).isEqualTo("Y from the cache"));
  }

  @Test
  void withoutAFallbackTheRejectionIsThrown() throws Throwable {
    GuardedMethod none = guard("noFallback");
    CircuitOpenException rejection = new CircuitOpenException("quotes", Duration.ofSeconds(1));

    assertThat(none.returnsPublisher()).isTrue();
    assertThat(none.errorHandler()).isSameAs(ErrorHandler.defaults());
    assertThatThrownBy(() -> none.fallback(new QuoteClient(), null, rejection))
        .isSameAs(rejection);
    assertThatThrownBy(() -> none.fallback(null, null, rejection))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("target");
    assertThatThrownBy(() -> none.fallback(new QuoteClient(), null, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("rejection");
  }

  @Test
  void aFallbackOfAnotherElementOrPublisherTypeIsRefused() {
    assertThatThrownBy(() -> guard("wrongElement", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrongElement(String)")
        .hasMessageContaining("expected a method aNumber(String, [Throwable]) returning a value or "
            + "a Quotes")
        .hasMessageContaining("it returns java.lang.Integer, not assignable to the Quotes's "
            + "java.lang.String");
    assertThatThrownBy(() -> guard("wrongPublisher", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it returns org.reactivestreams.Publisher, not the method's "
            + Quotes.class.getName());
  }

  @Test
  void decorateStillRefusesAPublisher() {
    assertThatThrownBy(() -> brama.decorate(QuoteApi.class, () -> s -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a Reactive Streams Publisher, which is not supported")
        .hasMessageContaining("guard it with brama-reactor");
  }
}
