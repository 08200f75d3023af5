package io.brama.dashboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty side of an {@link Exchange}: one core-handler request, its response and the callback
 * that ends it. Every write is asynchronous, so no thread waits on a slow client.
 */
final class JettyExchange implements Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final AtomicBoolean answered = new AtomicBoolean();

  JettyExchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String rawPath() {
    return request.getHttpURI().getPath();
  }

  @Override
  public String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  @Override
  public String requestHeader(String name) {
    return request.getHeaders().get(name);
  }

  @Override
  public String authority() {
    // Jetty fills the URI's host from an absolute-form target, else from the Host header
    HttpURI uri = request.getHttpURI();
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return null;
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return uri.getPort() > 0 ? host + ":" + uri.getPort() : host;
  }

  @Override
  public void setResponseHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  @Override
  public boolean responded() {
    return answered.get();
  }

  @Override
  public void send(int status, String contentType, byte[] body) {
    claim();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    // Jetty leaves out the body of a HEAD response
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public EventSink startEventStream(Duration idleTimeout, Consumer<Throwable> onFailure)
      throws IOException {
    claim();
    response.setStatus(200);
    // the connector's idle timeout is the read timeout; a stream lives by its heartbeats instead
    request.getConnectionMetaData().getConnection().getEndPoint()
        .setIdleTimeout(Durations.ceilMillis(idleTimeout));
    request.addFailureListener(onFailure::accept);
    return new Sink();
  }

  /** Answers 500 if the router returned without answering, so that no request is left open. */
  void ensureAnswered() {
    if (!answered.get()) {
      send(500, Responses.JSON, "{\"error\":\"no answer\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void claim() {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("this exchange was answered already");
    }
  }

  /** The open response body of an event stream. */
  private final class Sink implements EventSink {
    private final AtomicBoolean ended = new AtomicBoolean();

    @Override
    public void write(String text, Consumer<Throwable> done) {
      response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
          Callback.from(() -> done.accept(null), done::accept));
    }

    @Override
    public void end() {
      if (ended.compareAndSet(false, true)) {
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
      }
    }

    @Override
    public void abort(Throwable cause) {
      if (ended.compareAndSet(false, true)) {
        callback.failed(cause);
      }
    }
  }
}
