package io.brama.spring;

import io.brama.http.HttpCall;
import io.brama.http.HttpGuard;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Brama in front of a {@code RestClient} or {@code RestTemplate}: each request is one call of its
 * connection (brama-http's rules: the id from the URI, 5xx and 408 failures, Retry-After on 429
 * and 503 opens the circuit for that long). A refused request is not sent: the caller gets the
 * {@link io.brama.CircuitOpenException}. The response is returned unchanged, its body unread.
 */
final class BramaHttpInterceptor implements ClientHttpRequestInterceptor {
  private final HttpGuard guard;

  BramaHttpInterceptor(HttpGuard guard) {
    this.guard = guard;
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body,
      ClientHttpRequestExecution execution) throws IOException {
    HttpCall call = guard.begin(request.getURI());
    if (!call.admitted()) {
      throw call.rejection();
    }
    ClientHttpResponse response;
    try {
      response = execution.execute(request, body);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
    HttpHeaders headers = response.getHeaders();
    call.response(response.getStatusCode().value(), headers.getFirst(HttpHeaders.RETRY_AFTER),
        headers.getFirst(HttpHeaders.DATE));
    return response;
  }

  @Override
  public String toString() {
    return "BramaHttpInterceptor[" + guard.rules() + "]";
  }
}
