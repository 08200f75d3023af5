/**
 * A live web dashboard of a {@link io.brama.Brama}'s connections, served by the JDK's HTTP server:
 * start one with {@link io.brama.dashboard.BramaDashboard#start}.
 */
module io.brama.dashboard {
  requires transitive io.brama;
  requires jdk.httpserver;
  requires tools.jackson.databind;

  exports io.brama.dashboard;
}
