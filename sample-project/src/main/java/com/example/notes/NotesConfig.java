package com.example.notes;

import java.util.HashMap;
import java.util.Map;

/**
 * The service's configuration, from command-line options or, when an option is absent, from
 * environment variables.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@code --port}</td><td>{@code NOTES_PORT}</td><td>8080</td></tr>
 *   <tr><td>{@code --db-url}</td><td>{@code NOTES_DB_URL}</td><td>required (or {@code --db-port})</td></tr>
 *   <tr><td>{@code --db-port}</td><td>{@code NOTES_DB_PORT}</td><td>shorthand for the H2 server
 *       {@code jdbc:h2:tcp://localhost:<port>/./notes}</td></tr>
 *   <tr><td>{@code --db-user}</td><td>{@code NOTES_DB_USER}</td><td>{@code sa}</td></tr>
 *   <tr><td>{@code --db-password}</td><td>{@code NOTES_DB_PASSWORD}</td><td>empty</td></tr>
 *   <tr><td>{@code --cache}</td><td>{@code NOTES_CACHE}</td><td>{@code memory}; or
 *       {@code redis://host:port}</td></tr>
 * </table>
 *
 * @param port the HTTP port
 * @param dbUrl the JDBC URL of the database
 * @param dbUser the database user
 * @param dbPassword the database password
 * @param cache {@code memory} or a {@code redis://host:port} URI
 */
public record NotesConfig(int port, String dbUrl, String dbUser, String dbPassword, String cache) {

  /**
   * Reads the configuration from {@code args} ({@code --name value} pairs), falling back to {@code
   * env}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value or a bad number
   */
  public static NotesConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got [" + name + "]");
      }
      options.put(name.substring(2), args[i + 1]);
    }
    Settings settings = new Settings(options, env);
    String dbUrl = settings.get("db-url", null);
    if (dbUrl == null) {
      String dbPort = settings.get("db-port", null);
      if (dbPort == null) {
        throw new IllegalArgumentException("--db-url (or --db-port) is required");
      }
      dbUrl = "jdbc:h2:tcp://localhost:" + number("db-port", dbPort) + "/./notes";
    }
    return new NotesConfig(
        number("port", settings.get("port", "8080")),
        dbUrl,
        settings.get("db-user", "sa"),
        settings.get("db-password", ""),
        settings.get("cache", "memory"));
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + option + " must be a number, got [" + value + "]");
    }
  }

  /** Option lookup: command line first, then {@code NOTES_<OPTION>} in the environment. */
  private record Settings(Map<String, String> options, Map<String, String> env) {
    String get(String option, String defaultValue) {
      String value = options.get(option);
      if (value == null) {
        value = env.get("NOTES_" + option.toUpperCase().replace('-', '_'));
      }
      return value == null ? defaultValue : value;
    }
  }
}
