package io.brama;

import io.brama.internal.DecoratedMethod;

/**
 * One {@link CircuitBreaker}-annotated method, resolved by {@link Brama#guard} for a framework that
 * intercepts calls itself (Spring AOP, CDI interceptors, a byte-code agent). Everything was checked
 * when it was resolved; each invocation goes through the connection's gate exactly as a method of a
 * {@link Brama#decorate decorated} interface does. Thread-safe.
 */
public sealed interface GuardedMethod permits DecoratedMethod {
  /**
   * The connection id that the annotation names.
   *
   * @return the connection's id
   */
  String id();

  /**
   * Runs one invocation through the gate: when admitted, {@code invocation} runs and its outcome is
   * recorded (for a {@code CompletionStage} result, when the stage completes); when refused, the
   * fallback on {@code target} is called with {@code args}, or {@link CircuitOpenException} thrown.
   *
   * @param target the object whose method is invoked (the fallback is looked up on it)
   * @param args the invocation's arguments, passed on to the fallback; they may be null, and so
   *     may the array (no arguments)
   * @param invocation proceeds with the real method; whatever it throws propagates unchanged
   * @return the method's result, or the fallback's when refused
   * @throws Throwable what the method or the fallback throws, or {@link CircuitOpenException} when
   *     refused without a fallback
   */
  Object invoke(Object target, Object[] args, Invocation invocation) throws Throwable;

  /** The intercepted method itself, as the framework proceeds with it. */
  @FunctionalInterface
  interface Invocation {
    /**
     * Runs the method and returns its result.
     *
     * @return the method's result
     * @throws Throwable what the method throws
     */
    Object proceed() throws Throwable;
  }
}
