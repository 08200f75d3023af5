package io.brama.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards write operations: refused (403) when no token is configured, else allowed only with
 * {@code Authorization: Bearer <token>} (401 otherwise). Compares digests in constant time.
 */
final class BearerAuth {
  /** The outcome of a check: {@code status} 0 means allowed. */
  record Verdict(int status, String message) {
    boolean allowed() {
      return status == 0;
    }
  }

  private static final Verdict ALLOWED = new Verdict(0, null);
  private static final Verdict DISABLED = new Verdict(403,
      "write operations are disabled: start the dashboard with a token to enable them");
  private static final Verdict UNAUTHORIZED = new Verdict(401,
      "this operation needs the header Authorization: Bearer <token>");
  private static final String SCHEME = "bearer ";

  private final byte[] tokenDigest;

  /** {@code token} may be null: then every write is refused. */
  BearerAuth(String token) {
    this.tokenDigest = token == null ? null : digest(token);
  }

  /** Whether writes can ever be allowed. */
  boolean enabled() {
    return tokenDigest != null;
  }

  /** Checks the request's Authorization header. */
  Verdict check(Exchange exchange) {
    if (tokenDigest == null) {
      return DISABLED;
    }
    String header = exchange.requestHeader("Authorization");
    if (header == null || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return UNAUTHORIZED;
    }
    byte[] given = digest(header.substring(SCHEME.length()).strip());
    return MessageDigest.isEqual(given, tokenDigest) ? ALLOWED : UNAUTHORIZED;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
