package io.brama.stress;

import java.lang.reflect.Method;
import java.util.List;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/**
 * Hand-written histories, each aimed at one forbidden outcome, given to Lincheck besides its random
 * ones. Operations are written "name" or "name arg"; a thread's permit operations use its own
 * index as {@code tid}, as Lincheck's ThreadIdGen does.
 */
final class Scenarios {
  /** One targeted history: what it must not allow, and its parts. */
  record Targeted(String forbids, List<String> init, List<List<String>> threads,
      List<String> post) {}

  private Scenarios() {}

  static Targeted targeted(String forbids, List<List<String>> threads, String... post) {
    return new Targeted(forbids, List.of(), threads, List.of(post));
  }

  static ExecutionScenario build(Class<?> test, Targeted t) {
    return CustomScenarioDSLKt.scenario(b -> {
      if (!t.init().isEmpty()) {
        b.initial(s -> add(s, test, t.init()));
      }
      b.parallel(p -> {
        for (List<String> ops : t.threads()) {
          p.thread(s -> add(s, test, ops));
        }
        return Unit.INSTANCE;
      });
      if (!t.post().isEmpty()) {
        b.post(s -> add(s, test, t.post()));
      }
      return Unit.INSTANCE;
    });
  }

  private static Unit add(DSLThreadScenario s, Class<?> test, List<String> ops) {
    for (String op : ops) {
      s.add(actor(test, op));
    }
    return Unit.INSTANCE;
  }

  private static Actor actor(Class<?> test, String op) {
    String[] p = op.split(" ");
    for (Method m : test.getMethods()) {
      if (m.getName().equals(p[0]) && m.getParameterCount() == p.length - 1) {
        KFunction<?> f = ReflectJvmMapping.getKotlinFunction(m);
        Object[] args = p.length > 1 ? new Object[] {Integer.parseInt(p[1])} : new Object[0];
        return CustomScenarioDSLKt.actor(f, args, false);
      }
    }
    throw new IllegalArgumentException("no operation " + op + " in " + test.getSimpleName());
  }
}
