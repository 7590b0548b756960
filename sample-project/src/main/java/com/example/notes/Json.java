package com.example.notes;

/** Writes notes as JSON: {@code {"id":1,"text":"..."}}. Small enough not to need a library. */
final class Json {

  private Json() {}

  static String of(Note note) {
    return "{\"id\":" + note.id() + ",\"text\":" + string(note.text()) + "}";
  }

  static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
