package io.brama.reactor;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.Permit;
import java.util.Objects;
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
 * @param <T> the type of the guarded elements
 */
public final class BramaOperator<T> implements UnaryOperator<Publisher<T>> {
  private final Circuit circuit;
  private final Brama brama;
  private final String id;

  private BramaOperator(Circuit circuit, Brama brama, String id) {
    this.circuit = circuit;
    this.brama = brama;
    this.id = id;
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
    return new BramaOperator<>(circuit, null, circuit.id());
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
    return new BramaOperator<>(null, brama, id);
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
