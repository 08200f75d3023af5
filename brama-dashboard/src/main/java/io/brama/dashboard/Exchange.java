package io.brama.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One request and its response as the dashboard's routing sees them, whatever server carries them:
 * {@link JettyExchange} today, a Spring MVC or WebFlux adapter later. Nothing here names a server
 * type, so {@link Router} and everything behind it can be mounted anywhere. Each exchange is answered
 * once, by {@link #send} or by {@link #startEventStream}.
 */
interface Exchange {
  /** The request method, such as {@code GET}. */
  String method();

  /** The request path as received: still percent-encoded, without the query. */
  String rawPath();

  /** The query string as received (percent-encoded, without the {@code ?}), or null. */
  String rawQuery();

  /** The first value of request header {@code name}, or null. */
  String requestHeader(String name);

  /**
   * The {@code host[:port]} the request was addressed to: an absolute-form target's ({@code GET
   * http://host/...}), else the Host header's; null if the server cannot tell.
   */
  String authority();

  /** Sets a response header; takes effect only before {@link #send} or {@link #startEventStream}. */
  void setResponseHeader(String name, String value);

  /** Whether {@link #send} or {@link #startEventStream} was called: then nothing else can be said. */
  boolean responded();

  /**
   * Answers with {@code status} and the whole {@code body} (a HEAD request gets the headers only).
   * Does not wait for the client to read it.
   *
   * @throws IOException if the client has gone away
   */
  void send(int status, String contentType, byte[] body) throws IOException;

  /**
   * Answers 200 with the headers set so far and keeps the body open for an event stream.
   *
   * @param idleTimeout how long the stream may go without a byte written before the server gives up
   *     on its client; the stream's heartbeat must be shorter
   * @param onFailure told when the server gives up on the stream (client gone, server stopping)
   * @throws IOException if the client has gone away
   */
  EventSink startEventStream(Duration idleTimeout, Consumer<Throwable> onFailure) throws IOException;
}
