package io.brama.spring;

import io.brama.dashboard.EventSink;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * An event stream as a publisher of flushed frames. A write is emitted only while the server asks
 * for more, and the server asks once its earlier writes have gone out, so a client that reads slowly
 * leaves the write pending (the dashboard gives up on it) instead of filling memory.
 */
final class ReactiveEventSink implements EventSink {
  private final DataBufferFactory buffers;
  private final Consumer<Throwable> onFailure;
  private final Object lock = new Object();
  // guarded by lock
  private FluxSink<Publisher<DataBuffer>> sink;
  private String pending;
  private Consumer<Throwable> done;
  private boolean ended;
  private Throwable abortedBy;

  ReactiveEventSink(DataBufferFactory buffers, Consumer<Throwable> onFailure) {
    this.buffers = buffers;
    this.onFailure = onFailure;
  }

  /** The frames, each flushed as it goes out; the server subscribes once. */
  Flux<Publisher<DataBuffer>> frames() {
    return Flux.create(this::bind);
  }

  @Override
  public void write(String text, Consumer<Throwable> done) {
    boolean open;
    synchronized (lock) {
      open = !ended;
      if (open) {
        this.pending = text;
        this.done = done;
      }
    }
    if (open) {
      emit();
    } else {
      done.accept(new EOFException("the event stream has ended"));
    }
  }

  @Override
  public void end() {
    finish(null);
  }

  @Override
  public void abort(Throwable cause) {
    finish(cause);
  }

  private void bind(FluxSink<Publisher<DataBuffer>> sink) {
    boolean endNow;
    Throwable cause;
    synchronized (lock) {
      this.sink = sink;
      endNow = ended;
      cause = abortedBy;
    }
    sink.onRequest(n -> emit());
    sink.onCancel(() -> gone(new EOFException("the client went away")));
    if (endNow) {
      close(sink, cause);
    } else {
      emit();
    }
  }

  /** Emits the pending write if the server asks for one. */
  private void emit() {
    FluxSink<Publisher<DataBuffer>> target;
    String text;
    Consumer<Throwable> finished;
    synchronized (lock) {
      target = sink;
      if (target == null || pending == null || target.requestedFromDownstream() == 0) {
        return;
      }
      text = pending;
      finished = done;
      pending = null;
      done = null;
    }
    target.next(Mono.fromSupplier(() -> buffers.wrap(text.getBytes(StandardCharsets.UTF_8))));
    finished.accept(null);
  }

  private void gone(Throwable cause) {
    Consumer<Throwable> finished;
    synchronized (lock) {
      ended = true;
      finished = done;
      done = null;
      pending = null;
    }
    if (finished != null) {
      finished.accept(cause);
    }
    onFailure.accept(cause);
  }

  private void finish(Throwable cause) {
    FluxSink<Publisher<DataBuffer>> target;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      abortedBy = cause;
      target = sink;
    }
    if (target != null) {
      close(target, cause);
    }
  }

  private static void close(FluxSink<Publisher<DataBuffer>> sink, Throwable cause) {
    if (cause == null) {
      sink.complete();
    } else {
      sink.error(cause);
    }
  }
}
