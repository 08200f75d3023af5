package io.brama.examples;

import io.brama.CircuitBreaker;
import java.io.IOException;

/** The demo's remote dependency, as the application sees it. */
public interface PaymentApi {
  /** Pays an order; goes through the circuit "payment_api", registered by {@code decorate}. */
  @CircuitBreaker(identifier = "payment_api", type = "http", scope = "payment_services")
  String pay(String order) throws IOException;
}
