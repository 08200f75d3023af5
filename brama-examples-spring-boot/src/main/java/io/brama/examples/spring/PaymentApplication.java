package io.brama.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that pays orders through a remote payment API guarded by Brama, so that an outage
 * of that API queues payments instead of tying up request threads.
 */
@SpringBootApplication
public class PaymentApplication {
  /** Starts the application; {@code --payments.url=...} points it at the payment API. */
  public static void main(String[] args) {
    SpringApplication.run(PaymentApplication.class, args);
  }
}
