package com.example.notes.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A notes service: notes are stored in PostgreSQL ({@code spring.datasource.*}) and cached in
 * Redis ({@code spring.data.redis.*}). {@code POST /notes} with the text as body creates one and
 * answers its id; {@code GET /notes/{id}} answers its text. Health: {@code /actuator/health}.
 */
@SpringBootApplication
@EnableCaching
public class NotesBootApp {
  public static void main(String[] args) {
    SpringApplication.run(NotesBootApp.class, args);
  }
}
