package io.updraft.core.input;

/**
 * Input a user can correct: the message names the field, what was expected and what to do. The API
 * answers it with a 400 problem, the UI with a 400 page, the command line with exit code 2. Not
 * final: {@link io.updraft.core.dag.InvalidParamsException} also keeps its problems by param.
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private static final int SHOWN_LENGTH = 60;

  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * A value quoted for a message: control, non-ASCII and quote characters escaped as {@code
   * \\uXXXX}, cut after 60 characters, so an error never carries a NUL, a terminal escape, a
   * right-to-left override or a megabyte of the input back to the user or into a log.
   */
  public static String quote(String value) {
    StringBuilder shown = new StringBuilder("'");
    int end = Math.min(value.length(), SHOWN_LENGTH);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\') {
        shown.append(String.format("\\u%04x", (int) c));
      } else {
        shown.append(c);
      }
    }
    shown.append('\'');
    if (value.length() > SHOWN_LENGTH) {
      shown.append(" (").append(value.length()).append(" characters, cut)");
    }
    return shown.toString();
  }
}
