package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class WireMockProcessTest {

  @Test
  void answersAStubFromTheStubsDirectory(@TempDir Path stubs) throws Exception {
    Files.createDirectories(stubs.resolve("mappings"));
    Files.writeString(
        stubs.resolve("mappings/hello.json"),
        """
        { "request": { "method": "GET", "url": "/hello" },
          "response": { "status": 200, "body": "hello from a stub" } }
        """);
    WireMockProcess mocks = WireMockProcess.builder().stubs(stubs).build();
    try {
      mocks.start();
      mocks.ready().get(2, TimeUnit.MINUTES);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(mocks.baseUrl() + "/hello")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello from a stub");
      assertThat(mocks.connectionProperties())
          .containsEntry("baseUrl", "http://127.0.0.1:" + mocks.port());
    } finally {
      mocks.stop();
    }
  }

  @Test
  void aStubsDirectoryThatIsAFileIsSaidToBeAFile(@TempDir Path dir) throws Exception {
    // It was said not to exist.
    Path file = Files.writeString(dir.resolve("stubs.json"), "{}");
    assertThatThrownBy(() -> WireMockProcess.builder().stubs(file).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WireMock stubs directory " + file + " is not a directory");
  }

  @Test
  void aJarGivenThatIsMissingOrADirectoryIsRefusedWhenBuilt(@TempDir Path dir) {
    // It failed only at start, as java's "Unable to access jarfile" in a readiness failure.
    Path missing = dir.resolve("wiremock-standalone.jar");
    assertThatThrownBy(() -> WireMockProcess.builder().jar(missing).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WireMock jar " + missing + " does not exist");
    assertThatThrownBy(() -> WireMockProcess.builder().jar(dir).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WireMock jar " + dir + " is not a file");
  }

  @Test
  void anArgumentRepeatingAnOptionOvrseerGivesIsRefused(@TempDir Path stubs) {
    // WireMock given --port (or --bind-address, --root-dir) twice exited at once with only
    // "Exception: java.util.MissingResourceException thrown from the UncaughtExceptionHandler"
    // in the readiness failure: nothing said which argument or why.
    assertThatThrownBy(() -> WireMockProcess.builder().args("--verbose", "--port", "8089"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "WireMock argument [--port] repeats an option Ovrseer gives WireMock, which fails on"
                + " it; use port(int)");
    assertThatThrownBy(() -> WireMockProcess.builder().args("--bind-address=0.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "WireMock argument [--bind-address=0.0.0.0] repeats an option Ovrseer gives WireMock,"
                + " which fails on it; it listens on 127.0.0.1 only");
    assertThatThrownBy(
            () -> WireMockProcess.builder().stubs(stubs).args("--root-dir", "elsewhere").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "WireMock argument [--root-dir] and stubs("
                + stubs
                + ") both give its root directory, which WireMock fails on; give one");
    // Without stubs(..), --root-dir is how WireMock is given its root directory.
    assertThat(WireMockProcess.builder().args("--root-dir", stubs.toString()).build().args())
        .containsSequence("--root-dir", stubs.toString());
  }

  @Test
  void theStandaloneJarIsTakenBesideThePlainWireMockJarThatAlsoHoldsItsMainClass(@TempDir Path dir)
      throws Exception {
    Path plain = plainWireMockJar(dir);
    Path standalone = standaloneJar();
    WireMockProcess mocks =
        withClassPath(new URL[] {plain.toUri().toURL(), standalone.toUri().toURL()});
    assertThat(mocks.args()).contains(standalone.toString()).doesNotContain(plain.toString());
  }

  @Test
  void thePlainWireMockJarAloneIsNotTakenForTheServer(@TempDir Path dir) throws Exception {
    URL[] plainOnly = {plainWireMockJar(dir).toUri().toURL()};
    assertThatThrownBy(() -> withClassPath(plainOnly))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("add the test dependency org.wiremock:wiremock-standalone");
  }

  /** The unit built with the context class loader seeing only {@code classPath}; not started. */
  private static WireMockProcess withClassPath(URL[] classPath) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader given =
        new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(given);
      return WireMockProcess.builder().build();
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  /**
   * A stand-in for the plain {@code org.wiremock:wiremock} jar as far as finding the server goes:
   * it holds {@code wiremock/Run.class}, as the real one does, and none of the shaded server.
   */
  private static Path plainWireMockJar(Path dir) throws Exception {
    Path jar = dir.resolve("wiremock-3.13.2.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream entries = new JarOutputStream(out)) {
      entries.putNextEntry(new ZipEntry("wiremock/Run.class"));
      entries.closeEntry();
    }
    return jar;
  }

  /** The wiremock-standalone jar of the test class path. */
  private static Path standaloneJar() throws Exception {
    URL main = WireMockProcessTest.class.getClassLoader().getResource("wiremock/Run.class");
    assertThat(main).as("wiremock-standalone on the test class path").isNotNull();
    return Path.of(((java.net.JarURLConnection) main.openConnection()).getJarFileURL().toURI());
  }
}
