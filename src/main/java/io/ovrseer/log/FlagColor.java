package io.ovrseer.log;

/** The colour a {@link Flag} is shown in by the terminal UI and reports. Default {@link #RED}. */
public enum FlagColor {
  GREEN,
  BLUE,
  RED,
  YELLOW,
  TEAL,
  PURPLE,
  ORANGE
}
