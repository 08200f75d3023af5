package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** How a request URI becomes a connection id. */
class ConnectionIdsTest {
  /** Rule W1. */
  @ParameterizedTest
  @CsvSource({"http://api.example.com/pay,api.example.com:80",
      "https://api.example.com/pay?x=1,api.example.com:443",
      "HTTPS://API.Example.COM/pay,api.example.com:443",
      "http://api.example.com:8080/,api.example.com:8080",
      "https://api.example.com:443/,api.example.com:443",
      "ws://chat.example.com/,chat.example.com:80",
      "wss://chat.example.com/,chat.example.com:443",
      "http://user:secret@api.example.com/,api.example.com:80",
      "http://[::1]:9000/x,[::1]:9000",
      "http://127.0.0.1/,127.0.0.1:80"})
  void byHostIsHostAndPortWithTheSchemesDefaultPort(URI uri, String id) {
    assertThat(ConnectionIds.byHost().idFor(uri)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailto:someone@example.com", "/relative/path", "ftp://files.example.com/"})
  void byHostRefusesAUriWithoutHostOrKnownPort(URI uri) {
    assertThatThrownBy(() -> ConnectionIds.byHost().idFor(uri))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(uri.toString());
  }

  @Test
  void fixedAnswersItsIdForAnyUri() {
    ConnectionIds payments = ConnectionIds.fixed("payments");
    assertThat(payments.idFor(URI.create("https://a.example.com/"))).isEqualTo("payments");
    assertThat(payments.idFor(URI.create("http://b.example.com:81/x"))).isEqualTo("payments");
    assertThat(payments).hasToString("ConnectionIds.fixed(payments)");
  }

  @Test
  void ofAppliesTheFunctionAndRefusesAnEmptyAnswer() {
    ConnectionIds byPath = ConnectionIds.of(uri -> uri.getPath().split("/")[1]);
    assertThat(byPath.idFor(URI.create("http://gw.example.com/orders/1"))).isEqualTo("orders");
    assertThatThrownBy(() -> ConnectionIds.of(uri -> null).idFor(URI.create("http://a/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection id for http://a/ must be a non-empty string, was null");
    assertThatThrownBy(() -> ConnectionIds.of(uri -> "").idFor(URI.create("http://a/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection id for http://a/ must be a non-empty string, was \"\"");
  }

  /** Rule B1. */
  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> ConnectionIds.fixed(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("id must not be null");
    assertThatThrownBy(() -> ConnectionIds.fixed("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id must be a non-empty string, was \"\"");
    assertThatThrownBy(() -> ConnectionIds.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("function must not be null");
    assertThatThrownBy(() -> ConnectionIds.byHost().idFor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("uri must not be null");
  }
}
