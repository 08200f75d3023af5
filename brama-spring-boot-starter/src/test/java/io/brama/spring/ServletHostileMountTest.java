package io.brama.spring;

import org.springframework.boot.WebApplicationType;

/** The mounted dashboard against hostile clients on Spring MVC and Tomcat. */
class ServletHostileMountTest extends HostileMountTest {
  @Override
  WebApplicationType type() {
    return WebApplicationType.SERVLET;
  }
}
