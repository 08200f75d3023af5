package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brama.Brama;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Authenticator;
import java.net.CookieManager;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Everything but {@code send} and {@code sendAsync} is the wrapped client's. */
class DelegationTest {
  private final Brama brama = Brama.create();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final HttpClient jdk = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(3))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .cookieHandler(new CookieManager())
      .proxy(ProxySelector.of(null))
      .authenticator(new Authenticator() { })
      .executor(executor)
      .version(HttpClient.Version.HTTP_1_1)
      .build();
  private final HttpClient wrapped = BramaHttpClient.wrap(jdk, brama);

  @AfterEach
  void close() {
    brama.close();
    executor.shutdownNow();
  }

  /** Rule W8. */
  @Test
  void theSettingsAreTheWrappedClients() {
    assertThat(wrapped.connectTimeout()).isEqualTo(jdk.connectTimeout());
    assertThat(wrapped.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
    assertThat(wrapped.cookieHandler()).isEqualTo(jdk.cookieHandler());
    assertThat(wrapped.proxy()).isEqualTo(jdk.proxy());
    assertThat(wrapped.authenticator()).isEqualTo(jdk.authenticator());
    assertThat(wrapped.executor()).isEqualTo(jdk.executor());
    assertThat(wrapped.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(wrapped.sslContext()).isSameAs(jdk.sslContext());
    assertThat(wrapped.sslParameters().getProtocols())
        .containsExactly(jdk.sslParameters().getProtocols());
    assertThat(wrapped.newWebSocketBuilder().getClass())
        .isEqualTo(jdk.newWebSocketBuilder().getClass());
  }

  /** Rule W1: redirects are not followed for the id. */
  @Test
  void aRedirectIsFollowedByTheWrappedClientAndRecordedOnTheIdOfTheUriSent() throws Exception {
    try (LoopbackServer first = new LoopbackServer(); LoopbackServer second = new LoopbackServer()) {
      first.answer(302, "Location", second.uri("/there").toString());
      second.answer(200);
      HttpResponse<String> response = wrapped.send(
          HttpRequest.newBuilder(first.uri("/here")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(second.requests()).isOne();
      assertThat(brama.isRegistered(first.id())).isTrue();
      assertThat(brama.isRegistered(second.id())).isFalse();
    }
  }

  /** Rule W8. */
  @Test
  void closeClosesTheWrappedClientOnJdk21AndLater() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "HttpClient has no close() before JDK 21");
    HttpClient own = HttpClient.newHttpClient();
    HttpClient guarded = BramaHttpClient.wrap(own, brama);
    assertThat(call(guarded, "isTerminated")).isEqualTo(false);
    call(guarded, "close"); // what try-with-resources calls
    assertThat(call(own, "isTerminated")).isEqualTo(true);
    assertThat(call(guarded, "isTerminated")).isEqualTo(true);
    assertThat(HttpClient.class.getMethod("awaitTermination", Duration.class)
        .invoke(guarded, Duration.ZERO)).isEqualTo(true);
    call(guarded, "shutdown");
    call(guarded, "shutdownNow");
  }

  /** Rule W8: unreachable through HttpClient on 17. */
  @Test
  void theLifecycleMethodsAreUnsupportedBeforeJdk21() throws Exception {
    assumeTrue(Runtime.version().feature() < 21, "JDK 21 has them");
    Method shutdown = wrapped.getClass().getMethod("shutdown");
    shutdown.setAccessible(true);
    assertThatThrownBy(() -> shutdown.invoke(wrapped))
        .isInstanceOf(InvocationTargetException.class)
        .hasCauseInstanceOf(UnsupportedOperationException.class);
  }

  /** Rule B1. */
  @Test
  void badArgumentsAreNamed() {
    HttpRequest request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:9/")).build();
    HttpResponse.BodyHandler<String> handler = HttpResponse.BodyHandlers.ofString();
    assertThatThrownBy(() -> BramaHttpClient.wrap(null, brama))
        .isInstanceOf(NullPointerException.class).hasMessage("client must not be null");
    assertThatThrownBy(() -> BramaHttpClient.wrap(jdk, null))
        .isInstanceOf(NullPointerException.class).hasMessage("brama must not be null");
    assertThatThrownBy(() -> BramaHttpClient.wrap(jdk, brama, null))
        .isInstanceOf(NullPointerException.class).hasMessage("rules must not be null");
    assertThatThrownBy(() -> wrapped.send(null, handler))
        .isInstanceOf(NullPointerException.class).hasMessage("request must not be null");
    assertThatThrownBy(() -> wrapped.send(request, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("responseBodyHandler must not be null");
    assertThatThrownBy(() -> wrapped.sendAsync(null, handler))
        .isInstanceOf(NullPointerException.class).hasMessage("request must not be null");
    assertThatThrownBy(() -> wrapped.sendAsync(request, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("responseBodyHandler must not be null");
  }

  private static Object call(HttpClient client, String method) throws Exception {
    return HttpClient.class.getMethod(method).invoke(client);
  }
}
