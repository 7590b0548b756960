package io.ovrseer.spec;

import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * What a message says after a name that is not among the known ones: the nearest known name ("did
 * you mean") and the known names. The one formatter of {@code known: [...]} lists, so that every
 * such message is bounded the same way however many names a declaration has.
 */
public final class Suggestions {
  private static final int MAX_DISTANCE = 2;

  /**
   * The most names a {@code known: [...]} list shows; the others are counted ({@code and 23980
   * more}). Enough for every list of keys, bounded for a declaration with thousands of processes.
   */
  static final int MAX_LISTED = 20;

  /**
   * The most candidates searched for the nearest name: beyond that, none is suggested. Each mistake
   * is compared with every candidate, so thousands of mistaken ids among thousands of processes
   * would take minutes; a typo is found among a few hundred names, not among thousands.
   */
  static final int MAX_SEARCHED = 1_000;

  private Suggestions() {}

  /** The shortest name taken for a prefix of another: {@code env} for {@code environment}. */
  private static final int MIN_PREFIX = 3;

  /**
   * The candidate nearest {@code name} (at most two edits away, ignoring case, and fewer edits than
   * {@code name} has letters), if any; else the one that is its plural or singular ({@code retries}
   * for {@code retry}, {@code dependencies} for {@code dependency}); else the one candidate that
   * begins with {@code name} or with which {@code name} begins, ignoring case, {@code _} and {@code
   * -} ({@code workingDirectory} for {@code workingDir} or {@code working_dir}, {@code env} for
   * {@code environment}), if only one does and the shorter of the two has at least {@value
   * #MIN_PREFIX} letters; none among more than {@value #MAX_SEARCHED} candidates.
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    if (candidates.size() > MAX_SEARCHED) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String candidate : candidates) {
      if (Math.abs(candidate.length() - name.length()) > MAX_DISTANCE) {
        continue; // more edits away than that, whatever the letters
      }
      int d = distance(name, candidate);
      // Fewer edits than the name has letters: "x" or a blank name is not a typo of "c".
      if (d < bestDistance && d < name.length() && !candidate.equals(name)) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    // A singular is three edits from its plural in "ies" (retry, dependency) and may begin
    // another name (retryDelay): the plural is the one meant.
    for (String candidate : candidates) {
      if (isPlural(candidate, name) || isPlural(name, candidate)) {
        return Optional.of(candidate);
      }
    }
    return onlyPrefix(name, candidates);
  }

  /** Whether {@code plural} is an English plural of {@code singular}, ignoring case. */
  private static boolean isPlural(String plural, String singular) {
    String p = loose(plural);
    String s = loose(singular);
    return !s.isEmpty()
        && (p.equals(s + "s")
            || p.equals(s + "es")
            || (s.endsWith("y") && p.equals(s.substring(0, s.length() - 1) + "ies")));
  }

  /** The one candidate that is a prefix of {@code name} or has it as one, loosely; see closest. */
  private static Optional<String> onlyPrefix(String name, Collection<String> candidates) {
    String loose = loose(name);
    String found = null;
    for (String candidate : candidates) {
      String other = loose(candidate);
      boolean prefix =
          Math.min(loose.length(), other.length()) >= MIN_PREFIX
              && !other.equals(loose)
              && (other.startsWith(loose) || loose.startsWith(other));
      if (prefix) {
        if (found != null) {
          return Optional.empty(); // ambiguous
        }
        found = candidate;
      }
    }
    return Optional.ofNullable(found);
  }

  private static String loose(String name) {
    return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** {@code "; did you mean [x]?"} for the nearest candidate, or {@code ";"}. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return closest(name, candidates).map(c -> "; did you mean [" + c + "]?").orElse(";");
  }

  /**
   * What follows a {@code name} that is none of {@code candidates}: {@code "; did you mean [x]?
   * known: [a, b, x]"}, or {@code "; known: [...]"} when no candidate is near.
   */
  public static String among(String name, Collection<String> candidates) {
    return didYouMean(name, candidates) + " known: " + list(candidates);
  }

  /**
   * {@code [a, b, c]}, in the collection's order; past {@value #MAX_LISTED} names {@code [a, ...]
   * and N more}.
   */
  public static String list(Collection<String> names) {
    StringJoiner shown = new StringJoiner(", ", "[", "]");
    Iterator<String> it = names.iterator();
    for (int i = 0; i < MAX_LISTED && it.hasNext(); i++) {
      shown.add(it.next());
    }
    int more = names.size() - MAX_LISTED;
    return more > 0 ? shown + " and " + more + " more" : shown.toString();
  }

  /**
   * The edit distance of {@code a} and {@code b} ignoring case, or {@code MAX_DISTANCE + 1} as soon
   * as it is sure to be more than {@link #MAX_DISTANCE}.
   */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = i;
      char c = Character.toLowerCase(a.charAt(i - 1));
      for (int j = 1; j <= b.length(); j++) {
        int cost = c == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > MAX_DISTANCE) {
        return MAX_DISTANCE + 1; // no later row is smaller
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
