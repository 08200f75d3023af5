package io.brama.spring;

import io.brama.Brama;
import io.brama.ConnectionStatus;
import io.brama.UnknownConnectionException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code brama} Actuator endpoint: {@code GET /actuator/brama} lists every connection,
 * {@code GET /actuator/brama/{id}} shows one (404 when unknown), and
 * {@code POST /actuator/brama/{id}} with {@code {"action": "open"}} or {@code {"action": "reset"}}
 * (optional {@code reason}, and {@code duration} for open, e.g. {@code "30s"}) changes one.
 */
@Endpoint(id = "brama")
public class BramaEndpoint {
  private final Brama brama;

  /**
   * Shows and operates {@code brama}'s connections.
   *
   * @param brama the Brama whose connections the endpoint exposes
   */
  public BramaEndpoint(Brama brama) {
    this.brama = brama;
  }

  /**
   * Every connection, in id order.
   *
   * @return every connection's description
   */
  @ReadOperation
  public Connections connections() {
    return new Connections(brama.statuses().stream().map(this::describe).toList());
  }

  /**
   * One connection, or null (404) when it is not registered.
   *
   * @param id the connection's id
   * @return its description, or null
   */
  @ReadOperation
  public @Nullable ConnectionDescriptor connection(@Selector String id) {
    try {
      return describe(brama.status(id));
    } catch (UnknownConnectionException e) {
      return null;
    }
  }

  /**
   * Opens ({@code action=open}) or resets ({@code action=reset}) one connection and returns its
   * new status.
   *
   * @param id the connection's id
   * @param action {@code open} or {@code reset}
   * @param reason the reason carried by the event; null gives {@code "actuator"}
   * @param duration how long {@code open} keeps it OPEN; null for the expiry strategy's next period
   * @return the connection's description after the change
   * @throws InvalidEndpointRequestException (400) for an unknown action or connection
   */
  @WriteOperation
  public ConnectionDescriptor update(@Selector String id, String action, @Nullable String reason,
      @Nullable Duration duration) {
    Object why = reason == null ? "actuator" : reason;
    try {
      switch (action) {
        case "open" -> {
          if (duration == null) {
            brama.open(id, why);
          } else {
            brama.open(id, why, duration);
          }
        }
        case "reset" -> {
          if (duration != null) {
            throw invalid("duration applies only to action 'open', was " + duration);
          }
          brama.reset(id, why);
        }
        default -> throw invalid("action must be 'open' or 'reset', was '" + action + "'");
      }
      return describe(brama.status(id));
    } catch (UnknownConnectionException e) {
      throw invalid("no connection '" + id + "' is registered");
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private ConnectionDescriptor describe(ConnectionStatus status) {
    return ConnectionDescriptor.of(status,
        brama.countsCalls() ? brama.calls(status.id()) : null);
  }

  private static InvalidEndpointRequestException invalid(String message) {
    return new InvalidEndpointRequestException(message, message);
  }

  /**
   * The body of {@code GET /actuator/brama}.
   *
   * @param connections every registered connection, in id order
   */
  public record Connections(List<ConnectionDescriptor> connections) {}
}
