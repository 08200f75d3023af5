package io.brama.spring;

import io.brama.GuardedMethod;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.util.ClassUtils;

/**
 * Runs each call of a {@code @CircuitBreaker} bean method through its connection's gate: recorded
 * when admitted, the fallback (on the target bean) or {@code CircuitOpenException} when refused. A
 * {@code Mono} or {@code Flux} result is guarded per subscription (brama-reactor), a Kotlin
 * {@code suspend fun} with the rules of brama-kotlin's {@code callSuspend}.
 */
final class CircuitBreakerInterceptor implements MethodInterceptor {
  private final GuardedMethods guards;

  CircuitBreakerInterceptor(GuardedMethods guards) {
    this.guards = guards;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    if (target == null) {
      return invocation.proceed();
    }
    Class<?> targetClass = AopProxyUtils.ultimateTargetClass(target);
    if (!invocation.getMethod().getDeclaringClass().isAssignableFrom(targetClass)) {
      targetClass = ClassUtils.getUserClass(target); // a proxy behind the proxy: the class matched
    }
    GuardedMethod guard = guards.get(invocation.getMethod(), targetClass);
    if (guard == null) {
      return invocation.proceed();
    }
    return guards.invoke(guard, target, invocation.getArguments(), invocation::proceed);
  }
}
