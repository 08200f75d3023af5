package io.brama.spring;

import org.springframework.boot.WebApplicationType;

/** The mounted dashboard on Spring WebFlux and Reactor Netty. */
class ReactiveDashboardMountTest extends DashboardMountTest {
  @Override
  WebApplicationType type() {
    return WebApplicationType.REACTIVE;
  }
}
