package io.brama.spring;

import org.springframework.boot.WebApplicationType;

/** The mounted dashboard against hostile clients on Spring WebFlux and Reactor Netty. */
class ReactiveHostileMountTest extends HostileMountTest {
  @Override
  WebApplicationType type() {
    return WebApplicationType.REACTIVE;
  }
}
