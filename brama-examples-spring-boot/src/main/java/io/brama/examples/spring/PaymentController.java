package io.brama.examples.spring;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP face of {@link PaymentClient}, so the circuit can be exercised with curl. */
@RestController
public class PaymentController {
  private final PaymentClient payments;

  /** Pays through {@code payments}. */
  public PaymentController(PaymentClient payments) {
    this.payments = payments;
  }

  /** Pays {@code order}: the API's answer, or the queued message while the circuit is open. */
  @PostMapping("/payments/{order}")
  public String pay(@PathVariable String order) {
    return payments.pay(order);
  }

  /** A failed payment is the upstream API's fault, hence 502 rather than 500. */
  @ExceptionHandler(PaymentFailedException.class)
  @ResponseStatus(HttpStatus.BAD_GATEWAY)
  public String failed(PaymentFailedException e) {
    return "payment failed: " + e.getMessage();
  }
}
