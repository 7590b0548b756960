package io.ovrseer.bench;

import io.ovrseer.internal.ProcessBackend;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Main of the JVM that measures the orchestration scenario with the portable backend (started with
 * {@code -Dovrseer.platform=portable}; the backend is chosen once per JVM): raw and Ovrseer
 * alternated as in the orchestration benchmark, the medians printed as {@code key=nanos} lines
 * ({@code <moment>.<raw|ovrseer>.<start|stop>}, moments {@code cold}, {@code early}, {@code
 * steady}; cold rounds as start and stop added up, under {@code start}).
 */
public final class PortableOrchestration {
  private PortableOrchestration() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    String backend = ProcessBackend.get().name();
    if (!backend.equals("portable")) {
      throw new IllegalStateException("expected the portable backend, got " + backend);
    }
    AlternatingRounds.Timings timings =
        AlternatingRounds.run(List.of(TenProcesses::raw, TenProcesses::ovrseer), 2);
    String[] variants = {"raw", "ovrseer"};
    for (int v = 0; v < variants.length; v++) {
      long[][] cold = timings.cold()[v];
      long[] coldTotal = new long[cold[0].length];
      for (int round = 0; round < coldTotal.length; round++) {
        coldTotal[round] = cold[0][round] + cold[1][round];
      }
      out.println("cold." + variants[v] + ".start=" + BenchmarkReport.median(coldTotal));
      out.println(
          "early." + variants[v] + ".start=" + BenchmarkReport.median(timings.early()[v][0]));
      out.println(
          "early." + variants[v] + ".stop=" + BenchmarkReport.median(timings.early()[v][1]));
      out.println(
          "steady." + variants[v] + ".start=" + BenchmarkReport.median(timings.steady()[v][0]));
      out.println(
          "steady." + variants[v] + ".stop=" + BenchmarkReport.median(timings.steady()[v][1]));
    }
    out.flush();
    System.exit(0);
  }
}
