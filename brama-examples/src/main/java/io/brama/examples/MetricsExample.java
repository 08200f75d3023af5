package io.brama.examples;

import io.brama.Brama;
import io.brama.CallCounts;
import io.brama.micrometer.BramaMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** The snippet of docs/metrics.md, kept here so that it compiles. */
@SuppressWarnings("unused")
final class MetricsExample {
  private MetricsExample() {}

  static void publish(MeterRegistry meterRegistry) {
    Brama brama = Brama.builder().countCalls(true).build();
    new BramaMetrics(brama).bindTo(meterRegistry);        // or BramaMetrics(brama, Tags.of("app", "shop"))
    CallCounts counts = brama.calls("payment_api");       // the same counts, without Micrometer
  }
}
