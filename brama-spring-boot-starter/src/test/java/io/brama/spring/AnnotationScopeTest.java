package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitState;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

/** What a class- or interface-level annotation covers, what is refused, and shutdown order. */
class AnnotationScopeTest {
  private final ApplicationContextRunner runner = Contexts.runner()
      .withPropertyValues("brama.metrics.enabled=false");

  /** Class level: its own public methods, not what Spring calls on it. */
  @CircuitBreaker("catalog")
  public static class CatalogClient implements ApplicationContextAware {
    final AtomicBoolean down = new AtomicBoolean();

    public String item(String sku) {
      if (down.get()) {
        throw new IllegalStateException("catalog down");
      }
      return "item " + sku;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
      // Spring calls this: it must not go through the circuit (nor count as a success)
    }
  }

  /** Interface level: the interface's abstract methods only. */
  @CircuitBreaker("stock")
  public interface Stock {
    int count(String sku);

    default String describe(String sku) {
      return sku + ": " + count(sku);
    }
  }

  public static class RemoteStock implements Stock {
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public int count(String sku) {
      if (down.get()) {
        throw new IllegalStateException("stock down");
      }
      return 3;
    }

    public String unrelated() {
      return "not guarded";
    }
  }

  @Test
  void aClassAnnotationSkipsAwareCallbacksAndAnInterfaceOneItsDefaultAndOtherMethods()
      throws Exception {
    runner.withBean(CatalogClient.class, CatalogClient::new)
        .withBean(RemoteStock.class, RemoteStock::new).run(context -> {
          Brama brama = context.getBean(Brama.class);
          CatalogClient catalog = context.getBean(CatalogClient.class);
          ((CatalogClient) AopUtilsTarget.of(catalog)).down.set(true);
          for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> catalog.item("a"))
                .isInstanceOf(IllegalStateException.class);
          }
          assertThat(brama.status("catalog").state()).isEqualTo(CircuitState.OPEN);

          Stock stock = context.getBean(Stock.class);
          ((RemoteStock) AopUtilsTarget.of(stock)).down.set(true);
          for (int i = 0; i < 9; i++) {
            assertThatThrownBy(() -> stock.count("a")).isInstanceOf(IllegalStateException.class);
          }
          assertThat(((RemoteStock) stock).unrelated()).isEqualTo("not guarded");
          assertThat(brama.status("stock").failureCount()).isEqualTo(9);
        });
  }

  /** Spring AOP cannot intercept a final method. */
  public static class FinalClient {
    @CircuitBreaker("final")
    public final String call() {
      return "x";
    }
  }

  @Test
  void anAnnotationOnAMethodAopCannotReachFailsStartUp() {
    runner.withBean("finalClient", FinalClient.class, FinalClient::new).run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("bean 'finalClient'")
            .hasMessageContaining("Spring AOP cannot intercept a final method"));
  }

  /** Calls a guarded bean while the context closes. */
  public static class Farewell implements DisposableBean {
    final CatalogClient catalog;
    static volatile String lastWord;

    Farewell(CatalogClient catalog) {
      this.catalog = catalog;
    }

    @Override
    public void destroy() {
      lastWord = catalog.item("goodbye");
    }
  }

  @Test
  void theBramaOutlivesTheBeansItGuards() {
    Farewell.lastWord = null;
    runner.withBean(CatalogClient.class, CatalogClient::new)
        .withBean("farewell", Farewell.class)
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(Farewell.lastWord).isEqualTo("item goodbye");
  }

  @Test
  void theAdviceRunsOutsideTransactionsUnlessOrderedOtherwise() {
    runner.run(context -> assertThat(((Ordered) context.getBean("bramaCircuitBreakerAdvisor",
        Advisor.class)).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE - 3));
    runner.withPropertyValues("brama.aop-order=5").run(context -> assertThat(((Ordered) context
        .getBean("bramaCircuitBreakerAdvisor", Advisor.class)).getOrder()).isEqualTo(5));
  }
}
