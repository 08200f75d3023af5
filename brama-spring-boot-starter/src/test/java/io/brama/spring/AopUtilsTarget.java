package io.brama.spring;

import org.springframework.aop.framework.Advised;

/** The object behind a Spring AOP proxy. */
final class AopUtilsTarget {
  private AopUtilsTarget() {}

  static Object of(Object proxy) throws Exception {
    return proxy instanceof Advised advised ? advised.getTargetSource().getTarget() : proxy;
  }
}
