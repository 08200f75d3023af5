package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.fixtures.Stages;
import io.brama.testing.ManualClock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rule D4: the annotation's handler classifies; one instance per method. */
class DecorateErrorHandlerTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @BeforeEach
  void setUp() {
    brama = Support.newBrama(clock);
    CountingHandler.CONSTRUCTED.set(0);
    CountingHandler.INSTANCES.clear();
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  /** IllegalArgumentException says nothing about the remote: ignore; a "BAD" result is a failure. */
  public static class ValidationErrors implements ErrorHandler {
    @Override
    public Outcome classify(Object result, Throwable error) {
      if (error instanceof IllegalArgumentException) {
        return Outcome.ignore();
      }
      if (error != null) {
        return Outcome.failure(error);
      }
      return "BAD".equals(result) ? Outcome.failure("bad result") : Outcome.success();
    }
  }

  /** Counts its constructions and remembers which instances classified something. */
  public static class CountingHandler implements ErrorHandler {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    static final Set<CountingHandler> INSTANCES =
        Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    public CountingHandler() {
      CONSTRUCTED.incrementAndGet();
    }

    @Override
    public Outcome classify(Object result, Throwable error) {
      INSTANCES.add(this);
      return error == null ? Outcome.success() : Outcome.failure(error);
    }
  }

  public interface Api {
    @CircuitBreaker(value = "api", errorHandler = ValidationErrors.class)
    String get(String input);

    @CircuitBreaker(value = "api_async", errorHandler = ValidationErrors.class)
    CompletableFuture<String> getAsync(String input);

    @CircuitBreaker("api_default")
    String withDefault(String input);
  }

  static class ApiImpl implements Api {
    CompletableFuture<String> future;

    @Override
    public String get(String input) {
      if (input.equals("invalid")) {
        throw new IllegalArgumentException("invalid input");
      }
      if (input.equals("down")) {
        throw new IllegalStateException("down");
      }
      return input;
    }

    @Override
    public CompletableFuture<String> getAsync(String input) {
      return future;
    }

    @Override
    public String withDefault(String input) {
      return get(input);
    }
  }

  @CircuitBreaker(value = "counted", errorHandler = CountingHandler.class)
  public interface Counted {
    String first();

    String second();

    @CircuitBreaker(value = "counted_own", errorHandler = CountingHandler.class)
    String third();

    default String notCovered() {
      return "not covered";
    }

    @CircuitBreaker("counted_default")
    String fourth();
  }

  static class CountedImpl implements Counted {
    @Override
    public String first() {
      return "1";
    }

    @Override
    public String second() {
      return "2";
    }

    @Override
    public String third() {
      return "3";
    }

    @Override
    public String fourth() {
      return "4";
    }
  }

  @Test
  void exceptionsTheHandlerIgnoresDoNotCountButStillPropagate() {
    Api api = brama.decorate(Api.class, new ApiImpl());

    for (int i = 0; i < Support.MAX_ATTEMPTS + 1; i++) {
      assertThatThrownBy(() -> api.get("invalid")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("invalid input");
    }

    assertThat(brama.status("api").failureCount()).isZero();
    assertThat(brama.status("api").lastFailureAt()).isNull();
  }

  @Test
  void theSameExceptionCountsWithTheDefaultHandler() {
    Api api = brama.decorate(Api.class, new ApiImpl());

    assertThatThrownBy(() -> api.withDefault("invalid"))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(brama.status("api_default").failureCount()).isEqualTo(1);
  }

  @Test
  void aResultTheHandlerCallsAFailureIsReturnedAndCounted() {
    Api api = brama.decorate(Api.class, new ApiImpl());

    assertThat(api.get("BAD")).isEqualTo("BAD");

    assertThat(brama.status("api").failureCount()).isEqualTo(1);
    assertThat(brama.status("api").lastFailureReason()).isEqualTo("bad result");
  }

  @Test
  void otherExceptionsStillCountAsFailures() {
    Api api = brama.decorate(Api.class, new ApiImpl());

    assertThatThrownBy(() -> api.get("down")).isInstanceOf(IllegalStateException.class);

    assertThat(brama.status("api").failureCount()).isEqualTo(1);
  }

  @Test
  void asyncMethodsUseTheHandlerToo() {
    ApiImpl target = new ApiImpl();
    Api api = brama.decorate(Api.class, target);

    target.future = CompletableFuture.failedFuture(new IllegalArgumentException("async invalid"));
    assertThat(Stages.failureOf(api.getAsync("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(brama.status("api_async").failureCount()).isZero();

    target.future = CompletableFuture.completedFuture("BAD");
    assertThat(api.getAsync("x").join()).isEqualTo("BAD");
    assertThat(brama.status("api_async").failureCount()).isEqualTo(1);
    assertThat(brama.status("api_async").lastFailureReason()).isEqualTo("bad result");
  }

  @Test
  void theHandlerIsInstantiatedOncePerMethodAtDecorateTimeAndReused() {
    Counted counted = brama.decorate(Counted.class, new CountedImpl());

    // first, second (type level) and third (own annotation); not the default method nor fourth
    assertThat(CountingHandler.CONSTRUCTED.get()).isEqualTo(3);

    for (int i = 0; i < 5; i++) {
      counted.first();
      counted.second();
      counted.third();
      counted.fourth();
      counted.notCovered();
    }

    assertThat(CountingHandler.CONSTRUCTED.get()).isEqualTo(3);
    assertThat(CountingHandler.INSTANCES).hasSize(3);
  }

  @Test
  void eachMethodUsesOneAndTheSameInstance() {
    Counted counted = brama.decorate(Counted.class, new CountedImpl());

    for (int i = 0; i < 4; i++) {
      counted.first();
    }

    assertThat(CountingHandler.INSTANCES).hasSize(1);
  }
}
