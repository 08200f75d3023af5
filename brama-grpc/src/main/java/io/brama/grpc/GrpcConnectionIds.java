package io.brama.grpc;

import io.grpc.MethodDescriptor;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * How an RPC maps to a Brama connection id: {@link #byAuthority()} (the default),
 * {@link #byService()}, {@link #fixed}, or {@link #of} a function of the authority and the method.
 * The authority is the call's ({@code CallOptions.withAuthority}) or else the channel's. Immutable
 * and thread-safe.
 */
public final class GrpcConnectionIds {
  private static final GrpcConnectionIds BY_AUTHORITY =
      new GrpcConnectionIds((authority, method) -> lowerCase(authority), "byAuthority");
  private static final GrpcConnectionIds BY_SERVICE =
      new GrpcConnectionIds(GrpcConnectionIds::authorityAndService, "byService");

  private final BiFunction<String, MethodDescriptor<?, ?>, String> function;
  private final String description;

  private GrpcConnectionIds(BiFunction<String, MethodDescriptor<?, ?>, String> function,
      String description) {
    this.function = function;
    this.description = description;
  }

  /**
   * One connection per authority, in lower case ({@code Payments.internal:443} is
   * {@code payments.internal:443}): every service behind one channel shares one circuit.
   *
   * @return the by-authority mapping
   */
  public static GrpcConnectionIds byAuthority() {
    return BY_AUTHORITY;
  }

  /**
   * One connection per authority and service: {@code payments.internal:443/shop.Payments}, so a
   * broken service does not refuse the calls to its healthy neighbours on the same server.
   *
   * @return the per-service mapping
   */
  public static GrpcConnectionIds byService() {
    return BY_SERVICE;
  }

  /**
   * Every RPC to the one connection {@code id}, whatever its authority and method.
   *
   * @param id the connection id; not empty
   * @return a mapping that always answers {@code id}
   */
  public static GrpcConnectionIds fixed(String id) {
    Objects.requireNonNull(id, "id must not be null");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must be a non-empty string, was \"\"");
    }
    return new GrpcConnectionIds((authority, method) -> id, "fixed(" + id + ")");
  }

  /**
   * The id {@code function} gives for the authority (as sent, not lower-cased) and the method; it
   * must answer a non-empty id.
   *
   * @param function maps the authority and the method to a connection id
   * @return a mapping through {@code function}
   */
  public static GrpcConnectionIds of(BiFunction<String, MethodDescriptor<?, ?>, String> function) {
    Objects.requireNonNull(function, "function must not be null");
    return new GrpcConnectionIds(function::apply, "of(" + function + ")");
  }

  /**
   * The connection id of an RPC.
   *
   * @param authority the call's authority (the channel's unless the call names another)
   * @param method the method called
   * @return the connection id, never null or empty
   * @throws IllegalArgumentException when no id can be made: an empty authority for the built-in
   *     mappings, a method without service name for {@link #byService()}, or a function that
   *     answered null or an empty string
   */
  public String idFor(String authority, MethodDescriptor<?, ?> method) {
    Objects.requireNonNull(authority, "authority must not be null");
    Objects.requireNonNull(method, "method must not be null");
    String id = function.apply(authority, method);
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("connection id for " + method.getFullMethodName()
          + " at " + authority + " must be a non-empty string, was "
          + (id == null ? "null" : "\"\""));
    }
    return id;
  }

  @Override
  public String toString() {
    return "GrpcConnectionIds." + description;
  }

  private static String lowerCase(String authority) {
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("authority must be a non-empty string, was \"\"");
    }
    return authority.toLowerCase(Locale.ROOT);
  }

  private static String authorityAndService(String authority, MethodDescriptor<?, ?> method) {
    String service = method.getServiceName();
    if (service == null) {
      throw new IllegalArgumentException("method must have a service name (service/method), was "
          + method.getFullMethodName());
    }
    return lowerCase(authority) + "/" + service;
  }
}
