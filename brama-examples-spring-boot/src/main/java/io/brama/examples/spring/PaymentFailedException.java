package io.brama.examples.spring;

/**
 * The payment API could not take a payment; thrown out of the guarded method so that Brama counts
 * it as a failure of {@code payment_api}.
 */
public class PaymentFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, caused by {@code cause} (or null). */
  public PaymentFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
