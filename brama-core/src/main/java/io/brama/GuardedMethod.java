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
   * @throws IllegalStateException when the method {@linkplain #returnsPublisher() returns a
   *     publisher}
   */
  Object invoke(Object target, Object[] args, Invocation invocation) throws Throwable;

  /**
   * Whether the method returns a Reactive Streams {@code Publisher} ({@code Mono}, {@code Flux}):
   * core cannot see such a result complete, so {@link #invoke} refuses it and the framework guards
   * the publisher the method returns (brama-reactor's {@code BramaOperator}, with
   * {@link #errorHandler()} and, on a rejection, {@link #fallback}). The Spring Boot starter does so
   * when brama-reactor is on the class path.
   *
   * @return whether the method returns a publisher
   */
  boolean returnsPublisher();

  /**
   * The error handler the annotation names, {@link ErrorHandler#defaults()} when it names none.
   *
   * @return the method's error handler
   */
  ErrorHandler errorHandler();

  /**
   * Runs the annotation's fallback on {@code target} for a rejected invocation, or throws
   * {@code rejection} when the annotation names none. For a method returning a stage or a
   * publisher, the fallback may return that type or a plain value of its element type, which the
   * framework wraps.
   *
   * @param target the object whose method was invoked (the fallback is looked up on it)
   * @param args the invocation's arguments; they may be null, and so may the array
   * @param rejection why the invocation was refused, passed to a fallback that takes it
   * @return the fallback's result
   * @throws Throwable what the fallback throws, or {@code rejection} when there is none
   */
  Object fallback(Object target, Object[] args, CircuitOpenException rejection) throws Throwable;

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
