package io.brama.model;

import java.lang.reflect.Method;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's number of tries from the system property {@code brama.model.tries} (default
 * 1,000; the pom passes 1,000, or 100,000 with {@code -Pthorough}). {@code @Property(tries = ...)}
 * cannot read a system property, so the attribute is changed before the property runs.
 *
 * <p>While the property runs, Brama's own logging is silenced: the generated sequences make user
 * strategies misbehave on purpose, and each such open is logged at ERROR with a stack trace. (The
 * tests compile against module io.brama, which does not read java.logging, hence reflection.)
 */
public final class TriesFromSystemProperty implements AroundPropertyHook {
  static int tries() {
    return Integer.parseInt(System.getProperty("brama.model.tries", "1000").trim());
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context,
      PropertyExecutor property) {
    context.attributes().setTries(tries());
    Object logger = null;
    Object before = null;
    Method setLevel = null;
    try {
      Class<?> loggerType = Class.forName("java.util.logging.Logger");
      Class<?> levelType = Class.forName("java.util.logging.Level");
      logger = loggerType.getMethod("getLogger", String.class).invoke(null, "io.brama");
      before = loggerType.getMethod("getLevel").invoke(logger);
      setLevel = loggerType.getMethod("setLevel", levelType);
      setLevel.invoke(logger, levelType.getField("OFF").get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      setLevel = null; // logging stays as configured
    }
    try {
      return property.execute();
    } finally {
      if (setLevel != null) {
        try {
          setLevel.invoke(logger, before);
        } catch (ReflectiveOperationException e) {
          // nothing to restore
        }
      }
    }
  }
}
