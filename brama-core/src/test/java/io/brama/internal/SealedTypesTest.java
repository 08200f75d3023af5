package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Circuit;
import io.brama.FailurePolicy;
import io.brama.GuardedMethod;
import io.brama.HealthMonitor;
import io.brama.Permit;
import io.brama.PolicyStatus;
import io.brama.RatePolicy;
import io.brama.Subscription;
import io.brama.spi.SharedCircuits;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public types users must not implement are sealed, and every class that implements them is
 * final and public (a permitted subclass in another package must be public to load on the class
 * path).
 */
class SealedTypesTest {
  static final List<Class<?>> IMPLEMENTED_BY_BRAMA_ONLY = List.of(Circuit.class, Permit.class,
      FailurePolicy.class, RatePolicy.class, PolicyStatus.class, HealthMonitor.class,
      Subscription.class, GuardedMethod.class, SharedCircuits.class);

  @Test
  void typesUsersMustNotImplementAreSealedDownToFinalPublicClasses() {
    for (Class<?> type : IMPLEMENTED_BY_BRAMA_ONLY) {
      assertThat(type.isSealed()).as(type.getName()).isTrue();
      Deque<Class<?>> todo = new ArrayDeque<>(List.of(type.getPermittedSubclasses()));
      while (!todo.isEmpty()) {
        Class<?> sub = todo.pop();
        assertThat(Modifier.isPublic(sub.getModifiers())).as(sub.getName()).isTrue();
        if (sub.isSealed()) {
          todo.addAll(List.of(sub.getPermittedSubclasses()));
        } else if (!sub.isInterface()) {
          assertThat(Modifier.isFinal(sub.getModifiers())).as(sub.getName()).isTrue();
        }
      }
    }
  }
}
