package io.brama;

/**
 * What an {@link ErrorHandler} decides a call meant for the connection: a success, a failure (with a
 * reason) or nothing at all ({@link #ignore()}).
 */
public final class Outcome {
  private static final Outcome SUCCESS = new Outcome(Kind.SUCCESS, null);
  private static final Outcome IGNORE = new Outcome(Kind.IGNORE, null);

  /** The three kinds of outcome. */
  public enum Kind {
    /** The connection worked. */
    SUCCESS,
    /** The connection failed. */
    FAILURE,
    /** Says nothing about the connection. */
    IGNORE
  }

  private final Kind kind;
  private final Object reason;

  private Outcome(Kind kind, Object reason) {
    this.kind = kind;
    this.reason = reason;
  }

  /**
   * The call succeeded.
   *
   * @return the success outcome
   */
  public static Outcome success() {
    return SUCCESS;
  }

  /**
   * The call failed; {@code reason} (may be null) becomes the last failure reason.
   *
   * @param reason why the call failed, or null
   * @return a failure outcome
   */
  public static Outcome failure(Object reason) {
    return new Outcome(Kind.FAILURE, reason);
  }

  /**
   * Record nothing (e.g. a validation error that says nothing about the remote system).
   *
   * @return the outcome that records nothing
   */
  public static Outcome ignore() {
    return IGNORE;
  }

  /**
   * Which outcome this is.
   *
   * @return the kind of outcome
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The failure reason; null unless {@link Kind#FAILURE} with a reason.
   *
   * @return the reason, or null
   */
  public Object reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Outcome other && kind == other.kind
        && java.util.Objects.equals(reason, other.reason);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + java.util.Objects.hashCode(reason);
  }

  @Override
  public String toString() {
    return kind == Kind.FAILURE ? "FAILURE(" + reason + ")" : kind.name();
  }
}
