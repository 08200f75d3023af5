package io.brama.spring;

import io.brama.dashboard.EventSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An event stream on servlet non-blocking output: a write goes out only while the container says the
 * stream is ready, and otherwise resumes when it calls {@link #onWritePossible}, so no thread waits
 * on a client that reads slowly. One thread at a time moves the bytes ({@link #pump}); the container
 * is never called while {@code lock} is held, since the container calls back under its own. Once the
 * container reports an error or completion, this sink neither writes nor completes from another
 * thread ({@code io}): the container then recycles the request's objects for the next request.
 */
final class ServletEventSink implements EventSink, WriteListener, AsyncListener {
  /** Where the pending write is: each step needs the stream ready first. */
  private enum Stage { IDLE, WRITE, FLUSH, CONFIRM }

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final Consumer<Throwable> onFailure;
  private final Object lock = new Object();
  // guarded by lock
  private Stage stage = Stage.IDLE;
  private byte[] pending;
  private Consumer<Throwable> done;
  private boolean pumping;
  private boolean again;
  private boolean closed; // no more writes
  private boolean completed; // async.complete() was called
  // Held while this sink uses the output stream or completes the request, and by the container's
  // error and completion callbacks while they mark the request as theirs: once the container ends
  // a request it recycles its objects for another one (Tomcat does), so a write or complete() from
  // another thread that landed after that would go to another client's response.
  private final ReentrantLock io = new ReentrantLock();
  private boolean containerEnds; // guarded by io: no more use of the output stream or complete()

  ServletEventSink(AsyncContext async, ServletOutputStream out, Consumer<Throwable> onFailure) {
    this.async = async;
    this.out = out;
    this.onFailure = onFailure;
  }

  @Override
  public void write(String text, Consumer<Throwable> done) {
    boolean open;
    synchronized (lock) {
      open = !closed;
      if (open) {
        this.pending = text.getBytes(StandardCharsets.UTF_8);
        this.done = done;
        this.stage = Stage.WRITE;
      }
    }
    if (open) {
      pump();
    } else {
      done.accept(new EOFException("the event stream has ended"));
    }
  }

  @Override
  public void onWritePossible() {
    pump();
  }

  @Override
  public void onError(Throwable failure) {
    containerEnds();
    fail(failure);
  }

  @Override
  public void end() {
    complete();
  }

  @Override
  public void abort(Throwable cause) {
    complete(); // servlets cannot reset a connection; the browser reconnects all the same
  }

  @Override
  public void onComplete(AsyncEvent event) {
    containerEnds();
    fail(new EOFException("the event stream has ended"));
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    containerEnds();
    fail(new EOFException("the event stream timed out"));
    completeNow();
  }

  @Override
  public void onError(AsyncEvent event) {
    containerEnds();
    fail(event.getThrowable() != null ? event.getThrowable() : new EOFException("client gone"));
    // Completed here, on the container's thread: a container that reports an error expects
    // complete() from its listener, and otherwise dispatches the request to the application's
    // error page, which finds the response committed.
    completeNow();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // the stream starts asynchronous only once
  }

  /** Moves the pending write on as far as the container allows; one thread at a time. */
  private void pump() {
    synchronized (lock) {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
    }
    while (true) {
      Consumer<Throwable> finished = null;
      Throwable failure = null;
      try {
        finished = step();
      } catch (IOException | RuntimeException e) {
        failure = e;
        containerEnds(); // a failed write is reported to onError, which completes the request
        synchronized (lock) {
          finished = done;
          done = null;
          stage = Stage.IDLE;
        }
      }
      if (finished != null) {
        finished.accept(failure);
      }
      synchronized (lock) {
        if (!again) {
          pumping = false;
          return;
        }
        again = false;
      }
    }
  }

  /** One pass over the stages; returns the write's callback when it has gone out. */
  private Consumer<Throwable> step() throws IOException {
    io.lock();
    try {
      if (containerEnds) {
        throw new EOFException("the event stream has ended");
      }
      return stepLocked();
    } finally {
      io.unlock();
    }
  }

  private Consumer<Throwable> stepLocked() throws IOException {
    Stage at;
    byte[] bytes;
    synchronized (lock) {
      at = stage;
      bytes = pending;
    }
    if (at == Stage.WRITE) {
      if (!out.isReady()) {
        return null; // the container calls onWritePossible
      }
      out.write(bytes);
      at = advance(Stage.FLUSH);
    }
    if (at == Stage.FLUSH) {
      if (!out.isReady()) {
        return null;
      }
      out.flush();
      at = advance(Stage.CONFIRM);
    }
    if (at == Stage.CONFIRM && out.isReady()) {
      synchronized (lock) {
        stage = Stage.IDLE;
        pending = null;
        Consumer<Throwable> finished = done;
        done = null;
        return finished;
      }
    }
    return null;
  }

  private Stage advance(Stage next) {
    synchronized (lock) {
      stage = next;
      return next;
    }
  }

  private void fail(Throwable failure) {
    Consumer<Throwable> finished;
    synchronized (lock) {
      finished = done;
      done = null;
      stage = Stage.IDLE;
      closed = true;
    }
    if (finished != null) {
      finished.accept(failure);
    }
    onFailure.accept(failure);
  }

  /** From here on the container ends the request: waits for a write in progress to finish. */
  private void containerEnds() {
    io.lock();
    try {
      containerEnds = true;
    } finally {
      io.unlock();
    }
  }

  /** Completes the request from any thread, unless the container ends it. */
  private void complete() {
    synchronized (lock) {
      closed = true;
      if (completed) {
        return;
      }
      completed = true;
    }
    io.lock();
    try {
      if (!containerEnds) {
        completeNow();
      }
    } finally {
      io.unlock();
    }
  }

  private void completeNow() {
    try {
      async.complete();
    } catch (IllegalStateException e) {
      // completed already by the container (client gone, server stopping)
    }
  }
}
