package io.brama.micrometer;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.CallCounts;
import io.brama.Circuit;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.Subscription;
import io.brama.UnknownConnectionException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for every connection of a {@link Brama}, following registrations and
 * unregistrations (names in {@link MeterNames}; tags {@code connection}, {@code type},
 * {@code scope}):
 *
 * <ul>
 *   <li>{@code brama.connection.state}: a gauge per state, 1 for the current one, 0 otherwise;
 *   <li>{@code brama.calls}: a function counter per {@code outcome} (success, failure, ignored,
 *       rejected, slow), read from the core's call counters;
 *   <li>{@code brama.transitions}: a counter per {@code from}/{@code to} pair;
 *   <li>{@code brama.connection.failures}: a gauge of the current consecutive failure count.
 * </ul>
 *
 * <p>It subscribes to the lifecycle events only ({@link EventFilter#lifecycle()}; it acts on
 * REGISTERED, UNREGISTERED and STATE_CHANGE), so calls cost nothing beyond the core's counters; the
 * meters of an unregistered connection are removed. The Brama must
 * count calls: {@code Brama.builder().countCalls(true)}.
 */
public final class BramaMetrics implements MeterBinder, AutoCloseable {
  private static final CircuitState[] STATES = CircuitState.values();
  private static final String[] OUTCOMES = {"success", "failure", "ignored", "rejected", "slow"};

  private final Brama brama;
  private final Tags extraTags;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, Bound> bound = new ConcurrentHashMap<>();
  private volatile Subscription subscription;

  /** One connection's meters, across the registries this binder is bound to. */
  private static final class Bound {
    final Circuit circuit;
    final Tags tags;
    final List<Meter> meters = new CopyOnWriteArrayList<>();
    volatile CallCounts last = new CallCounts(0, 0, 0, 0, 0);

    Bound(Circuit circuit, Tags tags) {
      this.circuit = circuit;
      this.tags = tags;
    }

    CallCounts counts() {
      try {
        last = circuit.calls();
      } catch (UnknownConnectionException | IllegalStateException e) {
        // unregistered (or the Brama closed): the meters are about to go; keep the last counts
      }
      return last;
    }

    double state(CircuitState s) {
      try {
        return circuit.state() == s ? 1 : 0;
      } catch (UnknownConnectionException | IllegalStateException e) {
        return Double.NaN;
      }
    }

    double failures() {
      try {
        return circuit.status().failureCount();
      } catch (UnknownConnectionException | IllegalStateException e) {
        return Double.NaN;
      }
    }
  }

  /**
   * Meters for {@code brama}'s connections, with no extra tags.
   *
   * @param brama the Brama to measure; it must count calls
   */
  public BramaMetrics(Brama brama) {
    this(brama, Tags.empty());
  }

  /**
   * Meters for {@code brama}'s connections, each also tagged with {@code tags}.
   *
   * @param brama the Brama to measure; it must count calls
   * @param tags tags added to every meter
   * @throws IllegalArgumentException when {@code brama} does not count calls
   */
  public BramaMetrics(Brama brama, Iterable<Tag> tags) {
    this.brama = Objects.requireNonNull(brama, "brama must not be null");
    this.extraTags = Tags.of(Objects.requireNonNull(tags, "tags must not be null"));
    if (!brama.countsCalls()) {
      throw new IllegalArgumentException("BramaMetrics needs a Brama that counts calls: build it "
          + "with Brama.builder().countCalls(true)");
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    synchronized (this) { // binding is rare and never on a call's path
      if (subscription == null) {
        subscription = brama.subscribe(EventFilter.lifecycle(), this::onEvent);
      }
      registries.add(registry);
      for (Bound b : bound.values()) {
        register(b, registry);
      }
    }
    for (ConnectionStatus s : brama.statuses()) {
      bind(s.id());
    }
  }

  private void onEvent(BramaEvent e) {
    switch (e.type()) {
      case REGISTERED -> bind(e.connection());
      case UNREGISTERED -> {
        unbind(e.connection());
        bind(e.connection()); // registered again meanwhile (its REGISTERED may have come first)
      }
      case STATE_CHANGE -> transition(e);
      default -> { }
    }
  }

  private void bind(String id) {
    Circuit circuit;
    try {
      circuit = brama.circuit(id);
    } catch (UnknownConnectionException | IllegalStateException e) {
      return;
    }
    Bound fresh = new Bound(circuit, Tags.of(MeterNames.CONNECTION, id,
        MeterNames.TYPE, orNone(circuit.type()), MeterNames.SCOPE, orNone(circuit.scope()))
        .and(extraTags));
    synchronized (this) {
      Bound existing = bound.get(id);
      if (existing != null && existing.circuit == circuit) {
        return;
      }
      if (existing != null) {
        remove(existing);
      }
      bound.put(id, fresh);
      for (MeterRegistry registry : registries) {
        register(fresh, registry);
      }
    }
    if (!brama.isRegistered(id)) {
      unbind(id); // unregistered while we bound it: its UNREGISTERED may have come first
    }
  }

  private synchronized void unbind(String id) {
    Bound b = bound.get(id);
    if (b != null && !isCurrent(id, b)) {
      bound.remove(id);
      remove(b);
    }
  }

  private boolean isCurrent(String id, Bound b) {
    try {
      return brama.circuit(id) == b.circuit;
    } catch (UnknownConnectionException | IllegalStateException e) {
      return false;
    }
  }

  private void register(Bound b, MeterRegistry registry) {
    for (CircuitState s : STATES) {
      b.meters.add(Gauge.builder(MeterNames.STATE, b, x -> x.state(s))
          .tags(b.tags).tag(MeterNames.STATE_TAG, name(s))
          .description("1 when the connection's circuit is in this state, else 0")
          .strongReference(true).register(registry));
    }
    for (int i = 0; i < OUTCOMES.length; i++) {
      ToDoubleFunction<Bound> count = countOf(i);
      b.meters.add(FunctionCounter.builder(MeterNames.CALLS, b, count)
          .tags(b.tags).tag(MeterNames.OUTCOME, OUTCOMES[i])
          .description("calls through the connection, by outcome").register(registry));
    }
    b.meters.add(Gauge.builder(MeterNames.FAILURES, b, Bound::failures).tags(b.tags)
        .description("the current consecutive failure count (0 outside CLOSED)")
        .strongReference(true).register(registry));
  }

  private static ToDoubleFunction<Bound> countOf(int outcome) {
    return b -> {
      CallCounts c = b.counts();
      return switch (outcome) {
        case 0 -> c.successes();
        case 1 -> c.failures();
        case 2 -> c.ignored();
        case 3 -> c.rejected();
        default -> c.slow();
      };
    };
  }

  private void transition(BramaEvent e) {
    Bound b = bound.get(e.connection());
    if (b == null || e.previousState() == null || e.newState() == null) {
      return;
    }
    for (MeterRegistry registry : registries) {
      Counter c = Counter.builder(MeterNames.TRANSITIONS).tags(b.tags)
          .tag(MeterNames.FROM, name(e.previousState())).tag(MeterNames.TO, name(e.newState()))
          .description("state changes of the connection's circuit").register(registry);
      if (!b.meters.contains(c)) {
        b.meters.add(c);
      }
      c.increment();
    }
  }

  private void remove(Bound b) {
    List<Meter> meters = new ArrayList<>(b.meters);
    b.meters.clear();
    for (MeterRegistry registry : registries) {
      for (Meter m : meters) {
        registry.remove(m);
      }
    }
  }

  private static String name(CircuitState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private static String orNone(String value) {
    return value == null || value.isEmpty() ? MeterNames.NONE : value;
  }

  /** Stops following the Brama and removes every meter this binder registered. */
  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
    }
    for (Bound b : bound.values()) {
      remove(b);
    }
    bound.clear();
  }
}
