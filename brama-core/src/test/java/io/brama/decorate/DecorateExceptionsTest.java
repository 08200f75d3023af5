package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.fixtures.Stages;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rule D2: exceptions come out as thrown; rejections; nested circuits; null results. */
class DecorateExceptionsTest {
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

  public interface Remote {
    @CircuitBreaker("remote")
    String read(String key) throws IOException;

    @CircuitBreaker("remote")
    String broad() throws Exception;

    @CircuitBreaker("remote")
    int count();

    @CircuitBreaker("remote")
    void write(String key, int value);

    @CircuitBreaker("remote")
    CompletableFuture<String> readAsync(String key);

    @CircuitBreaker(value = "remote", fallback = "fallback")
    String withFallback(String key);

    @CircuitBreaker(value = "remote", fallback = "fallbackAsync")
    CompletableFuture<String> withFallbackAsync(String key);
  }

  static class RemoteImpl implements Remote {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger fallbacks = new AtomicInteger();
    Throwable next;
    String result = "ok";
    CompletableFuture<String> future = CompletableFuture.completedFuture("async ok");
    String written;

    private void maybeThrow() throws Exception {
      calls.incrementAndGet();
      if (next instanceof Exception e) {
        throw e;
      }
      if (next instanceof Error e) {
        throw e;
      }
    }

    @Override
    public String read(String key) throws IOException {
      try {
        maybeThrow();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return result;
    }

    @Override
    public String broad() throws Exception {
      maybeThrow();
      return result;
    }

    @Override
    public int count() {
      calls.incrementAndGet();
      return 7;
    }

    @Override
    public void write(String key, int value) {
      calls.incrementAndGet();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      written = key + "=" + value;
    }

    @Override
    public CompletableFuture<String> readAsync(String key) {
      calls.incrementAndGet();
      return future;
    }

    @Override
    public String withFallback(String key) {
      calls.incrementAndGet();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return result;
    }

    @Override
    public CompletableFuture<String> withFallbackAsync(String key) {
      calls.incrementAndGet();
      return future;
    }

    public String fallback(String key) {
      fallbacks.incrementAndGet();
      return "fallback " + key;
    }

    public String fallbackAsync(String key) {
      fallbacks.incrementAndGet();
      return "fallback async " + key;
    }
  }

  private RemoteImpl target;
  private Remote remote;

  private void decorate() {
    target = new RemoteImpl();
    remote = brama.decorate(Remote.class, target);
  }

  // ---- the target's own exceptions ----

  @Test
  void checkedExceptionComesOutAsTheSameInstance() {
    decorate();
    IOException io = new IOException("disk");
    target.next = io;

    Throwable thrown = catchThrowable(() -> remote.read("k"));

    assertThat(thrown).isSameAs(io)
        .isNotInstanceOf(UndeclaredThrowableException.class)
        .isNotInstanceOf(InvocationTargetException.class);
    assertThat(brama.status("remote").lastFailureReason()).isSameAs(io);
  }

  @Test
  void checkedSubclassOfADeclaredExceptionComesOutAsTheSameInstance() {
    decorate();
    TimeoutException timeout = new TimeoutException("slow");
    target.next = timeout;

    assertThatThrownBy(remote::broad).isSameAs(timeout);
  }

  @Test
  void uncheckedExceptionComesOutAsTheSameInstance() {
    decorate();
    IllegalStateException ise = new IllegalStateException("bad state");
    target.next = ise;

    assertThatThrownBy(() -> remote.read("k")).isSameAs(ise);
    assertThatThrownBy(() -> remote.write("k", 1)).isSameAs(ise);
  }

  @Test
  void errorComesOutAsTheSameInstance() {
    decorate();
    AssertionError error = new AssertionError("an error");
    target.next = error;

    assertThatThrownBy(() -> remote.read("k")).isSameAs(error);
  }

  @Test
  void failuresThroughTheProxyOpenTheCircuit() {
    decorate();
    target.next = new IOException("down");
    for (int i = 0; i < Support.MAX_ATTEMPTS; i++) {
      assertThatThrownBy(() -> remote.read("k")).isSameAs(target.next);
    }
    assertThat(brama.status("remote").state()).isEqualTo(CircuitState.OPEN);
  }

  // ---- rejections ----

  @Test
  void rejectedSyncCallThrowsCircuitOpenExceptionWithoutRunningTheTarget() {
    decorate();
    brama.open("remote");
    clock.advance(Duration.ofSeconds(4));

    Throwable thrown = catchThrowable(() -> remote.read("k"));

    assertThat(thrown).isInstanceOf(CircuitOpenException.class);
    CircuitOpenException rejection = (CircuitOpenException) thrown;
    assertThat(rejection.connection()).isEqualTo("remote");
    assertThat(rejection.retryAfter()).isEqualTo(Support.EXPIRY.minusSeconds(4));
    assertThatThrownBy(() -> remote.write("k", 1)).isInstanceOf(CircuitOpenException.class);
    assertThatThrownBy(remote::count).isInstanceOf(CircuitOpenException.class);
    assertThat(target.calls.get()).isZero();
    assertThat(target.written).isNull();
  }

  @Test
  void rejectedAsyncCallReturnsAFutureFailedWithCircuitOpenException() {
    decorate();
    brama.open("remote");

    CompletableFuture<String> f = remote.readAsync("k");

    assertThat(Stages.failureOf(f)).isInstanceOf(CircuitOpenException.class)
        .satisfies(e -> assertThat(((CircuitOpenException) e).connection()).isEqualTo("remote"));
    assertThat(target.calls.get()).isZero();
  }

  @Test
  void asyncFailureComesOutAsTheSameInstance() {
    decorate();
    IOException io = new IOException("async disk");
    target.future = CompletableFuture.failedFuture(io);

    assertThat(Stages.failureOf(remote.readAsync("k"))).isSameAs(io);
    assertThat(brama.status("remote").failureCount()).isEqualTo(1);
  }

  @Test
  void asyncSuccessGivesTheTargetsValue() {
    decorate();
    assertThat(remote.readAsync("k").join()).isEqualTo("async ok");
    assertThat(brama.status("remote").lastSuccessAt()).isEqualTo(clock.instant());
  }

  // ---- nested circuits ----

  @Test
  void circuitOpenExceptionThrownByTheTargetPropagatesAndDoesNotTriggerTheFallback() {
    decorate();
    CircuitOpenException nested = new CircuitOpenException("inner", Duration.ofSeconds(3));
    target.next = nested;

    assertThatThrownBy(() -> remote.withFallback("k")).isSameAs(nested);

    assertThat(target.fallbacks.get()).isZero();
    assertThat(target.calls.get()).isEqualTo(1);
    assertThat(brama.status("remote").failureCount()).isEqualTo(1);
    assertThat(brama.status("remote").lastFailureReason()).isSameAs(nested);
  }

  @Test
  void asyncTargetFailingWithCircuitOpenExceptionDoesNotTriggerTheFallback() {
    decorate();
    CircuitOpenException nested = new CircuitOpenException("inner", Duration.ofSeconds(3));
    target.future = CompletableFuture.failedFuture(nested);

    assertThat(Stages.failureOf(remote.withFallbackAsync("k"))).isSameAs(nested);
    assertThat(target.fallbacks.get()).isZero();
  }

  public interface Inner {
    @CircuitBreaker("inner")
    String get();
  }

  public interface Outer {
    @CircuitBreaker(value = "outer", fallback = "outerFallback")
    String get();
  }

  static class OuterImpl implements Outer {
    final Inner inner;
    int fallbacks;

    OuterImpl(Inner inner) {
      this.inner = inner;
    }

    @Override
    public String get() {
      return "outer(" + inner.get() + ")";
    }

    public String outerFallback() {
      fallbacks++;
      return "outer fallback";
    }
  }

  @Test
  void aRealNestedDecoratedCircuitsRejectionIsTheOuterTargetsException() {
    Inner inner = brama.decorate(Inner.class, () -> "inner");
    OuterImpl outerTarget = new OuterImpl(inner);
    Outer outer = brama.decorate(Outer.class, outerTarget);
    assertThat(outer.get()).isEqualTo("outer(inner)");

    brama.open("inner");
    Throwable thrown = catchThrowable(outer::get);

    assertThat(thrown).isInstanceOf(CircuitOpenException.class);
    assertThat(((CircuitOpenException) thrown).connection()).isEqualTo("inner");
    assertThat(outerTarget.fallbacks).isZero();

    brama.reset("inner");
    brama.open("outer");
    assertThat(outer.get()).isEqualTo("outer fallback");
    assertThat(outerTarget.fallbacks).isEqualTo(1);
  }

  // ---- null and primitive results ----

  @Test
  void nullResultIsReturnedAndRecordedAsSuccess() throws Exception {
    decorate();
    target.result = null;

    assertThat(remote.read("k")).isNull();
    assertThat(brama.status("remote").lastSuccessAt()).isEqualTo(clock.instant());
    assertThat(brama.status("remote").failureCount()).isZero();
  }

  @Test
  void asyncNullValueIsReturned() {
    decorate();
    target.future = CompletableFuture.completedFuture(null);

    assertThat(remote.readAsync("k").join()).isNull();
    assertThat(brama.status("remote").lastSuccessAt()).isEqualTo(clock.instant());
  }

  @Test
  void primitiveAndVoidMethodsRunThroughTheCircuitWithTheirArguments() {
    decorate();
    assertThat(remote.count()).isEqualTo(7);
    remote.write("k", 5);
    assertThat(target.written).isEqualTo("k=5");
    assertThat(brama.status("remote").lastSuccessAt()).isEqualTo(clock.instant());
  }
}
