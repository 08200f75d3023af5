package io.brama.http;

import io.brama.Brama;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.UnknownConnectionException;
import java.net.URI;
import java.util.Objects;

/**
 * The client-independent half of guarding an HTTP client, for every Brama client module: maps a
 * request to its connection id, registers that id on first use, takes the permit, and hands back
 * an {@link HttpCall} that turns the response's status and headers (or the error) into what is
 * recorded. A client module only reads its client's request URI, status and two header values.
 * Thread-safe; one per Brama and {@link HttpRules}.
 *
 * <pre>{@code
 * HttpCall call = guard.begin(request.uri());
 * if (!call.admitted()) throw call.rejection();               // nothing sent
 * try {
 *   Response response = send(request);
 *   call.response(response.status(), response.header("Retry-After"), response.header("Date"));
 *   return response;
 * } catch (IOException e) {
 *   call.failed(e);
 *   throw e;
 * }
 * }</pre>
 */
public final class HttpGuard {
  /** The type an id is registered with when first used: {@value}. */
  public static final String TYPE = "http";
  private static final Registration REGISTRATION = Registration.builder().type(TYPE).build();

  private final Brama brama;
  private final HttpRules rules;

  private HttpGuard(Brama brama, HttpRules rules) {
    this.brama = brama;
    this.rules = rules;
  }

  /**
   * A guard recording on {@code brama} by {@code rules}.
   *
   * @param brama where calls are recorded
   * @param rules what is recorded
   * @return a new guard
   */
  public static HttpGuard of(Brama brama, HttpRules rules) {
    Objects.requireNonNull(brama, "brama must not be null");
    Objects.requireNonNull(rules, "rules must not be null");
    return new HttpGuard(brama, rules);
  }

  /**
   * The Brama this guard records on.
   *
   * @return the Brama
   */
  public Brama brama() {
    return brama;
  }

  /**
   * The rules this guard records by.
   *
   * @return the rules
   */
  public HttpRules rules() {
    return rules;
  }

  /**
   * Starts one call to {@code uri} (the URI the caller sent): finds its connection id, registers it
   * with type {@value #TYPE} unless it is registered (a registered id keeps its registration and
   * configuration) and asks the gate for a permit. A refusal does not throw: see
   * {@link HttpCall#admitted()}. In HALF_OPEN an admitted call holds a trial slot until one of
   * {@link HttpCall}'s outcome methods is called, so call exactly one of them on every path.
   *
   * @param uri the request URI
   * @return the call, admitted or refused
   * @throws IllegalArgumentException when {@link HttpRules#connectionIds()} gives no id for the URI
   * @throws IllegalStateException when the Brama is closed
   */
  public HttpCall begin(URI uri) {
    String id = rules.connectionIds().idFor(Objects.requireNonNull(uri, "uri must not be null"));
    Permit permit;
    try {
      permit = brama.tryAcquire(id);
    } catch (UnknownConnectionException first) { // the first call to this id, once per id
      brama.registerIfAbsent(id, REGISTRATION);
      permit = brama.tryAcquire(id);
    }
    return new HttpCall(brama, rules, id, permit);
  }

  @Override
  public String toString() {
    return "HttpGuard[" + rules + "]";
  }
}
