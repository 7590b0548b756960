package com.example.notes.boot;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP API: plain text in, plain text out. */
@RestController
public class NotesController {
  private final NoteStore notes;

  public NotesController(NoteStore notes) {
    this.notes = notes;
  }

  @PostMapping("/notes")
  public String create(@RequestBody String text) {
    return Long.toString(notes.add(text));
  }

  @GetMapping("/notes/{id}")
  public ResponseEntity<String> read(@PathVariable long id) {
    return notes.text(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
  }
}
