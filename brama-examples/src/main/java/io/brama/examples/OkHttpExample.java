package io.brama.examples;

import io.brama.Brama;
import io.brama.http.ConnectionIds;
import io.brama.http.HttpRules;
import io.brama.okhttp.BramaInterceptor;
import io.brama.okhttp.CircuitOpenIOException;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Snippets kept here so that they compile: {@link #clients} is the README's OkHttp line and
 * {@link #okhttp} is in docs/http-clients.md.
 */
@SuppressWarnings("unused")
final class OkHttpExample {
  private OkHttpExample() {}

  static OkHttpClient clients(Brama brama) {
    return new OkHttpClient.Builder().addInterceptor(BramaInterceptor.of(brama)).build();
  }

  static String okhttp(Brama brama) throws IOException {
    OkHttpClient http = new OkHttpClient.Builder()
        .addInterceptor(BramaInterceptor.of(brama,        // an application interceptor
            HttpRules.builder().connectionIds(ConnectionIds.fixed("quotes")).build()))
        .build();
    Request request = new Request.Builder().url("https://api.example.com/quote").build();
    try (Response response = http.newCall(request).execute()) {
      return response.body().string();                 // 5xx, 408, I/O errors count as failures
    } catch (CircuitOpenIOException e) {                // open: nothing was sent
      return "fallback, retry after " + e.retryAfter();
    }
  }
}
