package io.brama.examples;

import io.brama.Brama;
import io.brama.http.HttpRules;
import io.brama.httpclient5.BramaExecInterceptor;
import io.brama.httpclient5.CircuitOpenIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Snippets kept here so that they compile: {@link #classic} is the README's "Clients" row for
 * Apache HttpClient 5 and docs/http-clients.md's section on it, {@link #async} is in the latter.
 */
@SuppressWarnings("unused")
final class ApacheHttpClientExample {
  private ApacheHttpClientExample() {}

  static String classic(Brama brama) throws IOException {
    CloseableHttpClient http = HttpClients.custom()
        .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.classic(brama))
        .build();
    try {
      return http.execute(new HttpGet("https://api.example.com/quote"),
          response -> EntityUtils.toString(response.getEntity())); // 5xx, 408, I/O errors fail
    } catch (CircuitOpenIOException e) {                       // open: nothing was sent
      return "fallback, retry after " + e.getCause().retryAfter();
    }
  }

  static Future<SimpleHttpResponse> async(Brama brama) {
    HttpRules rules = HttpRules.builder().maxRetryAfter(Duration.ofMinutes(2)).build();
    CloseableHttpAsyncClient http = HttpAsyncClients.custom()
        .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.async(brama, rules))
        .disableAutomaticRetries()   // a 429/503's Retry-After opens the circuit instead of a retry
        .build();
    http.start();
    // refused: the future fails at once with a CircuitOpenIOException; cancel() records nothing
    return http.execute(SimpleRequestBuilder.get("https://api.example.com/quote").build(), null);
  }
}
