package io.brama;

/**
 * An action that returns a value and may throw a checked exception of type {@code E}.
 *
 * @param <T> the result type
 * @param <E> the checked exception the action may throw
 */
@FunctionalInterface
public interface CheckedCallable<T, E extends Exception> {
  /**
   * Runs the action.
   *
   * @return the action's result
   * @throws E when the action fails
   */
  T call() throws E;
}
