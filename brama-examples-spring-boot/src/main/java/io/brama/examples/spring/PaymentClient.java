package io.brama.examples.spring;

import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Calls the payment API. Its calls go through the {@code payment_api} circuit, so that after a few
 * consecutive failures the application stops waiting on a broken API and queues payments instead.
 */
@Service
public class PaymentClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI url;

  /** Pays through the API at {@code payments.url}. */
  public PaymentClient(@Value("${payments.url}") URI url) {
    this.url = url;
  }

  /**
   * Pays {@code order} and returns the API's answer; a timeout, a refused connection or a non-2xx
   * answer is a {@link PaymentFailedException}, which the circuit counts as a failure.
   */
  @CircuitBreaker(value = "payment_api", fallback = "queued")
  public String pay(String order) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(order)).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PaymentFailedException("payment API unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaymentFailedException("interrupted while paying " + order, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new PaymentFailedException("payment API answered " + response.statusCode(), null);
    }
    return response.body();
  }

  /**
   * Answers instead of {@link #pay} while {@code payment_api} is open: the API is known to be
   * failing, so the order is accepted for later rather than rejected.
   */
  public String queued(String order, CircuitOpenException e) {
    long seconds = (e.retryAfter().toMillis() + 999) / 1000;
    return "queued " + order + " (" + e.connection() + " is open, retry in " + seconds + "s)";
  }
}
