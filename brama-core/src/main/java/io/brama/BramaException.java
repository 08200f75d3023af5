package io.brama;

/** The base of Brama's own exceptions. */
public class BramaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public BramaException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public BramaException(String message, Throwable cause) {
    super(message, cause);
  }

  /** For subclasses that skip the stack trace (cheap rejections). */
  protected BramaException(String message, boolean writableStackTrace) {
    super(message, null, false, writableStackTrace);
  }
}
