package io.ovrseer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * How a process is started as the leader of a new session, so that whatever it forks can be found
 * and stopped later: the program to put before its command line.
 *
 * <p>On Linux x86-64 and AArch64 that is ovrseer-setsid, a program of about 700 bytes without a C
 * library (its sources are {@code src/main/native/ovrseer-setsid-x86_64.S} and {@code
 * ovrseer-setsid-aarch64.S}), written once per user to {@code <java.io.tmpdir>/ovrseer-<user>/bin}:
 * it starts about 0.4 ms sooner than util-linux's dynamically linked {@code setsid}, per process.
 * On other systems, with {@code -Dovrseer.setsid.system=true}, or where it cannot be written or run
 * (another user owns that directory, {@code /tmp} is mounted noexec), {@code setsid} from PATH is
 * used; with neither, no prefix: processes then stay in the JVM's session, and only their
 * descendants are found.
 */
public final class SessionLeader {
  private static final LazyLogger LOG = new LazyLogger(SessionLeader.class);

  /**
   * ovrseer-setsid for x86-64, as built from its source; SessionLeaderTest checks that they match.
   */
  static final byte[] HELPER_X86_64 =
      Base64.getDecoder()
          .decode(
              "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAeABAAAAAAABAAAAAAAAAAEACAAAAAAAAAAAAAEAAOAAB"
                  + "AEAAAwACAAEAAAAFAAAAeAAAAAAAAAB4AEAAAAAAAHgAQAAAAAAAswEAAAAAAACzAQAAAAAAAAEA"
                  + "AAAAAAAAuHAAAAAPBUiLHCRIg/sCD4wHAQAATI1kJBBNiywkTI103BBBgX0ALS13YXVBZkGBfQRp"
                  + "dHU4QYB9BgB1MUiD+wMPjNUAAAAx/0iNdCT4ugEAAAAxwA8FSIP4/HTqSIXAD46tAAAASYPECE2L"
                  + "LCRMie9MieZMifK4OwAAAA8FSIP4+HUbSI09yQAAAEmJfCT4SY10JPhMifK4OwAAAA8FSPfYSYnH"
                  + "SI01sAAAALofAAAA6IMAAABMie7oiAAAAOh2AAAASI01sQAAALoIAAAA6GUAAABIg+wgSI10JB/G"
                  + "BgpMifi5CgAAADHSSPfxgMIwSP/OiBZIhcB17kiNVCQgSCny6DIAAAC/fwAAALjnAAAADwUx/7jn"
                  + "AAAADwVIjTVgAAAAujAAAADoDAAAAL8CAAAAuOcAAAAPBb8CAAAAuAEAAAAPBcMx0oA8FgB0BUj/"
                  + "wuv1wy9iaW4vc2gAb3Zyc2Vlci1zZXRzaWQ6IGNhbm5vdCBleGVjdXRlIDogZXJybm8gdXNhZ2U6"
                  + "IG92cnNlZXItc2V0c2lkIFstLXdhaXRdIFBST0dSQU0gW0FSRy4uLl0KAC5zaHN0cnRhYgAudGV4"
                  + "dAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                  + "AAAAAAAAAAAAAAAAAAsAAAABAAAABgAAAAAAAAB4AEAAAAAAAHgAAAAAAAAAswEAAAAAAAAAAAAA"
                  + "AAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAwAAAAAAAAAAAAAAAAAAAAAAAAArAgAAAAAAABEAAAAA"
                  + "AAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAA");

  /** ovrseer-setsid for AArch64, as built from its source; SessionLeaderTest checks that too. */
  static final byte[] HELPER_AARCH64 =
      Base64.getDecoder()
          .decode(
              "f0VMRgIBAQAAAAAAAAAAAAIAtwABAAAAeABAAAAAAABAAAAAAAAAAGACAAAAAAAAAAAAAEAAOAAB"
                  + "AEAAAwACAAEAAAAFAAAAeAAAAAAAAAB4AEAAAAAAAHgAQAAAAAAA1wEAAAAAAADXAQAAAAAAAAQA"
                  + "AAAAAAAAqBOA0gEAANTzA0D5fwoA8SsJAFT0QwCRlQJA+fZvM4vWQgCRowJAuWQKABh/AARrgQIA"
                  + "VKMKQHkkjY5SfwAEawECAFSjGkA5wwEANX8OAPErBwBUAACA0uFDANEiAIDS6AeA0gEAANQfEACx"
                  + "QP//VB8AAPGtBQBUlCIAkZUCQPngAxWq4QMUquIDFqqoG4DSAQAA1B8gALHhAABU4AYAEICCH/iB"
                  + "IgDR4gMWqqgbgNIBAADU9wMAy0EGABDiA4DSIwAAlOEDFaolAACUIAAAlGEGAHACAYDSHQAAlP+D"
                  + "ANHhfwCRQwGAUiMAADnkAxeqRQGA0oYIxZrHkAWb58AAkSEEANEnAAA55AMGqkT//7XigwCRQgAB"
                  + "yw0AAJTgD4DSyAuA0gEAANQAAIDSyAuA0gEAANSBAwBwAgaA0gQAAJRAAIDSyAuA0gEAANRAAIDS"
                  + "CAiA0gEAANTAA1/WAgCA0iNoYjhjAAA0QgQAkf3//xfAA1/WLS13YS9iaW4vc2gAb3Zyc2Vlci1z"
                  + "ZXRzaWQ6IGNhbm5vdCBleGVjdXRlIDogZXJybm8gdXNhZ2U6IG92cnNlZXItc2V0c2lkIFstLXdh"
                  + "aXRdIFBST0dSQU0gW0FSRy4uLl0KAC5zaHN0cnRhYgAudGV4dAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                  + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACwAAAAEAAAAGAAAA"
                  + "AAAAAHgAQAAAAAAAeAAAAAAAAADXAQAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAEAAAAD"
                  + "AAAAAAAAAAAAAAAAAAAAAAAAAE8CAAAAAAAAEQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAA"
                  + "AAA=");

  /** ovrseer-setsid for this JVM's architecture, or null where there is none. */
  static final byte[] HELPER = helperFor(System.getProperty("os.arch", ""));

  /** ovrseer-setsid for the architecture {@code arch} (as {@code os.arch} names it), or null. */
  static byte[] helperFor(String arch) {
    return switch (arch) {
      case "amd64", "x86_64" -> HELPER_X86_64;
      case "aarch64", "arm64" -> HELPER_AARCH64;
      default -> null;
    };
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private static final Optional<String> SYSTEM_SETSID =
      SearchPath.find("setsid", System.getenv("PATH")).map(Path::toString);

  private static volatile Optional<String> helper = installHelper();

  private SessionLeader() {}

  /** The program that makes a process a session leader, or empty if there is none. */
  public static Optional<String> prefix() {
    Optional<String> own = helper;
    return own.isPresent() ? own : SYSTEM_SETSID;
  }

  /**
   * The program that makes a process a session leader and executes it only once released, {@code
   * ovrseer-setsid} (used as {@code ovrseer-setsid --wait COMMAND...}); empty where ovrseer-setsid
   * is not used.
   */
  public static Optional<String> waitingPrefix() {
    return helper;
  }

  /**
   * Called when a spawn through {@code prefix} failed: if that was ovrseer-setsid, it is not used
   * again in this JVM and true is returned, so that the caller spawns again with the new {@link
   * #prefix()}.
   */
  public static boolean giveUpHelper(String prefix, IOException failure) {
    Optional<String> own = helper;
    if (own.isEmpty() || !own.get().equals(prefix)) {
      return false;
    }
    helper = Optional.empty();
    LOG.log(
        System.Logger.Level.WARNING,
        "{0} cannot be run here ({1}); processes are started under {2} from now on",
        prefix,
        failure.toString(),
        SYSTEM_SETSID.orElse("no setsid (no new session)"));
    return true;
  }

  /** Where ovrseer-setsid is written: a directory of this user's, which no one else can write. */
  static Path directory() {
    return OrphanGuard.REGISTRY.getParent().resolve("bin");
  }

  private static Optional<String> installHelper() {
    if (!System.getProperty("os.name", "").equals("Linux")
        || HELPER == null
        || Boolean.getBoolean("ovrseer.setsid.system")) {
      return Optional.empty();
    }
    try {
      Path dir = directory();
      ownedPrivateDirectory(dir.getParent());
      ownedPrivateDirectory(dir);
      Path file = dir.resolve("ovrseer-setsid-" + fingerprint());
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !Arrays.equals(Files.readAllBytes(file), HELPER)) {
        Path written =
            Files.createTempFile(
                dir, "ovrseer-setsid", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.write(written, HELPER);
        Files.move(
            written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return Optional.of(file.toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "ovrseer-setsid not installed ({0}); setsid from PATH is used",
          e.toString());
      return Optional.empty();
    }
  }

  /**
   * Creates {@code dir} for this user only, or checks that it is: a directory another user could
   * write would let them replace the program every process is started through.
   */
  private static void ownedPrivateDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // Created meanwhile (another JVM): checked below like any other.
      }
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory");
    }
    String me = System.getProperty("user.name");
    String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
    if (!owner.equals(me)) {
      throw new IOException(dir + " belongs to " + owner + ", not to " + me);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
    if (permissions.contains(PosixFilePermission.GROUP_WRITE)
        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(dir + " can be written by others: " + permissions);
    }
  }

  /**
   * Tells versions of the program apart in its file name, so that JVMs of two Ovrseer versions do
   * not replace each other's. A plain hash: a digest would load the JDK's security providers, tens
   * of milliseconds on the first spawn of every JVM; what protects the file is its directory.
   */
  private static String fingerprint() {
    return Integer.toHexString(Arrays.hashCode(HELPER));
  }
}
