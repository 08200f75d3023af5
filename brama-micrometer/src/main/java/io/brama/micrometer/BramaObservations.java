package io.brama.micrometer;

import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.Outcome;
import io.brama.spi.CallObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs every guarded call of a Brama as a Micrometer {@link Observation} named {@value #NAME}, so
 * that a tracing bridge makes it a span (the child of the current one) and the registry's handlers
 * time it. Register it when building the Brama:
 * <pre>{@code
 * Brama brama = Brama.builder().observer(BramaObservations.of(observationRegistry)).build();
 * }</pre>
 * Low-cardinality key values: {@code brama.connection} (the id), {@code brama.state} ({@code closed},
 * or {@code half_open} for a trial; {@code open} or {@code half_open} for a rejection) and
 * {@code brama.outcome} ({@code success}, {@code failure}, {@code ignored}, {@code rejected}). A
 * failure whose reason is an exception, and every rejection (its {@link CircuitOpenException}),
 * are the observation's error, so a rejected call shows in the trace where the call did not
 * happen. The observation is not put in scope: the call's own spans are its siblings. With a no-op
 * registry nothing is made.
 */
public final class BramaObservations implements CallObserver {
  /** The observations' name. */
  public static final String NAME = "brama.call";
  /** The key of the connection id. */
  public static final String CONNECTION = "brama.connection";
  /** The key of the state the call met. */
  public static final String STATE = "brama.state";
  /** The key of the call's outcome. */
  public static final String OUTCOME = "brama.outcome";

  private final ObservationRegistry registry;

  private BramaObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * Observations in {@code registry}.
   *
   * @param registry where the observations go (its handlers make spans and timers)
   * @return the observer, for {@code Brama.builder().observer(...)}
   * @throws NullPointerException when {@code registry} is null
   */
  public static BramaObservations of(ObservationRegistry registry) {
    return new BramaObservations(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public Call admitted(String connection, CircuitState state) {
    if (registry.isNoop()) {
      return null;
    }
    Observation observation = start(connection, state);
    return (outcome, reason) -> {
      observation.lowCardinalityKeyValue(OUTCOME, switch (outcome) {
        case SUCCESS -> "success";
        case FAILURE -> "failure";
        case IGNORE -> "ignored";
      });
      if (outcome == Outcome.Kind.FAILURE && reason instanceof Throwable error) {
        observation.error(error);
      }
      observation.stop();
    };
  }

  @Override
  public void rejected(String connection, CircuitState state, CircuitOpenException rejection) {
    if (registry.isNoop()) {
      return;
    }
    Observation observation = start(connection, state);
    observation.lowCardinalityKeyValue(OUTCOME, "rejected");
    observation.error(rejection);
    observation.stop();
  }

  private Observation start(String connection, CircuitState state) {
    return Observation.createNotStarted(NAME, registry)
        .contextualName("brama " + connection)
        .lowCardinalityKeyValue(CONNECTION, connection)
        .lowCardinalityKeyValue(STATE, state.name().toLowerCase(Locale.ROOT))
        .start();
  }

  /**
   * {@code BramaObservations[<registry>]}.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "BramaObservations[" + registry + "]";
  }
}
