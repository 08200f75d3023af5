package io.brama;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a method of an interface through a circuit: {@link Brama#decorate(Class, Object)} returns a
 * proxy on which each annotated method goes through {@link Brama#call} (or
 * {@link Brama#callAsync} when it returns a {@code CompletionStage}/{@code CompletableFuture}).
 *
 * <pre>{@code
 * interface PaymentService {
 *   @CircuitBreaker(identifier = "payment_api") Receipt processPayment(Payment p) throws IOException;
 * }
 * PaymentService service = brama.decorate(PaymentService.class, new HttpPaymentService());
 * }</pre>
 *
 * <p>On an interface, it covers the interface's abstract methods (not its default methods). Everything
 * is checked when {@code decorate} is called, never at the first failure.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Documented
public @interface CircuitBreaker {
  /**
   * The connection id; set exactly one of {@code value} and {@link #identifier()}.
   *
   * @return the connection id, or empty when {@link #identifier()} is set
   */
  String value() default "";

  /**
   * The connection id, as the original library spells it; exclusive with {@link #value()}.
   *
   * @return the connection id, or empty when {@link #value()} is set
   */
  String identifier() default "";

  /**
   * Classifies the method's outcome; needs an accessible no-arg constructor (one instance per method).
   * {@code ErrorHandler.class} means {@link ErrorHandler#defaults()}.
   *
   * @return the error handler's class
   */
  Class<? extends ErrorHandler> errorHandler() default ErrorHandler.class;

  /**
   * The name of a method on the target called instead when the circuit rejects the call (never when
   * the call itself fails). Its parameters are the method's, optionally followed by a
   * {@code Throwable} (or {@code CircuitOpenException}) parameter receiving the rejection; its return
   * type must be assignable to the method's (async methods: a value or a stage).
   *
   * @return the fallback method's name, or empty for none
   */
  String fallback() default "";

  /**
   * The connection type, used when the id is registered by {@code decorate}.
   *
   * @return the connection type, or empty for none
   */
  String type() default "";

  /**
   * The connection scope, used when the id is registered by {@code decorate}.
   *
   * @return the connection scope, or empty for none
   */
  String scope() default "";
}
