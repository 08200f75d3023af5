package io.brama.spring;

import org.springframework.boot.WebApplicationType;

/** The mounted dashboard on Spring MVC and Tomcat. */
class ServletDashboardMountTest extends DashboardMountTest {
  @Override
  WebApplicationType type() {
    return WebApplicationType.SERVLET;
  }
}
