package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.fixtures.Stages;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README example, written as the issue writes it (package-private interface). */
class DecorateReadmeExampleTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @BeforeEach
  void setUp() {
    brama = Support.newBrama(clock);
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  record Payment(String id, long cents) {}

  record Receipt(String paymentId) {}

  record Refund(String paymentId) {}

  record RefundResult(String paymentId, boolean accepted) {}

  /** The remote says no to this refund: a business answer, not an outage. */
  static class RefundDeclinedException extends RuntimeException {
    RefundDeclinedException(String message) {
      super(message);
    }
  }

  static class RefundErrors implements ErrorHandler {
    @Override
    public Outcome classify(Object result, Throwable error) {
      if (error instanceof RefundDeclinedException) {
        return Outcome.ignore();
      }
      return error == null ? Outcome.success() : Outcome.failure(error);
    }
  }

  interface PaymentService {
    @CircuitBreaker(identifier = "payment_api") Receipt processPayment(Payment p) throws IOException;
    @CircuitBreaker(identifier = "refund_api", errorHandler = RefundErrors.class) RefundResult processRefund(Refund r);
    @CircuitBreaker(identifier = "payment_api") CompletableFuture<Receipt> processAsync(Payment p);
  }

  static class HttpPaymentService implements PaymentService {
    final AtomicInteger requests = new AtomicInteger();
    IOException outage;

    HttpPaymentService(String baseUrl) {}

    @Override
    public Receipt processPayment(Payment p) throws IOException {
      requests.incrementAndGet();
      if (outage != null) {
        throw outage;
      }
      return new Receipt(p.id());
    }

    @Override
    public RefundResult processRefund(Refund r) {
      requests.incrementAndGet();
      if (r.paymentId().startsWith("declined")) {
        throw new RefundDeclinedException("refund declined for " + r.paymentId());
      }
      return new RefundResult(r.paymentId(), true);
    }

    @Override
    public CompletableFuture<Receipt> processAsync(Payment p) {
      requests.incrementAndGet();
      return outage != null ? CompletableFuture.failedFuture(outage)
          : CompletableFuture.completedFuture(new Receipt(p.id()));
    }
  }

  @Test
  void theExampleWorksAsWritten() throws Exception {
    HttpPaymentService http = new HttpPaymentService("https://payments.example");
    PaymentService service = brama.decorate(PaymentService.class, http);

    assertThat(brama.isRegistered("payment_api")).isTrue();
    assertThat(brama.isRegistered("refund_api")).isTrue();

    assertThat(service.processPayment(new Payment("p1", 100))).isEqualTo(new Receipt("p1"));
    assertThat(service.processRefund(new Refund("p1"))).isEqualTo(new RefundResult("p1", true));
    assertThat(service.processAsync(new Payment("p2", 200)).join()).isEqualTo(new Receipt("p2"));
    assertThat(brama.status("payment_api").lastSuccessAt()).isEqualTo(clock.instant());
    assertThat(brama.status("refund_api").lastSuccessAt()).isEqualTo(clock.instant());
  }

  @Test
  void paymentOutageOpensPaymentApiForSyncAndAsyncButNotRefunds() {
    HttpPaymentService http = new HttpPaymentService("https://payments.example");
    PaymentService service = brama.decorate(PaymentService.class, http);
    IOException outage = new IOException("connection refused");
    http.outage = outage;

    assertThatThrownBy(() -> service.processPayment(new Payment("p1", 1))).isSameAs(outage);
    assertThat(Stages.failureOf(service.processAsync(new Payment("p2", 2)))).isSameAs(outage);
    assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    int requests = http.requests.get();

    assertThatThrownBy(() -> service.processPayment(new Payment("p3", 3)))
        .isInstanceOf(CircuitOpenException.class);
    assertThat(Stages.failureOf(service.processAsync(new Payment("p4", 4))))
        .isInstanceOf(CircuitOpenException.class);
    assertThat(http.requests.get()).isEqualTo(requests);

    assertThat(service.processRefund(new Refund("p1"))).isEqualTo(new RefundResult("p1", true));
  }

  @Test
  void declinedRefundsPropagateButNeverOpenRefundApi() {
    HttpPaymentService http = new HttpPaymentService("https://payments.example");
    PaymentService service = brama.decorate(PaymentService.class, http);

    for (int i = 0; i < Support.MAX_ATTEMPTS + 2; i++) {
      assertThatThrownBy(() -> service.processRefund(new Refund("declined-" + 1)))
          .isInstanceOf(RefundDeclinedException.class);
    }

    assertThat(brama.status("refund_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status("refund_api").failureCount()).isZero();
    assertThat(service.processRefund(new Refund("p9"))).isEqualTo(new RefundResult("p9", true));
  }
}
