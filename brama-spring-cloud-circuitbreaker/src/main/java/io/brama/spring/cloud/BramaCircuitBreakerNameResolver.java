package io.brama.spring.cloud;

import feign.Target;
import java.lang.reflect.Method;
import java.util.Objects;
import org.springframework.cloud.openfeign.CircuitBreakerNameResolver;

/**
 * Names the Brama connection that guards a Feign client's call. By default one connection per
 * client: its {@code contextId}, or its {@code name} when it has none ({@code quotes}); with
 * {@code spring.cloud.openfeign.circuitbreaker.brama-names=method}, one per method ({@code quotes.latest}, overloads
 * sharing one); with {@code openfeign}, this resolver stands back and OpenFeign's own names apply
 * ({@code QuotesClientlatest}, from the method's signature).
 */
public final class BramaCircuitBreakerNameResolver implements CircuitBreakerNameResolver {
  /** How a connection is named. */
  public enum Naming {
    /** The client's {@code contextId}, else its {@code name}. */
    CLIENT,
    /** The client's name, a dot and the method's name. */
    METHOD
  }

  private final Naming naming;

  /**
   * A resolver naming connections by {@code naming}.
   *
   * @param naming per client or per method
   * @throws NullPointerException when {@code naming} is null
   */
  public BramaCircuitBreakerNameResolver(Naming naming) {
    this.naming = Objects.requireNonNull(naming, "naming");
  }

  /**
   * The connection's id for a call of {@code method} on the client.
   *
   * @param feignClientName the client's {@code contextId}, or its {@code name} when it has none
   * @param target the client's target
   * @param method the called method
   * @return the connection's id
   */
  @Override
  public String resolveCircuitBreakerName(String feignClientName, Target<?> target,
      Method method) {
    return naming == Naming.CLIENT ? feignClientName : feignClientName + "." + method.getName();
  }
}
