package io.brama;

/**
 * An action without a result that may throw a checked exception of type {@code E}.
 *
 * @param <E> the checked exception the action may throw
 */
@FunctionalInterface
public interface CheckedRunnable<E extends Exception> {
  /**
   * Runs the action.
   *
   * @throws E when the action fails
   */
  void run() throws E;
}
