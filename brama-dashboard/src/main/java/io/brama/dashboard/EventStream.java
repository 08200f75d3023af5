package io.brama.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's Server-Sent Events stream: a bounded queue filled by {@link EventHub} without ever
 * blocking, drained by the HTTP exchange's own thread. A client that falls a full queue behind is
 * disconnected rather than waited for: its writer is interrupted, which also aborts a write blocked on
 * the client's full socket (the JDK server writes through an interruptible channel; EventStreamTest
 * checks this with a client that never reads).
 */
final class EventStream {
  /** Tells the browser to reconnect one second after the stream drops. */
  static final String PREAMBLE = "retry: 1000\n: connected\n\n";
  static final String HEARTBEAT = ": heartbeat\n\n";

  private final BlockingQueue<String> queue;
  private final long heartbeatNanos;
  private final Object lock = new Object();
  private Thread writer; // guarded by lock
  private volatile boolean closed;

  EventStream(int capacity, Duration heartbeat) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.heartbeatNanos = heartbeat.toNanos();
  }

  /** What became of an offered frame. */
  enum Offer {
    /** Queued for the client. */
    QUEUED,
    /** Not queued: the stream was already closed. */
    CLOSED,
    /** Not queued: the client is a full queue behind, so this call closed the stream. */
    OVERFLOW
  }

  /** Queues one SSE frame; never blocks. A full queue closes the stream. */
  Offer offer(String frame) {
    if (closed) {
      return Offer.CLOSED;
    }
    if (queue.offer(frame)) {
      return Offer.QUEUED;
    }
    close();
    return Offer.OVERFLOW;
  }

  /** Ends the stream: its writer stops, even one blocked writing to the client. Idempotent. */
  void close() {
    closed = true;
    synchronized (lock) {
      if (writer != null) {
        writer.interrupt();
      }
    }
  }

  /** Whether the stream is closed. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Writes the preamble, then queued frames (a heartbeat when idle) until the stream is closed.
   * Runs on the exchange's thread; returns normally when closed.
   *
   * @throws IOException when the client has gone away
   */
  void writeTo(OutputStream out) throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      writer = Thread.currentThread();
    }
    try {
      write(out, PREAMBLE);
      while (!closed) {
        String frame = queue.poll(heartbeatNanos, TimeUnit.NANOSECONDS);
        write(out, frame == null ? HEARTBEAT : frame);
      }
    } catch (InterruptedException e) {
      // close() was called: the stream ends normally
    } finally {
      closed = true;
      synchronized (lock) {
        writer = null;
        // a pool thread must not carry our interrupt into the next exchange it serves
        Thread.interrupted();
      }
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
