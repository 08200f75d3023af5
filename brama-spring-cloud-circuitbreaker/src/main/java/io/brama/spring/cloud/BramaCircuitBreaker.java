package io.brama.spring.cloud;

import io.brama.Circuit;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;

/**
 * One Brama connection as Spring Cloud's {@link CircuitBreaker}. {@code run(supplier, fallback)}
 * runs the supplier through the gate on the caller's thread, with no time limit (a blocking call is
 * never interrupted), and calls the fallback with the exact throwable: a
 * {@link io.brama.CircuitOpenException} when the gate refuses (the supplier not run), or the
 * supplier's own exception, unwrapped, when it fails (recorded by the connection's exception rules).
 * An {@link Error} is not handed to the fallback: it propagates.
 */
final class BramaCircuitBreaker implements CircuitBreaker {
  private final Circuit circuit;

  BramaCircuitBreaker(Circuit circuit) {
    this.circuit = circuit;
  }

  @Override
  public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
    Objects.requireNonNull(toRun, "toRun");
    Objects.requireNonNull(fallback, "fallback");
    T result;
    try {
      result = circuit.call(toRun::get);
    } catch (Exception e) {
      // the gate's CircuitOpenException or the supplier's own exception (even a sneaky checked one)
      return fallback.apply(e);
    }
    return result;
  }

  @Override
  public String toString() {
    return "BramaCircuitBreaker[" + circuit.id() + "]";
  }
}
