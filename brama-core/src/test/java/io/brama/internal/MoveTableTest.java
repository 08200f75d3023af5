package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.CircuitState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The table of legal moves ({@link Move}) against the README's state-machine table
 * (docs/state-machine.md): the same state changes, no more, no fewer. That every change the engine
 * makes is one of them is checked where changes are made ({@code Change.stateChange}) and by the
 * model-based suite, which compares every event with the reference model.
 */
class MoveTableTest {
  private static final Pattern STATE = Pattern.compile("\\b(HALF_OPEN|OPEN|CLOSED)\\b");

  record Pair(CircuitState from, CircuitState to) {}

  @Test
  void theMovesAreTheStateChangesTheDocumentedTableLists() throws IOException {
    Set<Pair> documented = documentedStateChanges();
    Set<Pair> legal = new HashSet<>();
    for (CircuitState from : CircuitState.values()) {
      for (CircuitState to : CircuitState.values()) {
        if (from != to && Move.legal(from, to)) {
          legal.add(new Pair(from, to));
        }
      }
    }
    assertThat(documented).isNotEmpty().isEqualTo(legal);
  }

  @Test
  void closedNeverTurnsHalfOpenAndNothingLeavesTheEnd() {
    assertThat(Move.legal(CircuitState.CLOSED, CircuitState.HALF_OPEN)).isFalse();
    assertThat(Move.legal(CircuitState.CLOSED, CircuitState.CLOSED)).isFalse();
    assertThat(Move.legal(null, CircuitState.CLOSED)).isFalse();
    for (Move m : Move.values()) {
      assertThatThrownBy(() -> m.check(null)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(m.name());
    }
    assertThatThrownBy(() -> Move.OPEN_TO_HALF_OPEN.check(CircuitState.CLOSED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("illegal move OPEN_TO_HALF_OPEN from CLOSED");
    assertThatThrownBy(() -> Move.MANUAL_CLOSE.check(CircuitState.CLOSED))
        .isInstanceOf(IllegalStateException.class);
    Move.MANUAL_OPEN.check(CircuitState.OPEN); // the open period restarts
  }

  @Test
  void everyMoveStartsSomewhereAndEndsInAState() {
    for (Move m : Move.values()) {
      Set<CircuitState> from = EnumSet.noneOf(CircuitState.class);
      for (CircuitState s : CircuitState.values()) {
        if (m.allowedFrom(s)) {
          from.add(s);
        }
      }
      assertThat(from).as(m.name()).isNotEmpty();
      assertThat(m.to).as(m.name()).isNotNull();
    }
  }

  /** Rows whose events include STATE_CHANGE: the row's state to the states its effect names. */
  private static Set<Pair> documentedStateChanges() throws IOException {
    Path doc = Path.of("..", "docs", "state-machine.md");
    List<String> lines = Files.readAllLines(doc);
    Set<Pair> pairs = new HashSet<>();
    for (String line : lines) {
      String[] cells = line.split("\\|");
      if (cells.length < 5 || !cells[4].contains("STATE_CHANGE")) {
        continue;
      }
      Matcher from = STATE.matcher(cells[1]);
      if (!from.find()) {
        continue; // "any"
      }
      CircuitState source = CircuitState.valueOf(from.group(1));
      Matcher to = STATE.matcher(cells[3].split(";")[0]);
      while (to.find()) {
        CircuitState target = CircuitState.valueOf(to.group(1));
        if (target != source) {
          pairs.add(new Pair(source, target));
        }
      }
    }
    return pairs;
  }
}
