package io.ovrseer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.internal.SearchPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The other side of a race, for tests of a root JVM acting inside a directory that user {@code
 * nobody} owns: a perl process run as {@code nobody} (util-linux {@code setpriv}) that, for each
 * entry it is {@linkplain #arm given}, plants a link to a victim file beside it ({@code
 * <entry>.link}, symbolic or hard) and then exchanges the two in one step ({@code renameat2} with
 * {@code RENAME_EXCHANGE}), trying again until the entry exists, for at most 20 s. Needs root,
 * {@code setpriv}, perl and x86-64 (where {@code renameat2} is syscall 316): see {@link
 * #assumeUsable()}.
 */
public final class LinkSwapper implements AutoCloseable {
  /** The kind of link planted in an entry's place. */
  public enum Link {
    SYMBOLIC,
    HARD
  }

  private static final String SCRIPT =
      """
      $| = 1;
      my ($hard, $victim) = @ARGV;
      while (my $entry = <STDIN>) {
        chomp $entry;
        my $link = "$entry.link";
        ($hard ? link($victim, $link) : symlink($victim, $link)) or die "link: $!";
        print "ready\\n";
        my $end = time + 20;
        # renameat2(AT_FDCWD, link, AT_FDCWD, entry, RENAME_EXCHANGE): swapped in one step.
        until (syscall(316, -100, $link, -100, $entry, 2) == 0) {
          last if time > $end;
        }
        print "swapped\\n";
      }
      """;

  private final Process perl;
  private final BufferedReader said;
  private final Writer told;

  private LinkSwapper(Process perl) {
    this.perl = perl;
    this.said =
        new BufferedReader(new InputStreamReader(perl.getInputStream(), StandardCharsets.UTF_8));
    this.told = new OutputStreamWriter(perl.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Skips the test where perl or the x86-64 syscall number is missing. */
  public static void assumeUsable() {
    assumeTrue(SearchPath.find("perl", System.getenv("PATH")).isPresent(), "perl on PATH");
    assumeTrue("amd64".equals(System.getProperty("os.arch")), "renameat2 is syscall 316 on x86-64");
  }

  /**
   * Starts the swapper as {@code nobody}, planting links of kind {@code link} to {@code victim}.
   */
  public static LinkSwapper start(Link link, Path victim) throws IOException {
    return new LinkSwapper(
        new ProcessBuilder(
                "setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                "perl",
                "-e",
                SCRIPT,
                link == Link.HARD ? "1" : "0",
                victim.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start());
  }

  /**
   * Plants the link beside {@code entry} and returns once it is there; the swapper then tries the
   * exchange until {@code entry} exists (root made it), for at most 20 s.
   */
  public void arm(Path entry) throws IOException {
    told.write(entry + "\n");
    told.flush();
    assertThat(said.readLine()).as("the swapper planted its link").isEqualTo("ready");
  }

  /** Waits until the exchange for the last armed entry was made or given up. */
  public void awaitSwap() throws IOException {
    assertThat(said.readLine()).as("the swapper's exchange").isEqualTo("swapped");
  }

  /** Ends the swapper (its input closed) and checks that it exited. */
  @Override
  public void close() throws IOException, InterruptedException {
    told.close();
    assertThat(perl.waitFor(30, TimeUnit.SECONDS)).as("the swapper exited").isTrue();
  }
}
