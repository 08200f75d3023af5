package io.brama.spring;

import io.brama.dashboard.EventSink;
import io.brama.dashboard.Exchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** One servlet request as the dashboard sees it; an event stream goes asynchronous. */
final class ServletExchange implements Exchange {
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final String path;
  private boolean answered;

  ServletExchange(HttpServletRequest request, HttpServletResponse response, String path) {
    this.request = request;
    this.response = response;
    this.path = path;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String rawPath() {
    return path;
  }

  @Override
  public String rawQuery() {
    return request.getQueryString();
  }

  @Override
  public String requestHeader(String name) {
    return request.getHeader(name);
  }

  @Override
  public String authority() {
    return request.getHeader("Host");
  }

  @Override
  public void setResponseHeader(String name, String value) {
    response.setHeader(name, value);
  }

  @Override
  public boolean responded() {
    return answered;
  }

  @Override
  public void send(int status, String contentType, byte[] body) throws IOException {
    claim();
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  @Override
  public EventSink startEventStream(Duration idleTimeout, Consumer<Throwable> onFailure)
      throws IOException {
    claim();
    response.setStatus(200);
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // a stream lives as long as its client reads; the dashboard judges that
    ServletEventSink sink = new ServletEventSink(async, response.getOutputStream(), onFailure);
    async.addListener(sink);
    response.getOutputStream().setWriteListener(sink);
    return sink;
  }

  /** Answers 500 if the dashboard returned without answering, so that no request is left open. */
  void ensureAnswered() throws IOException {
    if (!answered) {
      send(500, "application/json; charset=utf-8",
          "{\"error\":\"no answer\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void claim() {
    if (answered) {
      throw new IllegalStateException("this exchange was answered already");
    }
    answered = true;
  }
}
