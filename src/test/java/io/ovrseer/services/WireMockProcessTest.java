package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
}
