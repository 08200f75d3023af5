package io.brama.dashboard;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;

/**
 * JSON escapes that also write {@code < > & '} as {@code \u003C} and so on, so that no
 * connection-supplied text ever appears as markup in a response, even one a browser sniffs as HTML.
 */
final class HtmlSafeEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  private static final String HTML_CHARS = "<>&'";

  private final int[] asciiEscapes;

  HtmlSafeEscapes() {
    asciiEscapes = standardAsciiEscapesForJSON();
    for (char c : HTML_CHARS.toCharArray()) {
      asciiEscapes[c] = ESCAPE_CUSTOM;
    }
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return asciiEscapes.clone();
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    return HTML_CHARS.indexOf(ch) >= 0
        ? new SerializedString(String.format("\\u%04X", ch))
        : null;
  }
}
