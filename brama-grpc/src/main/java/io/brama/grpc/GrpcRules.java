package io.brama.grpc;

import io.grpc.Status;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an RPC records: which status codes are failures, whether the server's
 * {@code grpc-retry-pushback-ms} opens the circuit and for at most how long, and how an RPC maps
 * to a connection id. {@code OK} is always a success and {@code CANCELLED} always records nothing
 * (the caller gave up); {@link #failureStatus()} decides every other code. Immutable and
 * thread-safe; {@link #defaults()} or {@link #builder()}.
 */
public final class GrpcRules {
  private static final Set<Status.Code> DEFAULT_FAILURES = EnumSet.of(Status.Code.UNAVAILABLE,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.INTERNAL);
  private static final Predicate<Status.Code> UNAVAILABLE_OR_OVERLOADED = DEFAULT_FAILURES::contains;
  private static final GrpcRules DEFAULTS = new Builder().build();

  private final Predicate<Status.Code> failureStatus;
  private final boolean pushback;
  private final Duration maxPushback;
  private final GrpcConnectionIds connectionIds;

  private GrpcRules(Builder b) {
    this.failureStatus = b.failureStatus;
    this.pushback = b.pushback;
    this.maxPushback = b.maxPushback;
    this.connectionIds = b.connectionIds;
  }

  /**
   * {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED} and
   * {@code INTERNAL} fail, every other code but {@code CANCELLED} succeeds; pushback honoured,
   * capped at 10 minutes; one connection per authority.
   *
   * @return the default rules
   */
  public static GrpcRules defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Which status codes are failures; it is not asked about {@code OK} (a success) nor
   * {@code CANCELLED} (nothing recorded), and any other code it refuses is a success: the server
   * answered.
   *
   * @return the failure test
   */
  public Predicate<Status.Code> failureStatus() {
    return failureStatus;
  }

  /**
   * Whether a positive {@code grpc-retry-pushback-ms} in the trailers of a non-OK call opens the
   * circuit for that long.
   *
   * @return whether pushback is honoured
   */
  public boolean pushback() {
    return pushback;
  }

  /**
   * The longest a pushback opens the circuit; a longer one is cut to this.
   *
   * @return the cap, positive
   */
  public Duration maxPushback() {
    return maxPushback;
  }

  /**
   * How an RPC maps to a connection id.
   *
   * @return the mapping
   */
  public GrpcConnectionIds connectionIds() {
    return connectionIds;
  }

  @Override
  public String toString() {
    return "GrpcRules[failureStatus=" + (failureStatus == UNAVAILABLE_OR_OVERLOADED
        ? DEFAULT_FAILURES : failureStatus) + ", pushback=" + pushback + ", maxPushback="
        + maxPushback + ", connectionIds=" + connectionIds + "]";
  }

  /** Builds {@link GrpcRules}; every setting starts at its default. */
  public static final class Builder {
    private Predicate<Status.Code> failureStatus = UNAVAILABLE_OR_OVERLOADED;
    private boolean pushback = true;
    private Duration maxPushback = Duration.ofMinutes(10);
    private GrpcConnectionIds connectionIds = GrpcConnectionIds.byAuthority();

    private Builder() {}

    /**
     * Which status codes are failures (default: {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED},
     * {@code RESOURCE_EXHAUSTED}, {@code INTERNAL}); the others but {@code OK} and
     * {@code CANCELLED}, which it is never asked about, are successes.
     *
     * @param failureStatus true for a failing code
     * @return this builder
     */
    public Builder failureStatus(Predicate<Status.Code> failureStatus) {
      this.failureStatus = Objects.requireNonNull(failureStatus, "failureStatus must not be null");
      return this;
    }

    /**
     * Whether {@code grpc-retry-pushback-ms} opens the circuit for that long (default true).
     *
     * @param pushback false to classify every call by its status code only
     * @return this builder
     */
    public Builder pushback(boolean pushback) {
      this.pushback = pushback;
      return this;
    }

    /**
     * The longest a pushback opens the circuit (default 10 minutes).
     *
     * @param maxPushback the cap; positive
     * @return this builder
     */
    public Builder maxPushback(Duration maxPushback) {
      Objects.requireNonNull(maxPushback, "maxPushback must not be null");
      if (maxPushback.isNegative() || maxPushback.isZero()) {
        throw new IllegalArgumentException("maxPushback must be > PT0S, was " + maxPushback);
      }
      this.maxPushback = maxPushback;
      return this;
    }

    /**
     * How an RPC maps to a connection id (default {@link GrpcConnectionIds#byAuthority()}).
     *
     * @param connectionIds the mapping
     * @return this builder
     */
    public Builder connectionIds(GrpcConnectionIds connectionIds) {
      this.connectionIds = Objects.requireNonNull(connectionIds, "connectionIds must not be null");
      return this;
    }

    /**
     * The rules set so far.
     *
     * @return immutable rules
     */
    public GrpcRules build() {
      return new GrpcRules(this);
    }
  }
}
