package io.brama.spring;

import io.brama.dashboard.MountedDashboard;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the dashboard, and so ends its event streams, when the context starts stopping: before the
 * web server's graceful shutdown, which would otherwise wait its whole timeout for every open page.
 */
final class DashboardShutdown implements SmartLifecycle {
  private final MountedDashboard dashboard;
  private volatile boolean running;

  DashboardShutdown(MountedDashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    dashboard.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The last phase: stopped first, before the graceful shutdown of the web server. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
