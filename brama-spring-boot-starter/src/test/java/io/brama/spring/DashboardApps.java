package io.brama.spring;

import static org.springframework.security.config.Customizer.withDefaults;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Real applications with the dashboard mounted at {@code /ops/brama}, on Tomcat (Spring MVC) or
 * Reactor Netty (WebFlux), each behind Spring Security as an operator would set it up: everything
 * under {@code /ops} needs a signed-in user, except the dashboard's two write endpoints, which the
 * dashboard guards with its own bearer token (so they carry no CSRF token either).
 */
final class DashboardApps {
  static final String USER = "operator";
  static final String PASSWORD = "s3cret-password";
  static final String TOKEN = "dashboard-token";
  static final String WRITES = "/ops/brama/api/connections/*/*";

  private DashboardApps() {}

  /** Starts an application of {@code type} on a free port with {@code properties} added. */
  static ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
    return start(type, new Class<?>[0], properties);
  }

  /** Starts an application of {@code type} with {@code sources} (configurations) added. */
  static ConfigurableApplicationContext start(WebApplicationType type, Class<?>[] sources,
      String... properties) {
    Class<?> app = type == WebApplicationType.SERVLET ? ServletApp.class : ReactiveApp.class;
    return new SpringApplicationBuilder(app).sources(sources).web(type)
        .properties("server.port=0", "server.address=127.0.0.1",
            "brama.dashboard.path=/ops/brama", "brama.dashboard.token=" + TOKEN,
            "brama.connections.[payment_api].type=http", "brama.max-attempts=2",
            "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=health")
        .properties(properties)
        .run();
  }

  /**
   * Starts an application of {@code type} with Spring Security's defaults (no chain of its own:
   * every request needs a user, who signs in with the generated form or HTTP Basic) and the
   * operator as its one user.
   */
  static ConfigurableApplicationContext startWithDefaultSecurity(WebApplicationType type) {
    return new SpringApplicationBuilder(DefaultSecurityApp.class).web(type)
        .properties("server.port=0", "server.address=127.0.0.1",
            "brama.dashboard.path=/ops/brama", "brama.connections.[payment_api].type=http",
            "brama.max-attempts=2", "spring.main.banner-mode=off",
            "spring.security.user.name=" + USER, "spring.security.user.password=" + PASSWORD)
        .run();
  }

  /**
   * Starts an application of {@code type} with no Spring Security at all (its auto-configuration
   * excluded), so requests reach the server's own parsing and the dashboard with no firewall.
   */
  static ConfigurableApplicationContext startWithoutSecurity(WebApplicationType type) {
    String security = "org.springframework.boot.security.autoconfigure.";
    return new SpringApplicationBuilder(DefaultSecurityApp.class).web(type)
        .properties("server.port=0", "server.address=127.0.0.1",
            "brama.dashboard.path=/ops/brama", "brama.dashboard.token=" + TOKEN,
            "brama.connections.[payment_api].type=http", "spring.main.banner-mode=off",
            "spring.autoconfigure.exclude=" + String.join(",",
                security + "SecurityAutoConfiguration",
                security + "UserDetailsServiceAutoConfiguration",
                security + "ReactiveUserDetailsServiceAutoConfiguration",
                security + "web.servlet.ServletWebSecurityAutoConfiguration",
                security + "web.servlet.SecurityFilterAutoConfiguration",
                security + "web.reactive.ReactiveWebSecurityAutoConfiguration",
                security + "actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                security + "actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"))
        .run();
  }

  /**
   * The lines of an event stream as they arrive, read by a daemon thread; the body is closed with
   * {@code cleanup}.
   */
  static List<String> lines(HttpResponse<Stream<String>> response, List<AutoCloseable> cleanup) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> response.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    cleanup.add(() -> response.body().close());
    return lines;
  }

  static UserDetails operator() {
    return User.withUsername(USER).password("{noop}" + PASSWORD).roles("OPS").build();
  }

  /** Spring MVC behind Spring Security's servlet filters. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSecurity
  static class ServletApp {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http
          .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, WRITES).permitAll()
              .requestMatchers("/ops/**").authenticated().anyRequest().permitAll())
          .csrf(c -> c.ignoringRequestMatchers(WRITES))
          .httpBasic(withDefaults())
          .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(operator());
    }
  }

  /** Spring WebFlux behind Spring Security's web filters. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebFluxSecurity
  static class ReactiveApp {
    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      return http
          .authorizeExchange(a -> a.pathMatchers(HttpMethod.POST, WRITES).permitAll()
              .pathMatchers("/ops/**").authenticated().anyExchange().permitAll())
          .csrf(c -> c.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
              CsrfWebFilter.DEFAULT_CSRF_MATCHER, new NegatedServerWebExchangeMatcher(
                  ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, WRITES)))))
          .httpBasic(withDefaults())
          .build();
    }

    @Bean
    MapReactiveUserDetailsService users() {
      return new MapReactiveUserDetailsService(operator());
    }
  }

  /** Spring Security as Boot configures it when the application says nothing. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class DefaultSecurityApp {}
}
