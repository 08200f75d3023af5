package io.brama.spring;

import io.brama.Brama;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The {@link Brama} bean built from {@code brama.*} properties (its connections registered, closed
 * with the context), {@code @CircuitBreaker} on beans through Spring AOP, and Brama events as
 * application events. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(BramaProperties.class)
public class BramaAutoConfiguration {
  /** The advisor's default order, {@code brama.aop-order}: like Resilience4j's circuit breaker. */
  public static final int DEFAULT_AOP_ORDER = Ordered.LOWEST_PRECEDENCE - 3;

  /** Created by Spring Boot's auto-configuration. */
  public BramaAutoConfiguration() {}

  /**
   * The Brama: defaults and connections from the properties, then every
   * {@link BramaBuilderCustomizer}. An application that defines its own Brama registers its
   * connections itself.
   *
   * @param properties the bound {@code brama.*} properties
   * @param customizers the customizers, applied in order
   * @return the started Brama
   */
  @Bean
  @ConditionalOnMissingBean
  public Brama brama(BramaProperties properties, ObjectProvider<BramaBuilderCustomizer> customizers) {
    Brama.Builder builder = Brama.builder().config(ConfigMapping.toConfig(properties));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    Brama brama = builder.build();
    try {
      ConfigMapping.toRegistrations(properties).forEach(brama::register);
    } catch (RuntimeException e) {
      brama.close();
      throw e;
    }
    return brama;
  }

  /**
   * The resolved {@code @CircuitBreaker} methods of the application's beans.
   *
   * @param brama provides the Brama bean
   * @param beanFactory its class loader tells whether brama-reactor is there
   * @return the resolver, shared by the advice and the start-up validation
   */
  @Bean
  @ConditionalOnMissingBean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static GuardedMethods bramaGuardedMethods(ObjectProvider<Brama> brama,
      ConfigurableListableBeanFactory beanFactory) {
    return new GuardedMethods(brama, beanFactory.getBeanClassLoader());
  }

  /**
   * Routes {@code @CircuitBreaker} bean methods through their gates.
   *
   * @param guards resolves the annotated methods
   * @param env the environment, read for {@code brama.aop-order}
   * @return the advisor
   */
  @Bean
  @ConditionalOnMissingBean(name = "bramaCircuitBreakerAdvisor")
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static Advisor bramaCircuitBreakerAdvisor(GuardedMethods guards, Environment env) {
    StaticMethodMatcherPointcut pointcut = new StaticMethodMatcherPointcut() {
      @Override
      public boolean matches(java.lang.reflect.Method method, Class<?> targetClass) {
        return CircuitBreakerAnnotations.find(method, targetClass) != null;
      }
    };
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut,
        new CircuitBreakerInterceptor(guards));
    // Outside @Transactional (lowest precedence): a rejected call opens no transaction.
    advisor.setOrder(env.getProperty("brama.aop-order", Integer.class, DEFAULT_AOP_ORDER));
    return advisor;
  }

  /**
   * Keeps Spring's {@code @Retryable} from ever retrying a {@code CircuitOpenException}.
   *
   * @return the post-processor
   */
  @Bean
  @ConditionalOnClass(name = "org.springframework.resilience.retry.AbstractRetryInterceptor")
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static BeanPostProcessor bramaRejectionsNeverRetried() {
    return new RejectionsNeverRetried();
  }

  /**
   * Moves the {@code @CircuitBreaker} advisor to the innermost proxy of a bean proxied twice (a JDK
   * proxy made before Spring's hides the bean's class).
   *
   * @return the post-processor
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static BeanPostProcessor bramaInnermostProxyGuard() {
    return new InnermostProxyGuard();
  }

  /** Fails start-up on a bad {@code @CircuitBreaker}, naming the bean and the method. */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static CircuitBreakerValidator bramaCircuitBreakerValidator(
      ConfigurableListableBeanFactory beanFactory, GuardedMethods guards) {
    return new CircuitBreakerValidator(beanFactory, guards);
  }

  /**
   * Brama events as application events; {@code brama.events.publish=false} turns them off.
   *
   * @param brama the Brama whose events are published
   * @param publisher where the events go
   * @param properties the bound properties, read for {@code brama.events.per-call}
   * @return the publisher
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "brama.events.publish", matchIfMissing = true)
  public BramaEventPublisher bramaEventPublisher(Brama brama, ApplicationEventPublisher publisher,
      BramaProperties properties) {
    return new BramaEventPublisher(brama, publisher, properties.getEvents().isPerCall());
  }
}
