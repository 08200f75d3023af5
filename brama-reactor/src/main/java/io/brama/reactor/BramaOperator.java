package io.brama.reactor;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.Permit;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards a {@link Mono} or {@link Flux} with a Brama circuit: each subscription is one call, its
 * permit taken when it is subscribed (never at assembly), with {@code transform} as with
 * {@code transformDeferred}:
 * <pre>{@code
 * webClient.get().uri("/quote").retrieve().bodyToMono(String.class)
 *     .transformDeferred(BramaOperator.of(circuit));
 * quotes.transformDeferred(BramaOperator.of(brama, "quotes"));
 * }</pre>
 * A refused subscription never subscribes the source and fails with a
 * {@link io.brama.CircuitOpenException}. A {@code Mono}'s value or empty completion is a success; a
 * {@code Flux}'s completion, or its cancellation after an element, is a success; an error is
 * classified by the connection's exception rules, as {@code call} would; a cancellation before any
 * element records nothing and frees the permit. The connection's {@code callTimeout} applies to the
 * whole subscription. The operator neither blocks nor touches a {@code ThreadLocal}, passes the
 * subscriber's {@code Context} through and takes no part in fusion. See docs/reactive.md.
 *
 * <p>Immutable: {@link #withFallback}, {@link #withErrorHandler} and {@link #failOn} return a new
 * operator.
 *
 * @param <T> the type of the guarded elements
 */
public final class BramaOperator<T> implements UnaryOperator<Publisher<T>> {
  private static final Class<?>[] NONE = {};
  private final Circuit circuit;
  private final Brama brama;
  private final String id;
  /** Null: the connection's exception rules ({@code Permit.complete}). */
  private final ErrorHandler errorHandler;
  /** Errors that are failures whatever the rules or the handler say; empty for none. */
  private final Class<?>[] failOn;
  /** Null: a refused subscription fails with the rejection. */
  private final Function<? super CircuitOpenException, ? extends Publisher<? extends T>> fallback;

  private BramaOperator(Circuit circuit, Brama brama, String id, ErrorHandler errorHandler,
      Function<? super CircuitOpenException, ? extends Publisher<? extends T>> fallback,
      Class<?>[] failOn) {
    this.circuit = circuit;
    this.brama = brama;
    this.id = id;
    this.errorHandler = errorHandler;
    this.fallback = fallback;
    this.failOn = failOn;
  }

  /**
   * An operator that guards each subscription with {@code circuit}.
   *
   * @param <T> the type of the guarded elements
   * @param circuit the connection's handle
   * @return the operator, for {@code transformDeferred} or {@code transform}
   * @throws NullPointerException when {@code circuit} is null
   */
  public static <T> BramaOperator<T> of(Circuit circuit) {
    Objects.requireNonNull(circuit, "circuit");
    return new BramaOperator<>(circuit, null, circuit.id(), null, null, NONE);
  }

  /**
   * An operator that guards each subscription with the connection {@code id} of {@code brama},
   * looked up at each subscription: a subscription while {@code id} is not registered fails with
   * {@link io.brama.UnknownConnectionException}.
   *
   * @param <T> the type of the guarded elements
   * @param brama the Brama holding the connection
   * @param id the connection's id
   * @return the operator, for {@code transformDeferred} or {@code transform}
   * @throws NullPointerException when {@code brama} or {@code id} is null
   */
  public static <T> BramaOperator<T> of(Brama brama, String id) {
    Objects.requireNonNull(brama, "brama");
    Objects.requireNonNull(id, "id");
    return new BramaOperator<>(null, brama, id, null, null, NONE);
  }

  /**
   * This operator, but a refused subscription is given to the publisher {@code fallback} returns
   * for the rejection instead of failing: a rejection only, never an error of the source (not even
   * a {@code CircuitOpenException} of another circuit that the source itself passes on).
   *
   * @param fallback the publisher to subscribe instead, for the rejection; it may fail
   * @return a new operator
   * @throws NullPointerException when {@code fallback} is null
   */
  public BramaOperator<T> withFallback(
      Function<? super CircuitOpenException, ? extends Publisher<? extends T>> fallback) {
    Objects.requireNonNull(fallback, "fallback");
    return new BramaOperator<>(circuit, brama, id, errorHandler, fallback, failOn);
  }

  /**
   * This operator, but outcomes are classified by {@code errorHandler} instead of the connection's
   * exception rules: a {@code Mono}'s value (or null for an empty completion) and a {@code Flux}'s
   * completion (null) as {@code classify(result, null)}, an error as {@code classify(null, error)}.
   * A cancellation is not classified. A handler that throws is logged and records a failure.
   *
   * @param errorHandler decides what each outcome means for the connection
   * @return a new operator
   * @throws NullPointerException when {@code errorHandler} is null
   */
  public BramaOperator<T> withErrorHandler(ErrorHandler errorHandler) {
    Objects.requireNonNull(errorHandler, "errorHandler");
    return new BramaOperator<>(circuit, brama, id,
        errorHandler == ErrorHandler.defaults() ? null : errorHandler, fallback, failOn);
  }

  /**
   * This operator, but an error that is an instance of one of {@code types} is a failure whatever
   * the connection's exception rules or the error handler say (e.g. a timeout the source raises
   * itself, which the rules would ignore as a cancellation).
   *
   * @param types the errors that are always failures
   * @return a new operator
   * @throws NullPointerException when {@code types} or one of them is null
   */
  @SafeVarargs
  public final BramaOperator<T> failOn(Class<? extends Throwable>... types) {
    Objects.requireNonNull(types, "types");
    Class<?>[] all = Arrays.copyOf(failOn, failOn.length + types.length);
    for (int i = 0; i < types.length; i++) {
      all[failOn.length + i] = Objects.requireNonNull(types[i], "types[" + i + "]");
    }
    return new BramaOperator<>(circuit, brama, id, errorHandler, fallback, all);
  }

  /**
   * Wraps {@code source}: a {@code Mono} stays a {@code Mono} (and follows the {@code Mono} rules),
   * any other publisher becomes a {@code Flux}. Nothing is acquired here.
   *
   * @param source the publisher to guard
   * @return the guarded publisher
   * @throws NullPointerException when {@code source} is null
   */
  @Override
  public Publisher<T> apply(Publisher<T> source) {
    Objects.requireNonNull(source, "source");
    if (source instanceof Mono<T> mono) {
      return new GuardedMono<>(mono, this);
    }
    return new GuardedFlux<>(Flux.from(source), this);
  }

  /** Asks the gate, at subscription; throws what {@code tryAcquire} throws (unknown id, closed). */
  Permit acquire() {
    return circuit != null ? circuit.tryAcquire() : brama.tryAcquire(id);
  }

  /** The connection's id, for the rejection. */
  String id() {
    return id;
  }

  /** Whether {@code error} is a failure whatever the rules say ({@link #failOn}). */
  boolean failsOn(Throwable error) {
    for (Class<?> type : failOn) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** The error handler, or null for the connection's exception rules. */
  ErrorHandler errorHandler() {
    return errorHandler;
  }

  /** The publisher a refused subscription gets instead, or null when it fails with the rejection. */
  Function<? super CircuitOpenException, ? extends Publisher<? extends T>> fallback() {
    return fallback;
  }

  /**
   * {@code BramaOperator[<id>]}.
   *
   * @return the operator's description
   */
  @Override
  public String toString() {
    return "BramaOperator[" + id + "]";
  }
}
