package io.brama.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One request and its response as the dashboard sees them, whatever server carries them: its own
 * Jetty server, or the application's through an adapter handed to {@link MountedDashboard#handle}
 * (the Spring Boot starter has one for Spring MVC and one for WebFlux). Each exchange is answered
 * once, by {@link #send} or by {@link #startEventStream}; the dashboard calls them from the thread
 * that called {@code handle}.
 */
public interface Exchange {
  /**
   * The request method, such as {@code GET}.
   *
   * @return the request method
   */
  String method();

  /**
   * The request path as received (still percent-encoded, without the query), relative to where the
   * dashboard is mounted: {@code /} for the page, {@code /api/connections} for the statuses.
   *
   * @return the raw path under the mount point
   */
  String rawPath();

  /**
   * The query string as received (percent-encoded, without the {@code ?}), or null.
   *
   * @return the raw query, or null
   */
  String rawQuery();

  /**
   * The first value of request header {@code name}, or null.
   *
   * @param name the header's name, in any case
   * @return its first value, or null
   */
  String requestHeader(String name);

  /**
   * The {@code host[:port]} the request was addressed to: an absolute-form target's ({@code GET
   * http://host/...}), else the Host header's; null if the server cannot tell.
   *
   * @return the request's authority, or null
   */
  String authority();

  /**
   * Sets a response header; takes effect only before {@link #send} or {@link #startEventStream}.
   *
   * @param name the header's name
   * @param value its value
   */
  void setResponseHeader(String name, String value);

  /**
   * Whether {@link #send} or {@link #startEventStream} was called: then nothing else can be said.
   *
   * @return whether this exchange was answered
   */
  boolean responded();

  /**
   * Answers with {@code status} and the whole {@code body} (a HEAD request gets the headers only).
   * May block until the body is handed to the server, as any request thread's write does.
   *
   * @param status the response status
   * @param contentType the {@code Content-Type}
   * @param body the whole body
   * @throws IOException if the client has gone away
   */
  void send(int status, String contentType, byte[] body) throws IOException;

  /**
   * Answers 200 with the headers set so far and keeps the body open for an event stream, after the
   * calling thread has returned; the stream's writes come from other threads, one at a time.
   *
   * @param idleTimeout how long a write may stay pending before the server gives up on its client
   *     (servers without such a timeout may ignore it: the dashboard also ends a stream whose write
   *     stays pending that long); the stream's heartbeat is shorter
   * @param onFailure told when the server gives up on the stream (client gone, server stopping)
   * @return the open body to write the stream to
   * @throws IOException if the client has gone away
   */
  EventSink startEventStream(Duration idleTimeout, Consumer<Throwable> onFailure) throws IOException;
}
