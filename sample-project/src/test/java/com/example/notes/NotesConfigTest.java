package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plain unit test (Surefire, {@code mvn test}): integration tests are the {@code *IT} classes.
 */
class NotesConfigTest {

  @Test
  void readsOptionsFirstThenTheEnvironment() {
    NotesConfig config =
        NotesConfig.parse(
            new String[] {"--port", "9000", "--db-port", "9092"},
            Map.of("NOTES_PORT", "1", "NOTES_CACHE", "redis://localhost:6379"));

    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.dbUrl()).isEqualTo("jdbc:h2:tcp://localhost:9092/./notes");
    assertThat(config.cache()).isEqualTo("redis://localhost:6379");
    assertThat(config.dbUser()).isEqualTo("sa");
  }

  @Test
  void requiresADatabase() {
    assertThatThrownBy(() -> NotesConfig.parse(new String[] {"--port", "9000"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--db-url");
  }
}
