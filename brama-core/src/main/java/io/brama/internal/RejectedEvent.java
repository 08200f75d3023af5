package io.brama.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code io.brama.Rejected}: calls a circuit refused, at most one event per connection per second
 * (Brama limits it itself; JFR's {@code @Throttle} exists only from JDK 25), carrying how many
 * rejections it stands for.
 */
@Name("io.brama.Rejected")
@Label("Calls Rejected")
@Category("Brama")
@Description("Calls refused by a connection's circuit since its previous Rejected event")
@StackTrace(false)
final class RejectedEvent extends jdk.jfr.Event {
  @Label("Connection")
  String connection;

  @Label("Retry After")
  @Description("The wait the last of these rejections announced")
  @Timespan(Timespan.MILLISECONDS)
  long retryAfter;

  @Label("Count")
  @Description("The rejections this event stands for")
  long count;
}
