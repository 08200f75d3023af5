package io.brama.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A WebFlux service that serves stock quotes from a remote quotes API, guarded by Brama. */
@SpringBootApplication
public class QuoteApplication {
  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(QuoteApplication.class, args);
  }
}
