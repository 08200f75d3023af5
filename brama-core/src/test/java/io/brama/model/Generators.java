package io.brama.model;

import io.brama.EventType;
import io.brama.model.Harness.Globals;
import io.brama.model.Op.AdvanceTarget;
import io.brama.model.Op.Behaviour;
import io.brama.model.Op.Look;
import io.brama.model.ReferenceModel.Kind;
import io.brama.model.Specs.Bad;
import io.brama.model.Specs.ConfigSpec;
import io.brama.model.Specs.Consecutive;
import io.brama.model.Specs.Fixed;
import io.brama.model.Specs.Jittered;
import io.brama.model.Specs.Misbehaviour;
import io.brama.model.Specs.PolicySpec;
import io.brama.model.Specs.Progressive;
import io.brama.model.Specs.Rate;
import io.brama.model.Specs.RegSpec;
import io.brama.model.Specs.SlowCall;
import io.brama.model.Specs.StrategySpec;
import io.brama.model.Specs.TimedRate;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/** jqwik arbitraries for the model-based test: configurations and steps. */
final class Generators {
  private Generators() {}

  static final int MAX_STEPS = 60;

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  static Arbitrary<String> ids() {
    return Arbitraries.frequency(Tuple.of(6, "a"), Tuple.of(3, "b"), Tuple.of(1, "c"));
  }

  static Arbitrary<String> reasons() {
    return Arbitraries.integers().between(0, 9).map(i -> "reason-" + i);
  }

  // ---- configuration

  static Arbitrary<PolicySpec> policies() {
    Arbitrary<PolicySpec> consecutive = Arbitraries.integers().between(1, 5).map(Consecutive::new);
    Arbitrary<Double> percents = Arbitraries.of(25.0, 50.0, 100.0, 33.3, 60.0);
    Arbitrary<PolicySpec> rate = Combinators.combine(percents,
            Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 6))
        .as((p, size, min) -> new Rate(p, size, Math.min(size, min)));
    Arbitrary<PolicySpec> timed = Combinators.combine(percents,
            Arbitraries.of(ms(10), ms(100), ms(1000), ms(10_000), ms(60_000)),
            Arbitraries.integers().between(1, 4))
        .as(TimedRate::new);
    // A few common values, so that a configure often repeats the current policy.
    Arbitrary<PolicySpec> common = Arbitraries.of(new Consecutive(2), new Rate(50.0, 4, 2),
        new TimedRate(50.0, ms(1000), 2));
    return Arbitraries.frequencyOf(Tuple.of(3, consecutive), Tuple.of(2, rate), Tuple.of(2, timed),
        Tuple.of(3, common));
  }

  /** Fixed and progressive values whose products are whole nanoseconds (or capped). */
  static Arbitrary<StrategySpec> plainStrategies() {
    Arbitrary<StrategySpec> fixed = Arbitraries.of(ms(1), ms(10), ms(100), ms(1000), ms(5000),
        ms(60_000)).map(Fixed::new);
    Arbitrary<StrategySpec> progressive = Arbitraries.of(
        new Progressive(ms(1000), ms(8000), 2.0),
        new Progressive(ms(100), ms(1000), 3.0),
        new Progressive(ms(1000), ms(10_000), 1.5),
        new Progressive(ms(10), ms(10), 1.0),
        new Progressive(ms(5000), ms(300_000), 2.0),
        new Progressive(ms(1), ms(3_600_000), 2.0));
    return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(2, progressive));
  }

  static Arbitrary<StrategySpec> strategies() {
    Arbitrary<double[]> us = Arbitraries.of(0.0, 0.25, 0.5, 0.75, 0.875).array(double[].class)
        .ofMinSize(1).ofMaxSize(3);
    Arbitrary<StrategySpec> stub = Combinators.combine(plainStrategies(),
            Arbitraries.of(0.0, 0.25, 0.5, 0.75), us)
        .as((b, f, u) -> Jittered.stub(b, f, u));
    Arbitrary<StrategySpec> seeded = Combinators.combine(plainStrategies(),
            Arbitraries.of(0.1, 0.2, 0.5), Arbitraries.longs().between(1, 1000))
        .as(Jittered::seeded);
    Arbitrary<StrategySpec> bad = Combinators.combine(Arbitraries.of(ms(10), ms(1000)),
            Arbitraries.integers().between(1, 3), Arbitraries.of(Misbehaviour.class))
        .as(Bad::new);
    return Arbitraries.frequencyOf(Tuple.of(6, plainStrategies()), Tuple.of(2, stub),
        Tuple.of(1, seeded), Tuple.of(1, bad));
  }

  static Arbitrary<SlowCall> slowCalls() {
    return Combinators.combine(Arbitraries.of(ms(1), ms(100), ms(1000)),
        Arbitraries.of(30.0, 50.0, 66.7, 100.0)).as(SlowCall::new);
  }

  @SuppressWarnings("unchecked")
  static Arbitrary<List<Class<? extends Throwable>>> exceptionTypes() {
    return Arbitraries.<Class<? extends Throwable>>of(RuntimeException.class,
            IllegalArgumentException.class, IllegalStateException.class, IOException.class)
        .list().uniqueElements().ofMaxSize(2);
  }

  /** A ConnectionConfig: each field set with probability {@code p}. */
  static Arbitrary<ConfigSpec> configs(double p) {
    double n = 1 - p;
    return Combinators.combine(
            policies().injectNull(n), strategies().injectNull(n),
            Arbitraries.integers().between(1, 3).injectNull(n), slowCalls().injectNull(n),
            exceptionTypes().injectNull(n), exceptionTypes().injectNull(n),
            Arbitraries.of(ms(1000), ms(30_000)).injectNull(n), Arbitraries.of(true, false))
        .as((policy, strategy, trials, slow, record, ignore, timeout, shorthand) -> {
          ConfigSpec c = new ConfigSpec(policy, strategy, shorthand, trials, slow, record, ignore,
              timeout);
          return c.invalidAlone() ? new ConfigSpec(policy, strategy, shorthand, trials, null,
              record, ignore, timeout) : c;
        });
  }

  /** Global defaults: slow calls often, when the policy is a rate policy. */
  static Arbitrary<ConfigSpec> globalConfigs() {
    // The policy is nearly always set (the default, 10 in a row, rarely opens in 60 steps).
    return Combinators.combine(configs(0.5), policies().injectNull(0.05),
            strategies().injectNull(0.2), slowCalls().injectNull(0.4))
        .as((c, policy, strategy, slow) -> policy instanceof Rate || policy instanceof TimedRate
            ? new ConfigSpec(policy, strategy, false, c.halfOpenTrials(), slow, c.record(),
                c.ignore(), c.callTimeout())
            : new ConfigSpec(policy, strategy, false, c.halfOpenTrials(), null, c.record(),
                c.ignore(), c.callTimeout()));
  }

  static Arbitrary<RegSpec> registrations() {
    return Combinators.combine(Arbitraries.of("http", "db").injectNull(0.5),
            Arbitraries.of("payments").injectNull(0.5), Arbitraries.of(true, false),
            Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(ConfigSpec.EMPTY)),
                Tuple.of(1, configs(0.3))))
        .as(RegSpec::new);
  }

  static Arbitrary<Globals> globals() {
    Arbitrary<Set<EventType>> subscribed = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(EnumSet.allOf(EventType.class))),
        Tuple.of(1, Arbitraries.subsetOf(EventType.values()).ofMinSize(1)));
    return Combinators.combine(globalConfigs(), registrations(), registrations(), subscribed,
            Arbitraries.of(true, false))
        .as(Globals::new);
  }

  // ---- steps

  static Arbitrary<Duration> elapsed() {
    return Arbitraries.of(ms(0), ms(1), ms(2), ms(100), ms(101), ms(1000), ms(1001), ms(5000));
  }

  static Arbitrary<Op> advances() {
    Arbitrary<Op> by = Arbitraries.frequency(
        Tuple.of(2, ms(0)), Tuple.of(1, Duration.ofNanos(1)), Tuple.of(4, ms(1)), Tuple.of(2, ms(5)), Tuple.of(2, ms(10)),
        Tuple.of(2, ms(100)), Tuple.of(1, ms(999)), Tuple.of(3, ms(1000)), Tuple.of(2, ms(5000)),
        Tuple.of(2, ms(30_000)), Tuple.of(2, ms(60_000)), Tuple.of(1, Duration.ofHours(1)),
        Tuple.of(1, Duration.ofDays(1)), Tuple.of(1, Duration.ofDays(30))).map(Op.Advance::by);
    Arbitrary<Op> to = Combinators.combine(
            Arbitraries.of(AdvanceTarget.TO_EXPIRY, AdvanceTarget.TO_TRIAL_DEADLINE,
                AdvanceTarget.TO_NEWEST_PERMIT_DEADLINE), ids(),
            Arbitraries.frequency(Tuple.of(1, ms(-1)), Tuple.of(1, Duration.ofNanos(-1)),
                Tuple.of(3, ms(0)), Tuple.of(1, ms(1))))
        .as((t, id, off) -> new Op.Advance(t, null,
            t == AdvanceTarget.TO_NEWEST_PERMIT_DEADLINE ? null : id, off));
    return Arbitraries.frequencyOf(Tuple.of(3, by), Tuple.of(3, to));
  }

  static Arbitrary<Op> ops() {
    Arbitrary<Boolean> handle = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
    Arbitrary<Op> register = Combinators.combine(ids(), registrations(),
            Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)))
        .as(Op.Register::new);
    Arbitrary<Op> unregister = ids().map(Op.Unregister::new);
    Arbitrary<Op> available = Combinators.combine(ids(), handle).as(Op.Available::new);
    Arbitrary<Op> acquire = Combinators.combine(ids(), handle).as(Op.TryAcquire::new);
    Arbitrary<Op> complete = Combinators.combine(
            Arbitraries.integers().between(0, 5).withDistribution(RandomDistribution.biased()),
            Arbitraries.frequency(Tuple.of(4, Kind.SUCCESS), Tuple.of(5, Kind.FAILURE),
                Tuple.of(2, Kind.IGNORE)),
            reasons(), elapsed().injectNull(0.5),
            Arbitraries.of(ms(-1), ms(0), ms(1)).injectNull(0.85))
        .as((back, kind, reason, e, at) -> new Op.Complete(back, kind,
            kind == Kind.FAILURE ? reason : null, kind == Kind.IGNORE ? null : e, at));
    Arbitrary<Op> report = Combinators.combine(ids(),
            Arbitraries.frequency(Tuple.of(4, Kind.SUCCESS), Tuple.of(6, Kind.FAILURE)),
            Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)), reasons(), handle)
        .as((id, kind, with, reason, h) -> new Op.Report(id, kind, kind == Kind.FAILURE && with,
            kind == Kind.FAILURE && with ? reason : null, h));
    Arbitrary<Op> configure = Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(ids(), configs(0.35)).as(Op.Configure::new)),
        Tuple.of(1, Combinators.combine(ids(), policies(), Arbitraries.of(true, false))
            .as((id, policy, shorthand) -> new Op.Configure(id, new ConfigSpec(policy, null,
                shorthand, null, null, null, null, null)))));
    Arbitrary<Op> open = Combinators.combine(ids(), Arbitraries.of(true, false),
            reasons().injectNull(0.2),
            Arbitraries.of(ms(1), ms(100), ms(1000), ms(30_000)).injectNull(0.6))
        .as((id, with, reason, dur) -> new Op.Open(id, with || dur != null,
            with || dur != null ? reason : null, dur));
    Arbitrary<Op> reset = Combinators.combine(ids(), Arbitraries.of(true, false), reasons())
        .as((id, with, reason) -> new Op.Reset(id, with, with ? reason : null));
    Arbitrary<Op> observe = Combinators.combine(ids(), Arbitraries.frequency(
            Tuple.of(3, Look.STATUS), Tuple.of(1, Look.HANDLE_STATUS), Tuple.of(2, Look.STATE), Tuple.of(1, Look.STATUSES),
            Tuple.of(1, Look.IS_REGISTERED), Tuple.of(1, Look.CIRCUIT)))
        .as(Op.Observe::new);
    Arbitrary<Op> call = Combinators.combine(ids(),
            Arbitraries.frequency(Tuple.of(3, Behaviour.RETURN), Tuple.of(2, Behaviour.THROW_IAE),
                Tuple.of(1, Behaviour.THROW_ISE), Tuple.of(1, Behaviour.THROW_IO)),
            Arbitraries.frequency(Tuple.of(4, ms(0)), Tuple.of(1, ms(1)), Tuple.of(1, ms(2)),
                Tuple.of(1, ms(100)), Tuple.of(1, ms(101)), Tuple.of(1, ms(1000)),
                Tuple.of(1, ms(1001)), Tuple.of(1, ms(5000)), Tuple.of(1, ms(60_000))),
            Arbitraries.frequency(Tuple.of(6, Op.Route.CALL), Tuple.of(2, Op.Route.HANDLE),
                Tuple.of(1, Op.Route.RUN), Tuple.of(1, Op.Route.FALLBACK),
                Tuple.of(1, Op.Route.HANDLER_IGNORE), Tuple.of(1, Op.Route.HANDLER_THROWS),
                Tuple.of(1, Op.Route.HANDLER_NULL), Tuple.of(1, Op.Route.HANDLER_FLIP)))
        .as(Op.Call::new);
    Arbitrary<Op> ask = Arbitraries.integers().between(0, 5)
        .withDistribution(RandomDistribution.biased()).map(Op.AskRetryAfter::new);
    return Arbitraries.frequencyOf(
        Tuple.of(4, ids().map(Op.Probe::new)), Tuple.of(2, ask), Tuple.of(3, register), Tuple.of(2, unregister), Tuple.of(6, available),
        Tuple.of(8, acquire), Tuple.of(12, complete), Tuple.of(12, report), Tuple.of(3, configure),
        Tuple.of(3, open), Tuple.of(2, reset), Tuple.of(14, advances()), Tuple.of(4, observe),
        Tuple.of(6, call));
  }

  static Arbitrary<List<Op>> sequences() {
    return ops().list().ofMinSize(1).ofMaxSize(MAX_STEPS)
        .withSizeDistribution(RandomDistribution.uniform());
  }
}
