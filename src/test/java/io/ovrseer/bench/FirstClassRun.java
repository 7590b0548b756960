package io.ovrseer.bench;

/**
 * Main of a fresh JVM for the JUnit benchmark's first-class rows: runs two classes by hand with
 * Ovrseer's guarantees (warming the engine and the JDK's process code, as the classes before it in
 * a suite would), then a third class, by hand or annotated ({@code args[0]}: {@code hand} or {@code
 * ovrseer}), and prints that third class's wall time in nanoseconds and the number of classes the
 * JVM loaded while it ran.
 */
public final class FirstClassRun {
  private FirstClassRun() {}

  public static void main(String[] args) {
    java.io.PrintStream out = System.out;
    // The extension's "environment ... ready" lines would otherwise be read as the result.
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    JunitOverhead.time(JunitOverhead.ByHandWithGuarantees.class);
    JunitOverhead.time(JunitOverhead.ByHandWithGuarantees.class);
    var classes = java.lang.management.ManagementFactory.getClassLoadingMXBean();
    long loadedBefore = classes.getTotalLoadedClassCount();
    long third =
        JunitOverhead.time(
            args[0].equals("ovrseer")
                ? JunitOverhead.WithOvrseer.class
                : JunitOverhead.ByHandWithGuarantees.class);
    out.println(third + " " + (classes.getTotalLoadedClassCount() - loadedBefore));
    out.flush();
    System.exit(0);
  }
}
