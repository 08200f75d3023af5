package io.brama;

/** The base of Brama's own exceptions. */
public class BramaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message.
   *
   * @param message the detail message
   */
  public BramaException(String message) {
    super(message);
  }

  /**
   * An exception with a message and a cause.
   *
   * @param message the detail message
   * @param cause the cause
   */
  public BramaException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * For subclasses that skip the stack trace (cheap rejections).
   *
   * @param message the detail message
   * @param writableStackTrace whether to fill in the stack trace
   */
  protected BramaException(String message, boolean writableStackTrace) {
    super(message, null, false, writableStackTrace);
  }
}
