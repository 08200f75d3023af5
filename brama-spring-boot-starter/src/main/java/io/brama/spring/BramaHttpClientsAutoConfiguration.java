package io.brama.spring;

import io.brama.Brama;
import io.brama.http.ConnectionIds;
import io.brama.http.HttpGuard;
import io.brama.http.HttpRules;
import java.util.function.IntPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code brama.http.enabled=true} and {@code brama-http} on the class path, puts Brama in front
 * of every {@code RestClient}, {@code RestTemplate} and {@code WebClient} built from Boot's builders,
 * with the rules of {@code brama.http.*}. Clients made with {@code new} or a builder the application
 * creates itself are left alone.
 */
@AutoConfiguration(after = BramaAutoConfiguration.class,
    afterName = {"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
        "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration"})
@ConditionalOnClass(name = "io.brama.http.HttpGuard")
@ConditionalOnBooleanProperty("brama.http.enabled")
public class BramaHttpClientsAutoConfiguration {
  /** Used by Spring. */
  public BramaHttpClientsAutoConfiguration() {}

  /**
   * The HTTP rules of {@code brama.http.*} over the application's Brama.
   *
   * @param brama the application's Brama
   * @param properties the bound properties
   * @return the guard every client's interceptor uses
   */
  @Bean
  @ConditionalOnMissingBean
  public HttpGuard bramaHttpGuard(Brama brama, BramaProperties properties) {
    HttpClientProperties http = properties.getHttp();
    HttpRules.Builder rules = HttpRules.builder()
        .failureStatus(statuses(http.getFailureStatuses()))
        .retryAfter(http.isRetryAfter())
        .maxRetryAfter(http.getMaxRetryAfter());
    if (http.getConnectionId() != null && !http.getConnectionId().isBlank()) {
      rules.connectionIds(ConnectionIds.fixed(http.getConnectionId()));
    }
    return HttpGuard.of(brama, rules.build());
  }

  /**
   * Parses {@code 500-599,408}: codes and inclusive ranges.
   *
   * @throws IllegalArgumentException naming the property, the allowed form and the value
   */
  static IntPredicate statuses(String text) {
    IntPredicate all = status -> false;
    try {
      for (String part : text.split(",")) {
        String p = part.strip();
        int dash = p.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
        if (from < 100 || to > 599 || from > to) {
          throw new NumberFormatException();
        }
        all = all.or(status -> status >= from && status <= to);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("brama.http.failure-statuses must be codes and ranges "
          + "of 100 to 599 separated by commas (e.g. 500-599,408), was '" + text + "'");
    }
    return all;
  }

  /** RestClient and RestTemplate, when Boot's rest client support is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
  static class Blocking {
    @Bean
    RestClientCustomizer bramaRestClientCustomizer(HttpGuard guard) {
      BramaHttpInterceptor interceptor = new BramaHttpInterceptor(guard);
      return builder -> builder.requestInterceptor(interceptor);
    }

    @Bean
    RestTemplateCustomizer bramaRestTemplateCustomizer(HttpGuard guard) {
      BramaHttpInterceptor interceptor = new BramaHttpInterceptor(guard);
      return template -> template.getInterceptors().add(interceptor);
    }
  }

  /** WebClient, when Boot's web client support is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.webclient.WebClientCustomizer")
  static class Reactive {
    @Bean
    WebClientCustomizer bramaWebClientCustomizer(HttpGuard guard) {
      BramaExchangeFilter filter = new BramaExchangeFilter(guard);
      return builder -> builder.filter(filter);
    }
  }
}
