package io.brama.spring.cloud;

import io.brama.Brama;
import io.brama.ConnectionConfig;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * Spring Cloud's {@link CircuitBreakerFactory} backed by a {@link Brama}: each circuit-breaker id
 * is a Brama connection. {@link #create(String)} registers the connection when it is absent, with
 * the settings given to {@link #configure} for that id, else those of {@link #configureDefault},
 * else none (the Brama's defaults); a connection already registered (from
 * {@code brama.connections[id]}, for one) keeps its own settings. {@link #create(String, String)}
 * registers it with the group as its scope. The breakers' {@code run(supplier, fallback)} calls the
 * fallback on a rejection and on a failure; see {@link BramaCircuitBreaker}.
 */
public final class BramaCircuitBreakerFactory
    extends CircuitBreakerFactory<ConnectionConfig, BramaConfigBuilder> {
  private final Registrar registrar;

  /**
   * A factory registering its connections in {@code brama}.
   *
   * @param brama the Brama holding the connections
   * @throws NullPointerException when {@code brama} is null
   */
  public BramaCircuitBreakerFactory(Brama brama) {
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
  public CircuitBreaker create(String id) {
    return new BramaCircuitBreaker(registrar.circuit(id, null));
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
  public CircuitBreaker create(String id, String groupName) {
    return new BramaCircuitBreaker(registrar.circuit(id, groupName));
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
