package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * brama-redis is an optional dependency: the dashboard runs in a class loader that has everything
 * but brama-redis and Lettuce, and never even asks for one of their classes.
 */
class WithoutRedisTest {

  /** Defines every class itself from the test's class path, except brama-redis's and Lettuce's. */
  private static final class WithoutRedis extends ClassLoader {
    final List<String> refused = new CopyOnWriteArrayList<>();
    private final ClassLoader source = WithoutRedisTest.class.getClassLoader();

    WithoutRedis() {
      super("without-redis", ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith("io.brama.redis.") || name.startsWith("io.lettuce.")) {
        refused.add(name);
        throw new ClassNotFoundException(name + " (brama-redis is absent)");
      }
      try (InputStream in = source.getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }

    @Override
    protected URL findResource(String name) {
      return source.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
      return source.getResources(name);
    }
  }

  @Test
  void theDashboardServesEverythingWithoutBramaRedis() throws Exception {
    WithoutRedis loader = new WithoutRedis();
    Class<?> bramaClass = loader.loadClass("io.brama.Brama");
    assertThat(bramaClass.getClassLoader()).isSameAs(loader);
    Object builder = bramaClass.getMethod("builder").invoke(null);
    builder.getClass().getMethod("countCalls", boolean.class).invoke(builder, true);
    Object brama = builder.getClass().getMethod("build").invoke(builder);
    Class<?> dashboardClass = loader.loadClass("io.brama.dashboard.BramaDashboard");
    try {
      bramaClass.getMethod("register", String.class).invoke(brama, "payment_api");
      Object dashboard = dashboardClass.getMethod("start", bramaClass).invoke(null, brama);
      try {
        URI uri = (URI) dashboardClass.getMethod("uri").invoke(dashboard);
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, uri, "").body()).contains("fleet-panel");
        assertThat(get(http, uri, "fleet.js").statusCode()).isEqualTo(200);
        assertThat(get(http, uri, "api/connections").body()).contains("payment_api");
        assertThat(get(http, uri, "api/settings").body()).contains("\"fleet\":false");
        assertThat(get(http, uri, "api/samples").body()).contains("\"countsCalls\":true");
        assertThat(get(http, uri, "api/timelines").body()).contains("payment_api");
        assertThat(get(http, uri, "api/fleet").statusCode()).isEqualTo(404);
      } finally {
        dashboardClass.getMethod("close").invoke(dashboard);
      }
    } finally {
      bramaClass.getMethod("close").invoke(brama);
    }
    assertThat(loader.refused).isEmpty();

    // the control: the one class that names brama-redis fails here once its methods are resolved
    Class<?> panel = loader.loadClass("io.brama.dashboard.FleetPanel");
    assertThatThrownBy(panel::getMethods).isInstanceOf(NoClassDefFoundError.class);
    assertThat(loader.refused).contains("io.brama.redis.RedisSharing");
  }

  private static HttpResponse<String> get(HttpClient http, URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
