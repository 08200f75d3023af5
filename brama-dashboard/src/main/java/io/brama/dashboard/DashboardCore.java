package io.brama.dashboard;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.EventFilter;
import io.brama.Subscription;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a dashboard is whatever server carries it: the lifecycle subscription, the event history and
 * streams, the plots, the fleet panel and the timer that drives them. {@link BramaDashboard} puts it
 * on its own Jetty server; {@link MountedDashboard} on the application's.
 */
final class DashboardCore {
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");
  static final String THREAD_NAME = "brama-dashboard";

  private final Brama brama;
  private final DashboardConfig config;
  private final Json json = new Json();
  private final EventHub hub;
  private final Timelines timelines = new Timelines();
  private final Sampler sampler; // null when the Brama does not count calls
  private final FleetEndpoint fleet; // null without a fleet panel
  private final ScheduledExecutorService timer = newTimer();
  private final Subscription subscription;

  /** Subscribes to {@code brama}'s lifecycle events; nothing is sampled until {@link #start}. */
  DashboardCore(Brama brama, DashboardConfig config) {
    this.brama = brama;
    this.config = config;
    // tells this dashboard's event ids from an earlier one's that a browser may still hold
    String boot = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    this.hub = new EventHub(json, boot);
    try {
      this.subscription = brama.subscribe(EventFilter.lifecycle(), this::onEvent);
    } catch (RuntimeException e) {
      timer.shutdownNow();
      throw e;
    }
    timelines.seed(brama.statuses(), config.clock().instant());
    this.sampler = brama.countsCalls() ? new Sampler(brama, config.clock()) : null;
    this.fleet = config.fleet() == null ? null : new FleetEndpoint(config.fleet(), json);
  }

  /**
   * The handler of every request: checks hosts with {@code hostCheck} and writes event streams on
   * {@code executor}.
   */
  Router router(HostCheck hostCheck, Executor executor) {
    BearerAuth auth = new BearerAuth(config.token());
    return new Router(hostCheck, new StaticAssets(), json, auth.enabled(),
        new ConnectionsApi(brama, json, auth),
        new EventsEndpoint(hub, json, config, executor, timer),
        new PlotsApi(sampler, timelines, hub, json, config.clock()), fleet);
  }

  /** Starts sampling the call counters and reading the fleet. */
  void start() {
    if (sampler != null) {
      sampler.start(timer);
    }
    if (fleet != null) {
      fleet.start(timer);
    }
  }

  /** Unsubscribes, stops sampling and ends every event stream; the timer runs on. */
  void stopListening() {
    subscription.close();
    if (sampler != null) {
      sampler.stop();
    }
    if (fleet != null) {
      fleet.stop();
    }
    hub.closeAll();
  }

  /** Stops the timer thread: the last step of closing. */
  void stopTimer() {
    timer.shutdownNow();
  }

  Json json() {
    return json;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  Sampler sampler() {
    return sampler;
  }

  Timelines timelines() {
    return timelines;
  }

  EventHub hub() {
    return hub;
  }

  /** The one listener: the state strips first, then the event streams; neither can stop the other. */
  private void onEvent(BramaEvent event) {
    try {
      timelines.on(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "dashboard: could not add " + event.type() + " of "
          + event.connection() + " to its state strip", e);
    }
    hub.publish(event);
  }

  /** One daemon thread for heartbeats and timeouts, named {@code brama-dashboard-timer}. */
  private static ScheduledExecutorService newTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, THREAD_NAME + "-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true); // a cancelled deadline must not linger for its full delay
    return timer;
  }
}
