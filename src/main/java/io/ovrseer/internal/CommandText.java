package io.ovrseer.internal;

import java.io.File;
import java.util.List;
import java.util.Set;

/**
 * A command line as messages show it: the class path after {@code -cp}, {@code -classpath}, {@code
 * --class-path} or {@code --module-path} (and {@code -p}) is shortened to its first entry and the
 * number of entries, and a line still longer than 300 characters keeps its two ends. Only for human
 * text: crash reports keep the command and its arguments whole.
 */
public final class CommandText {
  private static final int MAX_LENGTH = 300;
  private static final Set<String> PATH_OPTIONS =
      Set.of("-cp", "-classpath", "--class-path", "--module-path", "-p");

  private CommandText() {}

  /**
   * {@code command} and {@code args} joined by spaces, with long paths shortened, such as {@code
   * java -cp target/classes… (37 entries) com.example.Main}.
   */
  public static String of(String command, List<String> args) {
    StringBuilder text = new StringBuilder(command);
    boolean pathNext = false;
    for (String arg : args) {
      text.append(' ').append(pathNext ? shortPath(arg) : arg);
      pathNext = PATH_OPTIONS.contains(arg);
    }
    // Whatever is still long sits in the middle; the program and its own arguments are at the ends.
    return text.length() > MAX_LENGTH
        ? text.substring(0, 120) + " ... " + text.substring(text.length() - 175)
        : text.toString();
  }

  private static String shortPath(String path) {
    String[] entries = path.split(File.pathSeparator, -1);
    return entries.length < 2 ? path : entries[0] + "… (" + entries.length + " entries)";
  }
}
