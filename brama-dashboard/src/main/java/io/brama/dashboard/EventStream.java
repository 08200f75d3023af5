package io.brama.dashboard;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client's Server-Sent Events stream: a bounded queue filled by {@link EventHub} without ever
 * blocking, drained to an {@link EventSink} by tasks on the dashboard's executor. No thread is held
 * while a stream is idle or its client reads slowly: a write that cannot finish stays pending on the
 * sink, and events queue behind it. A client that falls a full queue behind is disconnected rather
 * than waited for, and so is one whose pending write outlives the stream's idle timeout.
 */
final class EventStream {
  /** Tells the browser to reconnect one second after the stream drops. */
  static final String PREAMBLE = "retry: 1000\n: connected\n\n";
  static final String HEARTBEAT = ": heartbeat\n\n";

  /** What became of an offered frame. */
  enum Offer {
    /** Queued for the client. */
    QUEUED,
    /** Not queued: the stream was already closed. */
    CLOSED,
    /** Not queued: the client is a full queue behind, so this call closed the stream. */
    OVERFLOW
  }

  private final int capacity;
  private final Executor executor;
  private final Consumer<EventStream> onClosed;
  private final Object lock = new Object();
  // all guarded by lock
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private String comment = PREAMBLE; // written before the queued events; not counted in capacity
  private EventSink sink;
  private boolean draining; // a drain task is scheduled or running, or a write is pending
  private boolean closed;
  private ScheduledFuture<?> heartbeat;
  private int stallBeats; // heartbeats a pending write may outlast
  private long writes; // writes begun: a write pending across heartbeats leaves it unchanged
  private long writesAtLastBeat;
  private int beatsStalled;

  /**
   * A stream that queues up to {@code capacity} events, writes on {@code executor} and runs {@code
   * onClosed} once when it ends, however it ends.
   */
  EventStream(int capacity, Executor executor, Consumer<EventStream> onClosed) {
    this.capacity = capacity;
    this.executor = executor;
    this.onClosed = onClosed;
  }

  /**
   * Starts writing to {@code sink}: the preamble, whatever was queued meanwhile, then each event as it
   * comes, and a heartbeat every {@code interval} when nothing else is being written. A write still
   * pending after {@code stallBeats} heartbeats ends the stream, so a client that stops reading is
   * given up on even by a server that has no idle timeout of its own.
   */
  void start(EventSink sink, ScheduledExecutorService timer, Duration interval, int stallBeats) {
    boolean ended;
    boolean drain = false;
    synchronized (lock) {
      ended = closed;
      if (!ended) {
        this.sink = sink;
        this.stallBeats = stallBeats;
        long nanos = Durations.saturatedNanos(interval);
        heartbeat = timer.scheduleAtFixedRate(this::heartbeat, nanos, nanos, TimeUnit.NANOSECONDS);
        drain = claimDrainLocked();
      }
    }
    if (ended) {
      sink.end(); // closed before it started: end the response we were handed
    } else if (drain) {
      dispatch();
    }
  }

  /** Queues one SSE frame; never blocks. A full queue closes the stream. */
  Offer offer(String frame) {
    boolean overflow = false;
    boolean drain = false;
    synchronized (lock) {
      if (closed) {
        return Offer.CLOSED;
      }
      if (queue.size() < capacity) {
        queue.add(frame);
        drain = claimDrainLocked();
      } else {
        overflow = true;
      }
    }
    if (overflow) {
      fail(new IOException("the client fell " + capacity + " events behind"));
      return Offer.OVERFLOW;
    }
    if (drain) {
      dispatch();
    }
    return Offer.QUEUED;
  }

  /** Ends the stream normally (its browser reconnects). Idempotent. */
  void close() {
    finish(null);
  }

  /** Ends the stream because of {@code cause}: the connection is closed. Idempotent. */
  void fail(Throwable cause) {
    finish(cause);
  }

  private void heartbeat() {
    boolean drain;
    boolean stalled = false;
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (writes != writesAtLastBeat || !draining) {
        writesAtLastBeat = writes;
        beatsStalled = 0;
      } else {
        stalled = ++beatsStalled >= stallBeats;
      }
    }
    if (stalled) {
      fail(new IOException("the client read nothing for " + stallBeats + " heartbeats"));
      return;
    }
    synchronized (lock) {
      // a pending write is either in progress or stalled; the count above judges the latter
      if (closed || draining || !queue.isEmpty()) {
        return;
      }
      comment = HEARTBEAT;
      drain = claimDrainLocked();
    }
    if (drain) {
      dispatch();
    }
  }

  private boolean claimDrainLocked() {
    if (sink == null || draining) {
      return false;
    }
    draining = true;
    return true;
  }

  private void dispatch() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      fail(e); // the server is stopping
    }
  }

  /** Writes everything queued, one write at a time, until the queue is empty or a write pends. */
  private void drain() {
    while (true) {
      String batch;
      EventSink target;
      synchronized (lock) {
        if (closed || (queue.isEmpty() && comment == null)) {
          draining = false;
          return;
        }
        StringBuilder text = new StringBuilder();
        if (comment != null) {
          text.append(comment);
          comment = null;
        }
        for (String frame; (frame = queue.poll()) != null; ) {
          text.append(frame);
        }
        batch = text.toString();
        target = sink;
        writes++;
      }
      Write write = new Write();
      target.write(batch, write);
      if (!write.finishedInline()) {
        return; // the write's callback resumes draining
      }
      if (write.failure != null) {
        fail(write.failure);
        return;
      }
    }
  }

  private void finish(Throwable cause) {
    EventSink target;
    boolean abort;
    ScheduledFuture<?> beat;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      target = sink;
      abort = cause != null || draining;
      beat = heartbeat;
      queue.clear();
    }
    try {
      if (beat != null) {
        beat.cancel(false);
      }
      if (target != null) {
        if (abort) {
          target.abort(cause != null ? cause : new EOFException("event stream closed"));
        } else {
          target.end();
        }
      }
    } finally {
      onClosed.accept(this);
    }
  }

  /**
   * The callback of one write, which tells whether it ran inside {@code write} (then the drain loop
   * goes on) or later (then it resumes the drain itself), so a run of writes that complete at once
   * never nests.
   */
  private final class Write implements Consumer<Throwable> {
    private boolean done; // guarded by this
    private boolean async; // guarded by this
    private Throwable failure; // guarded by this until done, then read by the drain loop

    @Override
    public void accept(Throwable failure) {
      synchronized (this) {
        this.failure = failure;
        done = true;
        if (!async) {
          return;
        }
      }
      if (failure != null) {
        fail(failure);
      } else {
        drain();
      }
    }

    synchronized boolean finishedInline() {
      if (done) {
        return true;
      }
      async = true;
      return false;
    }
  }
}
