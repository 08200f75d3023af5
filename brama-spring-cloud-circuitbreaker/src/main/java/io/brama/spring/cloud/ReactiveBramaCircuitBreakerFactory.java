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
   * The breaker of connection {@code id}, registered now when absent.
   *
   * @param id the connection's id
   * @return the breaker
   * @throws NullPointerException when {@code id} is null
   * @throws IllegalArgumentException when {@code id} is blank
   */
  @Override
  public ReactiveCircuitBreaker create(String id) {
    return new ReactiveBramaCircuitBreaker(registrar.circuit(id, null));
  }

  /**
   * The breaker of connection {@code id}, registered now with {@code groupName} as its scope when
   * absent; a registered connection keeps its own scope.
   *
   * @param id the connection's id
   * @param groupName the scope of a connection registered now, or null
   * @return the breaker
   * @throws NullPointerException when {@code id} is null
   * @throws IllegalArgumentException when {@code id} is blank
   */
  @Override
  public ReactiveCircuitBreaker create(String id, String groupName) {
    return new ReactiveBramaCircuitBreaker(registrar.circuit(id, groupName));
  }

  /**
   * The settings of connections this factory registers without settings of their own from
   * {@link #configure}; not called for connections registered before.
   *
   * @param defaultConfiguration the settings for an id
   * @throws NullPointerException when {@code defaultConfiguration} is null
   */
  @Override
  public void configureDefault(Function<String, ConnectionConfig> defaultConfiguration) {
    registrar.defaults(defaultConfiguration);
  }

  /**
   * A new, empty builder for {@code configure}.
   *
   * @param id the connection being configured
   * @return the builder
   */
  @Override
  protected BramaConfigBuilder configBuilder(String id) {
    return new BramaConfigBuilder();
  }

  /**
   * The Brama holding the connections.
   *
   * @return the Brama
   */
  public Brama brama() {
    return registrar.brama();
  }
}
