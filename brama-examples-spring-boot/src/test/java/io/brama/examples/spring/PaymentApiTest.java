package io.brama.examples.spring;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A test of the application against the fake {@link PaymentApi}, one API per test class. */
abstract class PaymentApiTest {
  static PaymentApi paymentApi;

  @BeforeAll
  static void startPaymentApi() {
    paymentApi = PaymentApi.start();
  }

  @AfterAll
  static void stopPaymentApi() {
    paymentApi.stop();
  }

  @DynamicPropertySource
  static void paymentsUrl(DynamicPropertyRegistry registry) {
    registry.add("payments.url", paymentApi::url);
  }
}
