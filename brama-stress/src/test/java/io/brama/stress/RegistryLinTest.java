package io.brama.stress;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.ConnectionAlreadyRegisteredException;
import io.brama.UnknownConnectionException;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * The registry under Lincheck: register, unregister, isRegistered and available on three ids,
 * against a set. Each history uses fresh ids in one shared Brama and removes its predecessor's,
 * so the registry's table keeps taking tombstones and being cleaned and resized underneath.
 */
public class RegistryLinTest {
  private static final Brama BRAMA = TestBrama.direct(new ManualClock(),
      BramaConfig.builder().cleanupInterval(Duration.ofDays(1)));
  private static final AtomicLong HISTORIES = new AtomicLong();
  private static String previous;

  private final String prefix;

  public RegistryLinTest() {
    synchronized (RegistryLinTest.class) {
      if (previous != null) {
        for (int k = 0; k < 3; k++) {
          BRAMA.unregister(previous + k);
        }
      }
      prefix = "r" + HISTORIES.incrementAndGet() + "-";
      previous = prefix;
    }
  }

  @Operation
  public String register(@Param(gen = IntGen.class, conf = "0:2") int key) {
    try {
      BRAMA.register(prefix + key);
      return "registered";
    } catch (ConnectionAlreadyRegisteredException e) {
      return "already registered";
    }
  }

  @Operation
  public boolean unregister(@Param(gen = IntGen.class, conf = "0:2") int key) {
    return BRAMA.unregister(prefix + key);
  }

  @Operation
  public boolean isRegistered(@Param(gen = IntGen.class, conf = "0:2") int key) {
    return BRAMA.isRegistered(prefix + key);
  }

  @Operation
  public String available(@Param(gen = IntGen.class, conf = "0:2") int key) {
    try {
      return BRAMA.available(prefix + key) ? "available" : "refused";
    } catch (UnknownConnectionException e) {
      return "unknown";
    }
  }

  /** The sequential meaning: a set of ids, each CLOSED while registered. */
  public static final class Spec {
    private final Set<Integer> ids = new HashSet<>();

    public String register(int key) {
      return ids.add(key) ? "registered" : "already registered";
    }

    public boolean unregister(int key) {
      return ids.remove(key);
    }

    public boolean isRegistered(int key) {
      return ids.contains(key);
    }

    public String available(int key) {
      return ids.contains(key) ? "available" : "unknown";
    }
  }

  @Test
  void modelChecking() {
    Lin.modelCheck(RegistryLinTest.class, Spec.class, 3, 3, 2, 1, 5, 200);
  }

  @Test
  void stress() {
    Lin.stress(RegistryLinTest.class, Spec.class, 3, 4, 2, 2, 10, 500);
  }
}
