package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ErrorHandler;
import io.brama.GuardedMethod;
import io.brama.Outcome;
import io.brama.Registration;
import io.brama.fixtures.Stages;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Brama.guard}: an annotated class method run through the gate by a framework's invocation. */
class GuardTest {
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

  /** IllegalArgumentException is the caller's fault: ignored. */
  public static class IgnoreBadArguments implements ErrorHandler {
    @Override
    public Outcome classify(Object result, Throwable error) {
      if (error instanceof IllegalArgumentException) {
        return Outcome.ignore();
      }
      return error == null ? Outcome.success() : Outcome.failure(error);
    }
  }

  /** A plain class, as a Spring bean would be: no interface. */
  public static class PaymentClient {
    final List<String> fallbacks = new ArrayList<>();

    @CircuitBreaker(value = "payment_api", type = "http", scope = "payments",
        fallback = "queued", errorHandler = IgnoreBadArguments.class)
    public String pay(String order) throws IOException {
      throw new AssertionError("the framework proceeds; never called directly here");
    }

    public String queued(String order, CircuitOpenException rejection) {
      fallbacks.add(order + ":" + rejection.connection());
      return "queued " + order;
    }

    @CircuitBreaker("ledger")
    public CompletableFuture<String> post(String entry) {
      throw new AssertionError("the framework proceeds");
    }

    @CircuitBreaker(value = "broken", fallback = "missing")
    public String broken(String in) {
      return in;
    }
  }

  private GuardedMethod guard(String name, Class<?>... params) throws NoSuchMethodException {
    Method m = PaymentClient.class.getMethod(name, params);
    return brama.guard(m, m.getAnnotation(CircuitBreaker.class), PaymentClient.class);
  }

  @Test
  void registersTheIdWithTheAnnotationsTypeAndScope() throws Exception {
    GuardedMethod pay = guard("pay", String.class);

    assertThat(pay.id()).isEqualTo("payment_api");
    assertThat(brama.status("payment_api").type()).isEqualTo("http");
    assertThat(brama.status("payment_api").scope()).isEqualTo("payments");
  }

  @Test
  void keepsAnExistingRegistration() throws Exception {
    brama.register("payment_api", Registration.builder().type("grpc")
        .config(ConnectionConfig.builder().maxAttempts(5).build()).build());

    guard("pay", String.class);

    assertThat(brama.status("payment_api").type()).isEqualTo("grpc");
    assertThat(brama.status("payment_api").maxAttempts()).isEqualTo(5);
  }

  @Test
  void recordsOutcomesAndOpensThenFallsBackWithoutProceeding() throws Throwable {
    PaymentClient target = new PaymentClient();
    GuardedMethod pay = guard("pay", String.class);
    AtomicInteger proceeded = new AtomicInteger();

    assertThat(pay.invoke(target, new Object[] {"o1"}, () -> {
      proceeded.incrementAndGet();
      return "paid";
    })).isEqualTo("paid");
    for (int i = 0; i < Support.MAX_ATTEMPTS; i++) {
      IOException down = new IOException("down " + i);
      assertThatThrownBy(() -> pay.invoke(target, new Object[] {"o"}, () -> {
        proceeded.incrementAndGet();
        throw down;
      })).isSameAs(down);
    }
    assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);

    Object result = pay.invoke(target, new Object[] {"o9"}, () -> {
      proceeded.incrementAndGet();
      return "paid";
    });

    assertThat(result).isEqualTo("queued o9");
    assertThat(target.fallbacks).containsExactly("o9:payment_api");
    assertThat(proceeded).hasValue(1 + Support.MAX_ATTEMPTS);
  }

  @Test
  void theAnnotationsErrorHandlerClassifies() throws Throwable {
    GuardedMethod pay = guard("pay", String.class);
    for (int i = 0; i < 5; i++) {
      IllegalArgumentException bad = new IllegalArgumentException("bad order");
      assertThatThrownBy(() -> pay.invoke(new PaymentClient(), new Object[] {"x"}, () -> {
        throw bad;
      })).isSameAs(bad);
    }
    assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status("payment_api").failureCount()).isZero();
  }

  @Test
  void anAsyncMethodIsRecordedWhenItsStageCompletes() throws Throwable {
    GuardedMethod post = guard("post", String.class);
    List<CompletableFuture<String>> stages = new ArrayList<>();
    for (int i = 0; i < Support.MAX_ATTEMPTS; i++) {
      CompletableFuture<String> stage = new CompletableFuture<>();
      stages.add(stage);
      Object returned = post.invoke(new PaymentClient(), new Object[] {"e"}, () -> stage);
      assertThat(returned).isInstanceOf(CompletionStage.class);
    }
    assertThat(brama.status("ledger").state()).isEqualTo(CircuitState.CLOSED);

    stages.forEach(s -> s.completeExceptionally(new IOException("ledger down")));

    assertThat(brama.status("ledger").state()).isEqualTo(CircuitState.OPEN);
    Object refused = post.invoke(new PaymentClient(), new Object[] {"e"},
        () -> CompletableFuture.completedFuture("never"));
    assertThat(Stages.failureOf((CompletionStage<?>) refused))
        .isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void aBadFallbackIsRejectedNamingClassAndMethod() throws Exception {
    assertThatThrownBy(() -> guard("broken", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@CircuitBreaker on " + PaymentClient.class.getName()
            + ".broken(String)")
        .hasMessageContaining("missing");
    assertThat(brama.isRegistered("broken")).isFalse();
  }

  @Test
  void badArgumentsAreRefused() throws Exception {
    Method pay = PaymentClient.class.getMethod("pay", String.class);
    CircuitBreaker cb = pay.getAnnotation(CircuitBreaker.class);

    assertThatThrownBy(() -> brama.guard(null, cb, PaymentClient.class))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("method");
    assertThatThrownBy(() -> brama.guard(pay, null, PaymentClient.class))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("annotation");
    assertThatThrownBy(() -> brama.guard(pay, cb, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("targetClass");
    assertThatThrownBy(() -> brama.guard(pay, cb, String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a method of targetClass java.lang.String");
    GuardedMethod guarded = brama.guard(pay, cb, PaymentClient.class);
    assertThatThrownBy(() -> guarded.invoke(new PaymentClient(), new Object[] {"o"}, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("invocation");
    brama.close();
    assertThatThrownBy(() -> brama.guard(pay, cb, PaymentClient.class))
        .isInstanceOf(IllegalStateException.class);
  }
}
