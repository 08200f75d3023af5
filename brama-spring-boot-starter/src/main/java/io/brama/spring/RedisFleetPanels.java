package io.brama.spring;

import io.brama.dashboard.DashboardConfig;
import io.brama.dashboard.FleetPanel;
import io.brama.redis.RedisSharing;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/** The fleet panel from the application's Redis sharing; loaded only with brama-redis present. */
final class RedisFleetPanels {
  private RedisFleetPanels() {}

  static boolean available() {
    return ClassUtils.isPresent("io.brama.redis.RedisSharing",
        RedisFleetPanels.class.getClassLoader());
  }

  /** Adds the panel when the context holds one Redis sharing. */
  static void add(DashboardConfig.Builder config, ApplicationContext context) {
    RedisSharing sharing = context.getBeanProvider(RedisSharing.class).getIfUnique();
    if (sharing != null) {
      config.fleet(FleetPanel.of(sharing));
    }
  }
}
