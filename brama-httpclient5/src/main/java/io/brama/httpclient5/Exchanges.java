package io.brama.httpclient5;

import io.brama.http.HttpCall;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/** What the classic and the async handler share: the URI a call is recorded on, and a response. */
final class Exchanges {
  private Exchanges() {}

  /**
   * The URI the caller sent: the client has filled in its scheme and authority (from the target
   * host when the request had a relative URI) before the chain runs.
   */
  static URI uri(HttpRequest original) {
    try {
      return original.getUri();
    } catch (URISyntaxException e) {
      // a path java.net.URI refuses is still sent as it is; the id needs scheme and authority only
      return URI.create(original.getScheme() + "://" + original.getAuthority());
    }
  }

  /** Records a response, reading the two headers only when the status can carry Retry-After. */
  static boolean record(HttpCall call, HttpResponse response) {
    int status = response.getCode();
    if (status == 429 || status == 503) {
      return call.response(status, value(response.getFirstHeader("Retry-After")),
          value(response.getFirstHeader("Date")));
    }
    return call.response(status, null, null);
  }

  /** Whether {@code error} ends an exchange the caller abandoned rather than one that failed. */
  static boolean abandoned(Throwable error, Object request) {
    if (request instanceof CancellableDependency && ((CancellableDependency) request).isCancelled()) {
      return true; // HttpUriRequestBase.cancel(): the client aborts the exchange with an I/O error
    }
    Throwable e = error;
    for (int depth = 0; e != null && depth < 16; depth++, e = e.getCause()) { // 16: no cycle
      if (e instanceof InterruptedException) {
        return true; // waiting for a pooled connection, the client wraps it in an IOException
      }
    }
    return false;
  }

  private static String value(Header header) {
    return header == null ? null : header.getValue();
  }
}
