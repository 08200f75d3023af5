package io.brama.spring;

import io.brama.Brama;
import io.brama.dashboard.DashboardConfig;
import io.brama.dashboard.MountedDashboard;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The dashboard on the application's own server when {@code brama-dashboard} is on the class path
 * and {@code brama.dashboard.path} is set: the page at {@code <path>/}, its API under {@code
 * <path>/api/}, on Spring MVC or WebFlux, behind whatever security the application configures for
 * that path. No second port is opened. Switches the call counters on (the page plots them) and shows
 * the fleet when the Brama shares its circuits through Redis.
 */
@AutoConfiguration(after = {BramaAutoConfiguration.class, BramaRedisAutoConfiguration.class})
@ConditionalOnClass(name = "io.brama.dashboard.MountedDashboard")
@ConditionalOnProperty(prefix = "brama.dashboard", name = "path")
@ConditionalOnWebApplication
public class BramaDashboardAutoConfiguration {
  /** Handler mappings of the dashboard come before the application's controllers and resources. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  /** Created by Spring Boot's auto-configuration. */
  public BramaDashboardAutoConfiguration() {}

  /**
   * The page plots calls per second, so the Brama the starter builds counts them.
   *
   * @return a customizer that turns call counting on
   */
  @Bean
  public BramaBuilderCustomizer bramaDashboardCountsCalls() {
    return builder -> builder.countCalls(true);
  }

  /**
   * The dashboard, closed with the context.
   *
   * @param brama the Brama to show
   * @param properties the bound properties, read for {@code brama.dashboard.*}
   * @param context where a Redis sharing bean is looked up for the fleet panel
   * @return the mounted dashboard
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(Brama.class)
  public MountedDashboard bramaMountedDashboard(Brama brama, BramaProperties properties,
      ApplicationContext context) {
    DashboardProperties d = properties.getDashboard();
    DashboardConfig.Builder config = DashboardConfig.builder().clock(brama.clock());
    if (d.getToken() != null) {
      config.token(d.getToken()); // without one the page is read-only
    }
    if (d.getMaxEventStreams() != null) {
      config.maxEventStreams(d.getMaxEventStreams());
    }
    if (RedisFleetPanels.available()) {
      RedisFleetPanels.add(config, context);
    }
    return MountedDashboard.create(brama, config.build());
  }

  /**
   * Ends the event streams when the context starts stopping, so that open pages do not hold up the
   * web server's graceful shutdown.
   *
   * @param dashboard the dashboard to close
   * @return the lifecycle that closes it
   */
  @Bean
  public SmartLifecycle bramaDashboardShutdown(MountedDashboard dashboard) {
    return new DashboardShutdown(dashboard);
  }

  /** Spring MVC: a handler mapping for the mount path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
  static class Servlet {
    @Bean
    org.springframework.web.servlet.handler.SimpleUrlHandlerMapping bramaDashboardMapping(
        MountedDashboard dashboard, BramaProperties properties) {
      DashboardMount mount = new DashboardMount(properties.getDashboard().getPath(), dashboard);
      ServletDashboardHandler handler = new ServletDashboardHandler(mount);
      return new org.springframework.web.servlet.handler.SimpleUrlHandlerMapping(
          Map.of(mount.path(), handler, mount.path() + "/**", handler), ORDER);
    }
  }

  /** Spring WebFlux: a handler mapping for the mount path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
  static class Reactive {
    @Bean
    org.springframework.web.reactive.handler.SimpleUrlHandlerMapping bramaDashboardMapping(
        MountedDashboard dashboard, BramaProperties properties) {
      DashboardMount mount = new DashboardMount(properties.getDashboard().getPath(), dashboard);
      WebFluxDashboardHandler handler = new WebFluxDashboardHandler(mount);
      return new org.springframework.web.reactive.handler.SimpleUrlHandlerMapping(
          Map.of(mount.path(), handler, mount.path() + "/**", handler), ORDER);
    }
  }
}
