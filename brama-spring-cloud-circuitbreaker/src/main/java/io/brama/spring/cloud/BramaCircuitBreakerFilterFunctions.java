package io.brama.spring.cloud;

import io.brama.CircuitOpenException;
import java.net.URI;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.gateway.server.mvc.common.Configurable;
import org.springframework.cloud.gateway.server.mvc.common.HttpStatusHolder;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.common.Shortcut;
import org.springframework.cloud.gateway.server.mvc.filter.CircuitBreakerFilterFunctions.CircuitBreakerConfig;
import org.springframework.cloud.gateway.server.mvc.filter.CircuitBreakerFilterFunctions.CircuitBreakerStatusCodeException;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayServerResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Spring Cloud Gateway Server MVC's {@code circuitBreaker} filter for Brama, with the arguments of
 * Gateway's own ({@code id}, {@code fallbackUri} or {@code fallbackPath}, {@code statusCodes},
 * {@code resumeWithoutError}). Gateway's own needs Resilience4j on the class path; this one takes
 * its place under the same name in route properties ({@code CircuitBreaker=quotes}), and its
 * static methods are the Java DSL:
 * <pre>{@code
 * route("quotes").GET("/quotes/**", http()).before(uri(backend))
 *     .filter(BramaCircuitBreakerFilterFunctions.circuitBreaker("quotes")).build();
 * }</pre>
 * A rejection goes to the fallback or, without one, is answered with 503 and a {@code Retry-After}
 * header in whole seconds, rounded up. A response with a listed status counts as a failure and,
 * without a fallback, reaches the client as it is. Without {@code id}, the route id names the
 * connection. The breaker comes from the application's {@link CircuitBreakerFactory}.
 */
public final class BramaCircuitBreakerFilterFunctions {
  private BramaCircuitBreakerFilterFunctions() {}

  /**
   * Guards the route with connection {@code id}.
   *
   * @param id the connection's id
   * @return the filter
   */
  @Shortcut
  public static HandlerFilterFunction<ServerResponse, ServerResponse> circuitBreaker(String id) {
    return circuitBreaker(config -> config.setId(id));
  }

  /**
   * Guards the route with connection {@code id}, forwarding to {@code fallbackUri} (a
   * {@code forward:} URI) on a rejection or failure.
   *
   * @param id the connection's id
   * @param fallbackUri where the request is forwarded instead
   * @return the filter
   */
  public static HandlerFilterFunction<ServerResponse, ServerResponse> circuitBreaker(String id,
      URI fallbackUri) {
    return circuitBreaker(config -> config.setId(id).setFallbackUri(fallbackUri));
  }

  /**
   * Guards the route with connection {@code id}, forwarding to {@code fallbackPath} on a rejection
   * or failure.
   *
   * @param id the connection's id
   * @param fallbackPath the path the request is forwarded to instead
   * @return the filter
   */
  public static HandlerFilterFunction<ServerResponse, ServerResponse> circuitBreaker(String id,
      String fallbackPath) {
    return circuitBreaker(config -> config.setId(id).setFallbackPath(fallbackPath));
  }

  /**
   * Guards the route as {@code configConsumer} configures it.
   *
   * @param configConsumer sets the arguments
   * @return the filter
   */
  public static HandlerFilterFunction<ServerResponse, ServerResponse> circuitBreaker(
      Consumer<CircuitBreakerConfig> configConsumer) {
    CircuitBreakerConfig config = new CircuitBreakerConfig();
    configConsumer.accept(config);
    return circuitBreaker(config);
  }

  /**
   * Guards the route as {@code config} says.
   *
   * @param config the arguments
   * @return the filter
   * @throws IllegalArgumentException when a status code is not one
   */
  @Shortcut("id")
  @Configurable
  public static HandlerFilterFunction<ServerResponse, ServerResponse> circuitBreaker(
      CircuitBreakerConfig config) {
    Set<HttpStatusCode> failureStatuses = config.getStatusCodes().stream()
        .map(status -> {
          HttpStatusCode code = HttpStatusHolder.valueOf(status).resolve();
          if (code == null) {
            throw new IllegalArgumentException(
                "statusCodes must be HTTP status codes or names, was " + status);
          }
          return code;
        })
        .collect(Collectors.toSet());
    String fallbackPath = config.getFallbackPath();
    boolean resumeWithoutError = config.isResumeWithoutError();
    String configuredId = config.getId();
    return (request, next) -> {
      String id = StringUtils.hasText(configuredId) ? configuredId
          : (String) request.attribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR).orElse(null);
      CircuitBreakerFactory<?, ?> factory =
          MvcUtils.getApplicationContext(request).getBean(CircuitBreakerFactory.class);
      return factory.create(id).run(() -> {
        ServerResponse response;
        try {
          response = next.handle(request);
        } catch (Exception e) {
          // the breaker hands the fallback the exact exception, checked ones included
          throw Sneaky.<RuntimeException>rethrow(e);
        }
        if (failureStatuses.contains(response.statusCode())) {
          throw new FailureStatusException(response);
        }
        return response;
      }, t -> StringUtils.hasText(fallbackPath) ? forward(request, fallbackPath, t)
          : withoutFallback(t, resumeWithoutError));
    };
  }

  private static ServerResponse withoutFallback(Throwable t, boolean resumeWithoutError) {
    if (t instanceof CircuitOpenException rejection) {
      return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(RetryAfter.HEADER, RetryAfter.seconds(rejection.retryAfter())).build();
    }
    if (t instanceof FailureStatusException failed) {
      return failed.response();
    }
    if (resumeWithoutError) {
      return ServerResponse.ok().build();
    }
    throw Sneaky.<RuntimeException>rethrow(t);
  }

  private static ServerResponse forward(ServerRequest request, String fallbackPath, Throwable t) {
    // as Gateway's own: a fallback route can turn it into headers with fallbackHeaders()
    MvcUtils.putAttribute(request, MvcUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR, t);
    // ok() is replaced by what the forwarded request answers
    return GatewayServerResponse.ok().build((servletRequest, servletResponse) -> {
      request.servletRequest().getServletContext()
          .getRequestDispatcher(MvcUtils.expand(request, fallbackPath))
          .forward(servletRequest, servletResponse);
      return null;
    });
  }

  /** A response with a listed status: a failure whose response still reaches the client. */
  static final class FailureStatusException extends CircuitBreakerStatusCodeException {
    private static final long serialVersionUID = 1L;
    private final transient ServerResponse response;

    FailureStatusException(ServerResponse response) {
      super(response.statusCode());
      this.response = response;
    }

    ServerResponse response() {
      return response;
    }
  }

  /** Rethrows a checked exception unwrapped. */
  private static final class Sneaky {
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E rethrow(Throwable t) throws E {
      throw (E) t;
    }
  }

  /**
   * Offers these filters to Gateway's route properties ahead of Gateway's own
   * {@code circuitBreaker}, which needs Resilience4j.
   */
  public static final class FilterSupplier extends SimpleFilterSupplier implements Ordered {
    /** The filters of {@link BramaCircuitBreakerFilterFunctions}. */
    public FilterSupplier() {
      super(BramaCircuitBreakerFilterFunctions.class);
    }

    /**
     * First: Gateway takes the first filter of a name that fits the route's arguments.
     *
     * @return the highest precedence
     */
    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }
}
