package io.brama.model;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Plain descriptions of configurations. Each one builds the implementation's object and, separately,
 * the reference model's view of it, so that a generated test step can be replayed (and shrunk)
 * without sharing mutable state between runs.
 */
final class Specs {
  private Specs() {}

  /** Readable durations in action descriptions: "PT1S". */
  static String d(Duration d) {
    return String.valueOf(d);
  }

  // ------------------------------------------------------------------ failure policies

  /** A failure policy, as the README describes it. */
  sealed interface PolicySpec {
    FailurePolicy build();
  }

  record Consecutive(int maxAttempts) implements PolicySpec {
    @Override
    public FailurePolicy build() {
      return FailurePolicy.consecutive(maxAttempts);
    }

    @Override
    public String toString() {
      return "consecutive(" + maxAttempts + ")";
    }
  }

  record Rate(double percent, int size, int minimumCalls) implements PolicySpec {
    @Override
    public FailurePolicy build() {
      return FailurePolicy.rate(percent, size, minimumCalls);
    }

    @Override
    public String toString() {
      return "rate(" + percent + "%, last " + size + ", min " + minimumCalls + ")";
    }
  }

  record TimedRate(double percent, Duration window, int minimumCalls) implements PolicySpec {
    @Override
    public FailurePolicy build() {
      return FailurePolicy.timedRate(percent, window, minimumCalls);
    }

    @Override
    public String toString() {
      return "timedRate(" + percent + "%, " + d(window) + ", min " + minimumCalls + ")";
    }
  }

  // ------------------------------------------------------------------ expiry strategies

  /**
   * The model's view of an expiry strategy: the n-th consecutive open's duration, or null when the
   * user's strategy gives an invalid answer (null, non-positive, or throws).
   */
  interface ModelStrategy {
    Duration expiryAfter(int consecutiveOpens);
  }

  /** An expiry strategy: {@link #impl()} and {@link #model()} build independent copies. */
  sealed interface StrategySpec {
    ExpiryStrategy impl();

    ModelStrategy model();
  }

  record Fixed(Duration expiry) implements StrategySpec {
    @Override
    public ExpiryStrategy impl() {
      return ExpiryStrategy.fixed(expiry);
    }

    @Override
    public ModelStrategy model() {
      return n -> expiry;
    }

    @Override
    public String toString() {
      return "fixed(" + d(expiry) + ")";
    }
  }

  /**
   * min(max, initial * factor^(n-1)). Test values are chosen so that the product is a whole number
   * of nanoseconds (or capped) for every n, so no rounding rule is involved.
   */
  record Progressive(Duration initial, Duration max, double factor) implements StrategySpec {
    @Override
    public ExpiryStrategy impl() {
      return ExpiryStrategy.progressive(initial, max, factor);
    }

    @Override
    public ModelStrategy model() {
      return n -> {
        double nanos = initial.toNanos() * Math.pow(factor, n - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos(Math.round(nanos));
      };
    }

    @Override
    public String toString() {
      return "progressive(" + d(initial) + ", " + d(max) + ", " + factor + ")";
    }
  }

  /**
   * base.withJitter(fraction, random): duration * (1 + fraction * (2u - 1)), u = random.nextDouble(),
   * rounded to nanos, never below 1 ms. The random source is either a stub returning the given values
   * in a cycle, or a SplittableRandom with the given seed (the model draws from its own copy).
   */
  record Jittered(StrategySpec base, double fraction, double[] us, long seed) implements StrategySpec {
    static Jittered stub(StrategySpec base, double fraction, double... us) {
      return new Jittered(base, fraction, us, 0);
    }

    static Jittered seeded(StrategySpec base, double fraction, long seed) {
      return new Jittered(base, fraction, null, seed);
    }

    RandomGenerator random() {
      return us == null ? new SplittableRandom(seed) : new CycleRandom(us);
    }

    @Override
    public ExpiryStrategy impl() {
      return base.impl().withJitter(fraction, random());
    }

    @Override
    public ModelStrategy model() {
      ModelStrategy b = base.model();
      RandomGenerator r = random();
      return n -> {
        Duration bd = b.expiryAfter(n);
        double u = r.nextDouble();
        long nanos = Math.round(bd.toNanos() * (1 + fraction * (2 * u - 1)));
        return Duration.ofNanos(Math.max(nanos, 1_000_000L));
      };
    }

    @Override
    public String toString() {
      return base + ".withJitter(" + fraction + ", "
          + (us == null ? "seed " + seed : "u=" + Arrays.toString(us)) + ")";
    }
  }

  /** A RandomGenerator whose nextDouble() cycles through fixed values; nothing else is allowed. */
  static final class CycleRandom implements RandomGenerator {
    private final double[] values;
    private int next;

    CycleRandom(double[] values) {
      this.values = values.clone();
    }

    @Override
    public double nextDouble() {
      double v = values[next];
      next = (next + 1) % values.length;
      return v;
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("the jitter must draw with nextDouble()");
    }
  }

  /** How a misbehaving user strategy answers from the {@code from}-th consecutive open on. */
  enum Misbehaviour { NULL, ZERO, NEGATIVE, THROWS }

  /**
   * A user strategy answering {@code good} for n below {@code from} and misbehaving from then on
   * (the README: logged at ERROR, the connection's last valid expiry is used).
   */
  record Bad(Duration good, int from, Misbehaviour how) implements StrategySpec {
    @Override
    public ExpiryStrategy impl() {
      Duration g = good;
      int f = from;
      Misbehaviour h = how;
      return new ExpiryStrategy() {
        @Override
        public Duration expiryAfter(int n) {
          if (n < f) {
            return g;
          }
          return switch (h) {
            case NULL -> null;
            case ZERO -> Duration.ZERO;
            case NEGATIVE -> Duration.ofSeconds(-5);
            case THROWS -> throw new IllegalStateException("strategy blew up (deliberately)");
          };
        }

        @Override
        public String toString() {
          return Bad.this.toString();
        }
      };
    }

    @Override
    public ModelStrategy model() {
      return n -> n < from ? good : null;
    }

    @Override
    public String toString() {
      return "bad(" + d(good) + " until open " + from + ", then " + how + ")";
    }
  }

  // ------------------------------------------------------------------ configurations

  /** slowCall(threshold, percent). */
  record SlowCall(Duration threshold, double percent) {
    @Override
    public String toString() {
      return "slowCall(" + d(threshold) + ", " + percent + "%)";
    }
  }

  /**
   * A ConnectionConfig (every field optional), or with {@code global} the BramaConfig defaults: then
   * unset fields take BramaConfig.defaults().
   */
  record ConfigSpec(PolicySpec policy, StrategySpec strategy, boolean expiryShorthand,
      Integer halfOpenTrials, SlowCall slowCall, List<Class<? extends Throwable>> record,
      List<Class<? extends Throwable>> ignore, Duration callTimeout) {

    static final ConfigSpec EMPTY = new ConfigSpec(null, null, false, null, null, null, null, null);

    boolean invalidAlone() {
      return policy instanceof Consecutive && slowCall != null;
    }

    /** The ConnectionConfig, with the given implementation strategy (built once per use). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConnectionConfig build(ExpiryStrategy implStrategy) {
      ConnectionConfig.Builder b = ConnectionConfig.builder();
      if (policy instanceof Consecutive c && expiryShorthand) {
        b.maxAttempts(c.maxAttempts());
      } else if (policy != null) {
        b.failurePolicy(policy.build());
      }
      if (strategy != null) {
        if (expiryShorthand && strategy instanceof Fixed f) {
          b.expiry(f.expiry());
        } else {
          b.expiryStrategy(implStrategy);
        }
      }
      if (halfOpenTrials != null) {
        b.halfOpenTrials(halfOpenTrials);
      }
      if (slowCall != null) {
        b.slowCall(slowCall.threshold(), slowCall.percent());
      }
      if (record != null) {
        b.recordExceptions(record.toArray(new Class[0]));
      }
      if (ignore != null) {
        b.ignoreExceptions(ignore.toArray(new Class[0]));
      }
      if (callTimeout != null) {
        b.callTimeout(callTimeout);
      }
      return b.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    BramaConfig buildGlobal(ExpiryStrategy implStrategy, Duration cleanupInterval) {
      BramaConfig.Builder b = BramaConfig.builder().cleanupInterval(cleanupInterval);
      if (policy != null) {
        b.failurePolicy(policy.build());
      }
      if (strategy != null) {
        b.expiryStrategy(implStrategy);
      }
      if (halfOpenTrials != null) {
        b.halfOpenTrials(halfOpenTrials);
      }
      if (slowCall != null) {
        b.slowCall(slowCall.threshold(), slowCall.percent());
      }
      if (record != null) {
        b.recordExceptions(record.toArray(new Class[0]));
      }
      if (ignore != null) {
        b.ignoreExceptions(ignore.toArray(new Class[0]));
      }
      if (callTimeout != null) {
        b.callTimeout(callTimeout);
      }
      return b.build();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{");
      String sep = "";
      if (policy != null) {
        sb.append(sep).append(expiryShorthand && policy instanceof Consecutive c
            ? "maxAttempts=" + c.maxAttempts() : "policy=" + policy);
        sep = ", ";
      }
      if (strategy != null) {
        sb.append(sep).append(expiryShorthand && strategy instanceof Fixed f
            ? "expiry=" + d(f.expiry()) : "strategy=" + strategy);
        sep = ", ";
      }
      if (halfOpenTrials != null) {
        sb.append(sep).append("halfOpenTrials=").append(halfOpenTrials);
        sep = ", ";
      }
      if (slowCall != null) {
        sb.append(sep).append(slowCall);
        sep = ", ";
      }
      if (record != null) {
        sb.append(sep).append("record=").append(names(record));
        sep = ", ";
      }
      if (ignore != null) {
        sb.append(sep).append("ignore=").append(names(ignore));
        sep = ", ";
      }
      if (callTimeout != null) {
        sb.append(sep).append("callTimeout=").append(d(callTimeout));
      }
      return sb.append('}').toString();
    }
  }

  static String names(List<Class<? extends Throwable>> types) {
    return types.stream().map(Class::getSimpleName).collect(Collectors.joining(",", "[", "]"));
  }

  /** A registration: type, scope, metadata and overrides. */
  record RegSpec(String type, String scope, boolean metadata, ConfigSpec config) {
    static final RegSpec PLAIN = new RegSpec(null, null, false, ConfigSpec.EMPTY);

    @Override
    public String toString() {
      return (type == null ? "" : "type=" + type + " ") + (scope == null ? "" : "scope=" + scope + " ")
          + (metadata ? "meta " : "") + config;
    }
  }
}
