package io.brama.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The page, its scripts and its stylesheet, read once from the module's resources. */
final class StaticAssets {
  /** One file: its bytes and content type. */
  record Asset(byte[] body, String contentType) {}

  private final Map<String, Asset> byPath;

  StaticAssets() {
    Asset page = load("index.html", "text/html; charset=utf-8");
    byPath = Map.of(
        "/", page,
        "/index.html", page,
        "/common.js", script("common.js"),
        "/plots.js", script("plots.js"),
        "/fleet.js", script("fleet.js"),
        "/events.js", script("events.js"),
        "/dashboard.js", script("dashboard.js"),
        "/dashboard.css", load("dashboard.css", "text/css; charset=utf-8"));
  }

  /** The asset served at {@code path}, or null. */
  Asset get(String path) {
    return byPath.get(path);
  }

  private static Asset script(String name) {
    return load(name, "text/javascript; charset=utf-8");
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource missing from the jar: " + name);
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read dashboard resource " + name, e);
    }
  }
}
