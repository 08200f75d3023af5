package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.dashboard.MountedDashboard;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * When the dashboard is mounted and when not: {@code brama.dashboard.path} set in an application
 * with no web server (nothing is mounted, start-up succeeds), without {@code brama-dashboard} on the
 * class path, with no token, or beside two Brama beans one of which is primary. (Two Bramas and no
 * primary fail start-up whatever the dashboard does: the starter's other beans need one Brama.)
 */
class DashboardMountConditionsTest {
  private static final AutoConfigurations STARTER = AutoConfigurations.of(
      BramaAutoConfiguration.class, BramaRedisAutoConfiguration.class,
      BramaDashboardAutoConfiguration.class);
  private static final String PATH = "brama.dashboard.path=/ops/brama";

  @Test
  void withoutAWebServerNothingIsMountedAndStartUpSucceeds() {
    new ApplicationContextRunner().withConfiguration(STARTER).withPropertyValues(PATH)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Brama.class)
            .doesNotHaveBean(MountedDashboard.class));
  }

  @Test
  void withoutTheDashboardModuleTheStarterStillStarts() {
    new WebApplicationContextRunner().withConfiguration(STARTER).withPropertyValues(PATH)
        .withClassLoader(new FilteredClassLoader("io.brama.dashboard"))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Brama.class)
            .doesNotHaveBean("bramaDashboardMapping").doesNotHaveBean("bramaDashboardShutdown"));
  }

  @Test
  void mountedOnBothKindsOfWebApplication() {
    new WebApplicationContextRunner().withConfiguration(STARTER).withPropertyValues(PATH)
        .run(context -> assertThat(context).hasSingleBean(MountedDashboard.class)
            .hasBean("bramaDashboardMapping"));
    new ReactiveWebApplicationContextRunner().withConfiguration(STARTER).withPropertyValues(PATH)
        .run(context -> assertThat(context).hasSingleBean(MountedDashboard.class)
            .hasBean("bramaDashboardMapping"));
  }

  @Test
  void withoutATokenThePageIsReadOnly() {
    new WebApplicationContextRunner().withConfiguration(STARTER).withPropertyValues(PATH)
        .run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(MountedDashboard.class));
  }

  /** Two Bramas, one of them primary: the page shows the primary one. */
  @Test
  void twoBramasOneOfThemPrimaryShowThePrimary() {
    new WebApplicationContextRunner().withConfiguration(STARTER).withPropertyValues(PATH)
        .withUserConfiguration(TwoBramas.class, PrimaryBrama.class)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MountedDashboard.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoBramas {
    @Bean(destroyMethod = "close")
    Brama payments() {
      return Brama.builder().build();
    }

    @Bean(destroyMethod = "close")
    Brama orders() {
      return Brama.builder().build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PrimaryBrama {
    @Bean(destroyMethod = "close")
    @Primary
    Brama main() {
      return Brama.builder().build();
    }
  }
}
