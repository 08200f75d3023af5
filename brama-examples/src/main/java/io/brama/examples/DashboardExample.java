package io.brama.examples;

import io.brama.Brama;
import io.brama.dashboard.BramaDashboard;
import io.brama.dashboard.DashboardConfig;
import java.io.IOException;

/** The snippet of docs/dashboard.md, kept here so that it compiles. */
@SuppressWarnings("unused")
final class DashboardExample {
  private DashboardExample() {}

  static void start() throws IOException {
    try (Brama brama = Brama.create();
         BramaDashboard dashboard = BramaDashboard.start(brama, DashboardConfig.builder()
             .port(8080)                      // default 0: a free port
             .token("change-me")              // optional: enables Open/Reset
             .build())) {
      System.out.println("dashboard at " + dashboard.uri());   // http://127.0.0.1:8080/
    }
  }
}
