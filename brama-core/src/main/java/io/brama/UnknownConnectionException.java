package io.brama;

import io.brama.internal.Require;

/** A per-id operation named a connection that is not registered. */
public class UnknownConnectionException extends BramaException {
  private static final long serialVersionUID = 1L;

  /** The unknown id. */
  private final String connection;

  /**
   * For the unknown id {@code connection}.
   *
   * @param connection the unknown id
   */
  public UnknownConnectionException(String connection) {
    super("unknown connection '" + Require.notNull(connection, "connection")
        + "': register it first with brama.register(\""
        + connection + "\")");
    this.connection = connection;
  }

  /**
   * The unknown id.
   *
   * @return the unknown id
   */
  public String connection() {
    return connection;
  }
}
