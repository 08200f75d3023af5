package io.brama;

import io.brama.internal.Require;

/** {@code register} named an id that is already registered. */
public class ConnectionAlreadyRegisteredException extends BramaException {
  private static final long serialVersionUID = 1L;

  /** The taken id. */
  private final String connection;

  /**
   * For the taken id {@code connection}.
   *
   * @param connection the taken id
   */
  public ConnectionAlreadyRegisteredException(String connection) {
    super("connection '" + Require.notNull(connection, "connection")
        + "' is already registered; use registerIfAbsent or "
        + "unregister it first");
    this.connection = connection;
  }

  /**
   * The taken id.
   *
   * @return the taken id
   */
  public String connection() {
    return connection;
  }
}
