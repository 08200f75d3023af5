package io.brama.spring.cloud;

import io.brama.Brama;
import io.brama.ConnectionConfig;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;

/**
 * Spring Cloud's {@link ReactiveCircuitBreakerFactory} backed by a {@link Brama}, through
 * {@link io.brama.reactor.BramaOperator}: each circuit-breaker id is a Brama connection, registered
 * on {@code create} as {@link BramaCircuitBreakerFactory} registers it. Each subscription of a
 * guarded {@code Mono} or {@code Flux} is one call; the connection's {@code callTimeout}, when set,
 * limits it (a {@link java.util.concurrent.TimeoutException}), else nothing does. The fallback
 * gets a {@link io.brama.CircuitOpenException} on a rejection (the source not subscribed) and the
 * source's own error on a failure.
 */
public final class ReactiveBramaCircuitBreakerFactory
    extends ReactiveCircuitBreakerFactory<ConnectionConfig, BramaConfigBuilder> {
  private final Registrar registrar;

  /**
   * A factory registering its connections in {@code brama}.
   *
   * @param brama the Brama holding the connections
   * @throws NullPointerException when {@code brama} is null
   */
  public ReactiveBramaCircuitBreakerFactory(Brama brama) {
    this.registrar = new Registrar(brama, getConfigurations());
  }

  /**
   * The breaker of connection {@code id}, as {@link BramaCircuitBreakerFactory#create(String)}.
   *
   * @param id the connection's id
   * @return the breaker
   */
  @Override
  public ReactiveCircuitBreaker create(String id) {
    return new ReactiveBramaCircuitBreaker(registrar.circuit(id, null));
  }

  /**
   * The breaker of connection {@code id}, as
   * {@link BramaCircuitBreakerFactory#create(String, String)}.
   *
   * @param id the connection's id
   * @param groupName the scope of a connection registered now, or null
   * @return the breaker
   */
  @Override
  public ReactiveCircuitBreaker create(String id, String groupName) {
    return new ReactiveBramaCircuitBreaker(registrar.circuit(id, groupName));
  }

  /**
   * As {@link BramaCircuitBreakerFactory#configureDefault}.
   *
   * @param defaultConfiguration the settings for an id
   */
  @Override
  public void configureDefault(Function<String, ConnectionConfig> defaultConfiguration) {
    registrar.defaults(defaultConfiguration);
  }

  /**
   * A new, empty builder.
   *
   * @param id the connection being configured
   * @return the builder
   */
  @Override
  protected BramaConfigBuilder configBuilder(String id) {
    return new BramaConfigBuilder();
  }

  /**
   * The Brama.
   *
   * @return the Brama holding the connections
   */
  public Brama brama() {
    return registrar.brama();
  }
}
