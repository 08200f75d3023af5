package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @CircuitBreaker} on Spring beans: classes, interfaces, class level, fallbacks, validation. */
class CircuitBreakerAopTest {
  private final ApplicationContextRunner runner = Contexts.runner()
      .withUserConfiguration(Beans.class)
      .withInitializer(Contexts.yaml("""
          brama:
            connections:
              "[payment_api]": { type: http, scope: payment_services, max-attempts: 2 }
          """));

  /** A bean class without an interface, as most Spring services are. */
  public static class PaymentClient {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger reached = new AtomicInteger();

    @CircuitBreaker(value = "payment_api", fallback = "queued")
    public String pay(String order) throws IOException {
      reached.incrementAndGet();
      if (down.get()) {
        throw new IOException("payment api down");
      }
      return "paid " + order;
    }

    public String queued(String order, CircuitOpenException rejection) {
      return "queued " + order + " for " + rejection.connection();
    }

    /** Calls pay on this, not on the proxy: Spring AOP cannot see it. */
    public String payInternally(String order) throws IOException {
      return pay(order);
    }

    @CircuitBreaker("ledger")
    public CompletableFuture<String> post(String entry) {
      reached.incrementAndGet();
      return down.get() ? CompletableFuture.failedFuture(new IOException("ledger down"))
          : CompletableFuture.completedFuture("posted " + entry);
    }
  }

  /** The annotation on an interface method applies to the implementing bean. */
  public interface Inventory {
    @CircuitBreaker(value = "inventory", type = "grpc")
    int reserve(String sku);
  }

  public static class RemoteInventory implements Inventory {
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public int reserve(String sku) {
      if (down.get()) {
        throw new UncheckedIOException(new IOException("inventory down"));
      }
      return 1;
    }
  }

  /** On the class: every public method goes through "shipping", except its fallback. */
  @CircuitBreaker(value = "shipping", scope = "logistics", fallback = "later")
  public static class ShippingClient {
    final AtomicBoolean down = new AtomicBoolean();

    public String ship(String parcel) {
      if (down.get()) {
        throw new IllegalStateException("shipping down");
      }
      return "shipped " + parcel;
    }

    public String later(String parcel) {
      return "later " + parcel;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    PaymentClient paymentClient() {
      return new PaymentClient();
    }

    @Bean
    RemoteInventory inventory() {
      return new RemoteInventory();
    }

    @Bean
    ShippingClient shippingClient() {
      return new ShippingClient();
    }
  }

  @Test
  void theYamlConnectionIsTheOneTheAnnotationUses() {
    runner.run(context -> {
      PaymentClient client = context.getBean(PaymentClient.class);
      Brama brama = context.getBean(Brama.class);
      assertThat(AopUtils.isAopProxy(client)).isTrue();
      assertThat(client.pay("o1")).isEqualTo("paid o1");
      ((PaymentClient) AopUtilsTarget.of(client)).down.set(true);
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> client.pay("o2")).isInstanceOf(IOException.class);
      }

      assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
      assertThat(brama.status("payment_api").scope()).isEqualTo("payment_services");
      assertThat(client.pay("o3")).isEqualTo("queued o3 for payment_api");
      assertThat(((PaymentClient) AopUtilsTarget.of(client)).reached).hasValue(3);
    });
  }

  @Test
  void everyAnnotatedIdIsRegisteredAtStartUpWithTheAnnotationsTypeAndScope() {
    runner.run(context -> {
      Brama brama = context.getBean(Brama.class);
      assertThat(brama.isRegistered("ledger")).isTrue();
      assertThat(brama.status("inventory").type()).isEqualTo("grpc");
      assertThat(brama.status("shipping").scope()).isEqualTo("logistics");
      assertThat(brama.status("payment_api").type()).isEqualTo("http");
    });
  }

  @Test
  void anInterfaceAnnotationGuardsTheImplementingBean() {
    runner.run(context -> {
      Inventory inventory = context.getBean(Inventory.class);
      ((RemoteInventory) AopUtilsTarget.of(inventory)).down.set(true);
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> inventory.reserve("sku")).isInstanceOf(UncheckedIOException.class);
      }
      assertThatThrownBy(() -> inventory.reserve("sku"))
          .isInstanceOf(CircuitOpenException.class);
    });
  }

  @Test
  void aClassAnnotationGuardsEveryPublicMethodButItsFallback() {
    runner.run(context -> {
      ShippingClient shipping = context.getBean(ShippingClient.class);
      Brama brama = context.getBean(Brama.class);
      ((ShippingClient) AopUtilsTarget.of(shipping)).down.set(true);
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> shipping.ship("p")).isInstanceOf(IllegalStateException.class);
      }
      assertThat(shipping.ship("p")).isEqualTo("later p");
      assertThat(shipping.later("q")).isEqualTo("later q");
      assertThat(brama.status("shipping").state()).isEqualTo(CircuitState.OPEN);
    });
  }

  @Test
  void anAsyncMethodIsRecordedWhenItsFutureCompletes() {
    runner.run(context -> {
      PaymentClient client = context.getBean(PaymentClient.class);
      Brama brama = context.getBean(Brama.class);
      ((PaymentClient) AopUtilsTarget.of(client)).down.set(true);
      for (int i = 0; i < 10; i++) {
        assertThat(client.post("e")).isCompletedExceptionally();
      }
      assertThat(brama.status("ledger").state()).isEqualTo(CircuitState.OPEN);
      assertThat(client.post("e")).failsWithin(java.time.Duration.ZERO)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(CircuitOpenException.class);
    });
  }

  @Test
  void selfInvocationBypassesTheProxyAsTheReadmeWarns() {
    runner.run(context -> {
      PaymentClient client = context.getBean(PaymentClient.class);
      Brama brama = context.getBean(Brama.class);
      ((PaymentClient) AopUtilsTarget.of(client)).down.set(true);
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> client.payInternally("o")).isInstanceOf(IOException.class);
      }
      assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
      assertThat(brama.status("payment_api").failureCount()).isZero();
    });
  }

  /** A fallback that does not exist. */
  public static class BadClient {
    @CircuitBreaker(value = "bad", fallback = "nowhere")
    public String call(String in) {
      return in;
    }
  }

  @Test
  void aBadFallbackFailsStartUpNamingBeanAndMethod() {
    runner.withBean("badClient", BadClient.class, BadClient::new).run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("bean 'badClient'")
            .hasMessageContaining("@CircuitBreaker on " + BadClient.class.getName()
                + ".call(String)")
            .hasMessageContaining("nowhere"));
  }

  /** Both value and identifier set. */
  public static class AmbiguousClient {
    @CircuitBreaker(value = "a", identifier = "b")
    public String call() {
      return "x";
    }
  }

  @Test
  void anAmbiguousIdFailsStartUp() {
    runner.withBean("ambiguous", AmbiguousClient.class, AmbiguousClient::new).run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("bean 'ambiguous'")
            .hasMessageContaining("must set exactly one of value and identifier"));
  }
}
