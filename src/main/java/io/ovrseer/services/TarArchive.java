package io.ovrseer.services;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Unpacks a tar stream (POSIX ustar, with GNU long names and pax path headers) into a directory:
 * regular files with their permission bits, directories and relative symbolic links. Entries that
 * would land outside the target directory are refused.
 */
final class TarArchive {
  private static final int BLOCK = 512;

  private TarArchive() {}

  /** Unpacks {@code tar} into {@code target}, which must exist. */
  static void unpack(InputStream tar, Path target) throws IOException {
    boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
    byte[] header = new byte[BLOCK];
    String longName = null;
    String longLink = null;
    while (true) {
      if (!readBlock(tar, header)) {
        return;
      }
      if (isZero(header)) {
        return;
      }
      String name = longName != null ? longName : name(header);
      String link = longLink != null ? longLink : string(header, 157, 100);
      longName = null;
      longLink = null;
      long size = octal(header, 124, 12);
      int mode = (int) octal(header, 100, 8);
      char type = (char) header[156];
      switch (type) {
        case 'L' -> longName = trimNul(new String(readData(tar, size), StandardCharsets.UTF_8));
        case 'K' -> longLink = trimNul(new String(readData(tar, size), StandardCharsets.UTF_8));
        case 'x' -> {
          String pax = new String(readData(tar, size), StandardCharsets.UTF_8);
          longName = paxValue(pax, "path");
          longLink = paxValue(pax, "linkpath");
        }
        case 'g' -> readData(tar, size);
        case '5' -> Files.createDirectories(inside(target, name));
        case '2' -> {
          Path at = inside(target, name);
          Path resolved = at.getParent().resolve(link).normalize();
          if (!resolved.startsWith(target) || Path.of(link).isAbsolute()) {
            throw new IOException("tar entry [" + name + "] links outside the archive: " + link);
          }
          Files.createDirectories(at.getParent());
          Files.deleteIfExists(at);
          Files.createSymbolicLink(at, Path.of(link));
        }
        case '0', '\0', '7' -> {
          Path at = inside(target, name);
          Files.createDirectories(at.getParent());
          try (OutputStream out = Files.newOutputStream(at)) {
            copy(tar, out, size);
          }
          skipPadding(tar, size);
          if (posix) {
            Files.setPosixFilePermissions(at, permissions(mode));
          }
        }
        default -> throw new IOException("tar entry [" + name + "] has unsupported type " + type);
      }
    }
  }

  private static Path inside(Path target, String name) throws IOException {
    Path at = target.resolve(name).normalize();
    if (!at.startsWith(target)) {
      throw new IOException("tar entry [" + name + "] lies outside the archive's directory");
    }
    return at;
  }

  private static String name(byte[] header) {
    String name = string(header, 0, 100);
    String prefix = string(header, 345, 155);
    boolean ustar = string(header, 257, 5).equals("ustar");
    return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
  }

  private static String paxValue(String pax, String key) {
    // Records are "<length> <key>=<value>\n".
    for (String record : pax.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith(key + "=", space + 1)) {
        return record.substring(space + 2 + key.length());
      }
    }
    return null;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    if (size > 1 << 20) {
      throw new IOException("tar header record of " + size + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length != size) {
      throw new EOFException("tar archive ends inside a header record");
    }
    skipPadding(in, size);
    return data;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("tar archive ends inside a file");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    long padding = (BLOCK - size % BLOCK) % BLOCK;
    in.skipNBytes(padding);
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int n = in.readNBytes(block, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n != BLOCK) {
      throw new EOFException("tar archive ends inside a header");
    }
    return true;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static long octal(byte[] header, int offset, int length) {
    String text = string(header, offset, length).trim();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }

  private static String string(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String trimNul(String text) {
    int nul = text.indexOf('\0');
    return nul < 0 ? text : text.substring(0, nul);
  }
}
