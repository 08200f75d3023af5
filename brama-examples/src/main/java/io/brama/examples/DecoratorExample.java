package io.brama.examples;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** The snippet of docs/decorators.md, kept here so that it compiles. */
@SuppressWarnings("unused")
final class DecoratorExample {
  private DecoratorExample() {}

  record Payment(String order, long cents) {}

  record Receipt(String id) {}

  record Refund(String receipt, long cents) {}

  record RefundResult(boolean accepted) {}

  /** Thrown by the refund API for a bad request: says nothing about the API's health. */
  static final class InvalidAmountException extends RuntimeException {
    InvalidAmountException(String message) {
      super(message);
    }
  }

  interface PaymentService {
    @CircuitBreaker(identifier = "payment_api")
    Receipt processPayment(Payment p) throws IOException;

    @CircuitBreaker(identifier = "refund_api", errorHandler = RefundErrors.class)
    RefundResult processRefund(Refund r);

    @CircuitBreaker(identifier = "payment_api")
    CompletableFuture<Receipt> processAsync(Payment p);

    @CircuitBreaker(identifier = "payment_api", fallback = "queueForLater")
    Receipt payOrQueue(Payment p) throws IOException;
  }

  /** Like the original's error_handler: validation errors are ignored, the rest count. */
  public static final class RefundErrors implements ErrorHandler {
    @Override
    public Outcome classify(Object result, Throwable error) {
      if (error == null) {
        return Outcome.success();
      }
      return error instanceof InvalidAmountException ? Outcome.ignore() : Outcome.failure(error);
    }
  }

  static final class HttpPaymentService implements PaymentService {
    @Override
    public Receipt processPayment(Payment p) throws IOException {
      return new Receipt("r-" + p.order());
    }

    @Override
    public RefundResult processRefund(Refund r) {
      if (r.cents() <= 0) {
        throw new InvalidAmountException("amount must be positive");
      }
      return new RefundResult(true);
    }

    @Override
    public CompletableFuture<Receipt> processAsync(Payment p) {
      return CompletableFuture.supplyAsync(() -> new Receipt("r-" + p.order()));
    }

    @Override
    public Receipt payOrQueue(Payment p) throws IOException {
      return processPayment(p);
    }

    /** Called instead of payOrQueue when payment_api's circuit rejects the call. */
    Receipt queueForLater(Payment p, CircuitOpenException rejected) {
      return new Receipt("queued-" + p.order() + "-retry-in-" + rejected.retryAfter().toSeconds() + "s");
    }
  }

  static void example(Brama brama) throws IOException {
    PaymentService service = brama.decorate(PaymentService.class, new HttpPaymentService());
    Receipt receipt = service.processPayment(new Payment("order-1", 1999)); // through payment_api
    Receipt later = service.payOrQueue(new Payment("order-2", 500));        // or its fallback

    // The functional form of a fallback
    HttpPaymentService direct = new HttpPaymentService();
    Receipt r = brama.call("payment_api", () -> direct.processPayment(new Payment("o-3", 1)),
        rejected -> new Receipt("queued"));
  }
}
