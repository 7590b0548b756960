package io.ovrseer.internal;

import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.FixtureJvm;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fixture for {@code OrphanGuardTest}, meant to run inside a PID namespace of its own: spawns a
 * process, then has a second JVM sweep the registry from a time namespace whose boot time is half a
 * second off (as a clock corrected by NTP makes it for JVMs started before and after), and prints
 * whether that JVM saw this one start at another time, whether the process is still running and
 * whether this JVM's registry directory is still there.
 */
public final class ClockSkewedSweep {
  /**
   * Runs its arguments in a new time namespace (unshare(CLONE_NEWTIME), system call 272 on x86-64)
   * whose boot-time clock is 0.5 s ahead: the JDK there reads {@code /proc/stat}'s boot time, a
   * whole second, half a second apart from the process start times it adds to it.
   */
  private static final String SKEWED_CLOCK =
      "syscall(272, 0x80) == 0 or die \"unshare(CLONE_NEWTIME): $!\\n\";"
          + " open(my $f, '>', '/proc/self/timens_offsets') or die \"$!\\n\";"
          + " print $f \"boottime 0 500000000\\n\"; close($f) or die \"timens_offsets: $!\\n\";"
          + " exec @ARGV or die \"exec: $!\\n\";";

  private ClockSkewedSweep() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3) {
      long seen = ProcessHandle.of(Long.parseLong(args[1])).map(OrphanGuard::startOf).orElse(0L);
      if (seen != Long.parseLong(args[2])) {
        System.out.println("the other JVM sees this one start at another time");
      }
      OrphanGuard.sweepDeadJvms();
      return;
    }
    ProcessUnit unit = ProcessUnit.builder("sleep", "600").build();
    unit.start();
    try {
      Path dir = OrphanGuard.get().directory().orElseThrow();
      ProcessHandle self = ProcessHandle.current();
      Process other =
          new ProcessBuilder(
                  "perl",
                  "-e",
                  SKEWED_CLOCK,
                  FixtureJvm.java(),
                  "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                  "-cp",
                  FixtureJvm.projectClasses(),
                  ClockSkewedSweep.class.getName(),
                  "sweep",
                  Long.toString(self.pid()),
                  Long.toString(OrphanGuard.startOf(self)))
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      other.waitFor();
      System.out.println(unit.isRunning() ? "process alive" : "process killed");
      System.out.println(
          Files.isDirectory(dir) ? "registry directory kept" : "registry directory removed");
    } finally {
      unit.stop();
    }
  }
}
