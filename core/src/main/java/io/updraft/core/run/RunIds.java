package io.updraft.core.run;

import io.updraft.core.input.InvalidInputException;
import java.util.regex.Pattern;

/**
 * What a run id may be, whoever chooses it: Airflow's safe characters {@code A-Z a-z 0-9 _ . ~ : +
 * -} (ASCII only, so no look-alike letters, spaces, slashes, quotes, control or template
 * characters), at most {@value #MAX_LENGTH} of them, and not {@code .} or {@code ..}, which a URL
 * path would read as a directory. A run id travels into URLs, log lines, templates and the
 * environment of tasks; this keeps it a plain name everywhere.
 *
 * <p>The ids Updraft makes itself ({@code manual__2026-01-01T00:00:00+00:00}, {@code scheduled__},
 * {@code backfill__}) are of this form.
 */
public final class RunIds {
  public static final int MAX_LENGTH = 250;

  /** The allowed characters as the error messages list them. */
  public static final String ALLOWED = "A-Z a-z 0-9 _ . ~ : + -";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.~:+-]+");

  private RunIds() {}

  public static boolean isValid(String runId) {
    return runId != null
        && runId.length() <= MAX_LENGTH
        && SAFE.matcher(runId).matches()
        && !runId.equals(".")
        && !runId.equals("..");
  }

  /**
   * Returns {@code runId} if it is valid, else throws naming {@code field} (such as {@code
   * 'dag_run_id'} or {@code --run-id}), the rule and the first character that breaks it.
   */
  public static String check(String runId, String field) {
    if (isValid(runId)) {
      return runId;
    }
    String problem;
    if (runId == null || runId.isEmpty()) {
      problem = "it is empty";
    } else if (runId.length() > MAX_LENGTH) {
      problem = "it has " + runId.length() + " characters";
    } else if (runId.equals(".") || runId.equals("..")) {
      problem = "'.' and '..' name directories in URLs";
    } else {
      int at = firstUnsafe(runId);
      problem =
          "the character "
              + InvalidInputException.quote(runId.substring(at, at + 1))
              + " at position "
              + (at + 1)
              + " is not allowed";
    }
    throw new InvalidInputException(
        field
            + " "
            + (runId == null ? "''" : InvalidInputException.quote(runId))
            + " is not a valid run id: "
            + problem
            + ". A run id has 1 to "
            + MAX_LENGTH
            + " characters from "
            + ALLOWED
            + " (such as manual__2026-01-01T00:00:00+00:00); choose another, or leave it out to"
            + " get one made from the logical date.");
  }

  private static int firstUnsafe(String runId) {
    for (int i = 0; i < runId.length(); i++) {
      if (!SAFE.matcher(runId.substring(i, i + 1)).matches()) {
        return i;
      }
    }
    return 0;
  }
}
