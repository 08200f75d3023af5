package io.brama.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code io.brama.StateChange}: a circuit moved; enabled in JFR's default settings. */
@Name("io.brama.StateChange")
@Label("Circuit State Change")
@Category("Brama")
@Description("A connection's circuit moved from one state to another")
@StackTrace(false)
final class StateChangeEvent extends jdk.jfr.Event {
  @Label("Connection")
  String connection;

  @Label("Type")
  @Description("The connection's type, e.g. http")
  String type;

  @Label("Scope")
  String scope;

  @Label("From")
  String from;

  @Label("To")
  String to;

  @Label("Reason")
  String reason;
}
