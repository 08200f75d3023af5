/**
 * A live web dashboard of a {@link io.brama.Brama}'s connections, served by Jetty 12's core handlers
 * ({@link io.brama.dashboard.BramaDashboard#start}) or by a server the application already runs
 * ({@link io.brama.dashboard.MountedDashboard}).
 */
module io.brama.dashboard {
  requires transitive io.brama;
  // optional: only FleetPanel names it, and only a configured fleet panel loads it
  requires static io.brama.redis;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.util;
  requires tools.jackson.databind;

  exports io.brama.dashboard;
}
