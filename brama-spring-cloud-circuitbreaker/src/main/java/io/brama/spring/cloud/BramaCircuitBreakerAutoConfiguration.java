package io.brama.spring.cloud;

import feign.Target;
import io.brama.Brama;
import io.brama.reactor.BramaOperator;
import io.brama.spring.BramaAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.cloud.gateway.filter.factory.FallbackHeadersGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.cloud.gateway.server.mvc.filter.CircuitBreakerFilterFunctions;
import org.springframework.cloud.openfeign.CircuitBreakerNameResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud's circuit-breaker factories backed by the application's {@link Brama} bean: the
 * blocking {@link BramaCircuitBreakerFactory} and, with brama-reactor on the class path, the
 * {@link ReactiveBramaCircuitBreakerFactory}, each after every {@link Customizer} of its type.
 * An application's own factory of the abstraction's type wins. Runs before OpenFeign's
 * auto-configuration, which guards Feign clients only when a factory is there.
 */
@AutoConfiguration(after = BramaAutoConfiguration.class,
    beforeName = "org.springframework.cloud.openfeign.FeignAutoConfiguration")
@ConditionalOnClass(CircuitBreakerFactory.class)
@ConditionalOnBean(Brama.class)
public class BramaCircuitBreakerAutoConfiguration {
  /** Created by Spring Boot's auto-configuration. */
  public BramaCircuitBreakerAutoConfiguration() {}

  /**
   * The blocking factory.
   *
   * @param brama the application's Brama
   * @param customizers applied in order to the new factory
   * @return the factory
   */
  @Bean
  @ConditionalOnMissingBean(CircuitBreakerFactory.class)
  public BramaCircuitBreakerFactory bramaCircuitBreakerFactory(Brama brama,
      ObjectProvider<Customizer<BramaCircuitBreakerFactory>> customizers) {
    return customized(new BramaCircuitBreakerFactory(brama), customizers);
  }

  private static <F> F customized(F factory, ObjectProvider<Customizer<F>> customizers) {
    customizers.orderedStream().forEach(c -> c.customize(factory));
    return factory;
  }

  /** The reactive factory, when brama-reactor and Reactor are on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({BramaOperator.class, Mono.class, ReactiveCircuitBreakerFactory.class})
  public static class Reactive {
    /** Created by Spring Boot's auto-configuration. */
    public Reactive() {}

    /**
     * The reactive factory.
     *
     * @param brama the application's Brama
     * @param customizers applied in order to the new factory
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean(ReactiveCircuitBreakerFactory.class)
    public ReactiveBramaCircuitBreakerFactory reactiveBramaCircuitBreakerFactory(Brama brama,
        ObjectProvider<Customizer<ReactiveBramaCircuitBreakerFactory>> customizers) {
      return customized(new ReactiveBramaCircuitBreakerFactory(brama), customizers);
    }
  }

  /**
   * Spring Cloud Gateway's (WebFlux) {@code CircuitBreaker} route filter, which Gateway registers
   * only beside Resilience4j, and the {@code FallbackHeaders} filter that goes with it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({SpringCloudCircuitBreakerFilterFactory.class, DispatcherHandler.class,
      BramaOperator.class})
  @ConditionalOnBooleanProperty(name = "spring.cloud.gateway.server.webflux.enabled",
      matchIfMissing = true)
  public static class GatewayWebFlux {
    /** Created by Spring Boot's auto-configuration. */
    public GatewayWebFlux() {}

    /**
     * The {@code CircuitBreaker} filter over the application's reactive factory.
     *
     * @param factory the reactive circuit-breaker factory
     * @param dispatcherHandler serves {@code forward:} fallback URIs
     * @return the filter factory
     */
    @Bean
    @ConditionalOnMissingBean(SpringCloudCircuitBreakerFilterFactory.class)
    @ConditionalOnEnabledFilter
    public BramaCircuitBreakerFilterFactory bramaCircuitBreakerFilterFactory(
        ReactiveCircuitBreakerFactory<?, ?> factory,
        ObjectProvider<DispatcherHandler> dispatcherHandler) {
      return new BramaCircuitBreakerFilterFactory(factory, dispatcherHandler);
    }

    /**
     * Puts the rejection or failure into headers of the request forwarded to a fallback route.
     *
     * @return the filter factory
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    public FallbackHeadersGatewayFilterFactory fallbackHeadersGatewayFilterFactory() {
      return new FallbackHeadersGatewayFilterFactory();
    }
  }

  /**
   * Spring Cloud Gateway Server MVC's {@code circuitBreaker} route filter for Brama, in place of
   * Gateway's own, which needs Resilience4j.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CircuitBreakerFilterFunctions.class, HandlerFilterFunction.class})
  @ConditionalOnBooleanProperty(name = "spring.cloud.gateway.server.webmvc.enabled",
      matchIfMissing = true)
  public static class GatewayMvc {
    /** Created by Spring Boot's auto-configuration. */
    public GatewayMvc() {}

    /**
     * Offers {@link BramaCircuitBreakerFilterFunctions} to route properties.
     *
     * @return the supplier, ahead of Gateway's own
     */
    @Bean
    @ConditionalOnMissingBean
    public BramaCircuitBreakerFilterFunctions.FilterSupplier bramaCircuitBreakerFilterFunctions() {
      return new BramaCircuitBreakerFilterFunctions.FilterSupplier();
    }
  }

  /**
   * The names of the connections guarding Feign clients (when
   * {@code spring.cloud.openfeign.circuitbreaker.enabled=true}): {@code spring.cloud.openfeign.circuitbreaker.brama-names}
   * is {@code client} (the default), {@code method} or {@code openfeign} (OpenFeign's own).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CircuitBreakerNameResolver.class, Target.class})
  public static class OpenFeign {
    /** Created by Spring Boot's auto-configuration. */
    public OpenFeign() {}

    /**
     * One connection per client, its {@code contextId} or {@code name}.
     *
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean(CircuitBreakerNameResolver.class)
    @ConditionalOnProperty(name = "spring.cloud.openfeign.circuitbreaker.brama-names", havingValue = "client",
        matchIfMissing = true)
    public BramaCircuitBreakerNameResolver bramaClientNameResolver() {
      return new BramaCircuitBreakerNameResolver(BramaCircuitBreakerNameResolver.Naming.CLIENT);
    }

    /**
     * One connection per client method, {@code client.method}.
     *
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean(CircuitBreakerNameResolver.class)
    @ConditionalOnProperty(name = "spring.cloud.openfeign.circuitbreaker.brama-names", havingValue = "method")
    public BramaCircuitBreakerNameResolver bramaMethodNameResolver() {
      return new BramaCircuitBreakerNameResolver(BramaCircuitBreakerNameResolver.Naming.METHOD);
    }
  }
}
