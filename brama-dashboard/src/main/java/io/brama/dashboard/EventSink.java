package io.brama.dashboard;

import java.util.function.Consumer;

/**
 * The open body of an event stream, written without blocking: each write reports its end through a
 * callback, so no thread waits on a client that reads slowly. At most one write is pending at a time.
 * A server adapter implements it for {@link Exchange#startEventStream}.
 */
public interface EventSink {
  /**
   * Sends {@code text} to the client now (no buffering); {@code done} gets null once it is written, or
   * the failure. {@code done} may run before this method returns.
   *
   * @param text the text to send
   * @param done told once the text is written, with null, or with the failure
   */
  void write(String text, Consumer<Throwable> done);

  /** Ends the stream normally. Only when no write is pending; idempotent, and a no-op after abort. */
  void end();

  /**
   * Ends the stream abruptly, even with a write pending: the connection is closed. Idempotent.
   *
   * @param cause why
   */
  void abort(Throwable cause);
}
