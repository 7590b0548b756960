package com.example.notes;

/**
 * A note: a piece of text with the id the database gave it.
 *
 * @param id the note's id
 * @param text the note's text
 */
public record Note(long id, String text) {}
