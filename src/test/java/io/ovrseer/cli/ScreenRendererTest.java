package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.log.Flag;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Frames drawn from processes that were never started, with log lines appended by the test. */
@ExtendWith(NoLeftoverProcesses.class)
class ScreenRendererTest {
  private static final int ROWS = 24;
  private static final int COLS = 80;

  private final Ovrseer ovrseer = new Ovrseer();
  private final ProcessLogger apiLog = new ProcessLogger();
  private ViewState state;

  @BeforeEach
  void environment() {
    apiLog.addFlag("errors", Flag.builder("ERROR").targetCount(0).contextWindowSize(1).build());
    ovrseer.addDependency("db", ProcessUnit.builder("db").build());
    ovrseer.addMainProcess("api", ProcessUnit.builder("api").logger(apiLog).build());
    ovrseer.addCleanupProcess("backup", ProcessUnit.builder("backup").build());
    for (int i = 1; i <= 30; i++) {
      apiLog.append(LogLine.Stream.STDOUT, "request " + i + "\twith a tab");
    }
    apiLog.append(LogLine.Stream.STDERR, "ERROR \u001B[31mred\u001B[0m failure");
    apiLog.append(LogLine.Stream.STDOUT, "after the error");
    state = new ViewState(List.of("db", "api", "backup"), true);
    state.moveSelection(1);
  }

  private List<String> frame() {
    List<AttributedString> lines =
        new ScreenRenderer(ovrseer, "env.yml").render(state.view(), state, ROWS, COLS);
    assertThat(lines)
        .hasSize(ROWS)
        .allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(COLS));
    return lines.stream().map(line -> line.toString().stripTrailing()).collect(Collectors.toList());
  }

  @Test
  void aScreenTooNarrowForTheNoticeStillShowsTheSizeItNeeds() {
    // Cut to the columns, the notice said "ovrseer: n" on a 10-column screen: not what it needs.
    assertThat(tooSmall(3, 10)).containsExactly("ovrseer:", "needs 20x5", "");
    assertThat(tooSmall(4, 15)).containsExactly("ovrseer: needs", "20x5", "", "");
    assertThat(tooSmall(2, 6)).as("without its name").containsExactly("needs", "20x5");
    assertThat(tooSmall(10, 19)).first().isEqualTo("ovrseer: needs 20x5");
    assertThat(tooSmall(4, 40)).first().isEqualTo("ovrseer: needs 20x5");
  }

  private List<String> tooSmall(int rows, int cols) {
    List<AttributedString> lines =
        new ScreenRenderer(ovrseer, "env.yml").render(state.view(), state, rows, cols);
    assertThat(lines)
        .hasSize(rows)
        .allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(cols));
    return lines.stream().map(line -> line.toString().stripTrailing()).toList();
  }

  @Test
  void theStateColumnIsAlignedWhateverTheWidthOfTheIds() {
    Ovrseer wide = new Ovrseer();
    List<String> ids =
        List.of("db", "\u65E5\u672C\u8A9E", "a-process-id-longer-than-the-id-column", "api");
    ids.forEach(id -> wide.addMainProcess(id, ProcessUnit.builder(id).build()));
    ViewState view = new ViewState(ids, false);

    List<String> frame =
        new ScreenRenderer(wide, "env.yml")
            .render(view.view(), view, ROWS, COLS).stream()
                .map(AttributedString::toString)
                .toList();

    String header = frame.stream().filter(l -> l.contains("STATE")).findFirst().orElseThrow();
    int state = Text.columns(header.substring(0, header.indexOf("STATE")));
    List<String> rows = frame.stream().filter(l -> l.contains("CREATED")).toList();
    assertThat(rows).hasSize(4);
    assertThat(rows)
        .allSatisfy(
            row ->
                assertThat(Text.columns(row.substring(0, row.indexOf("CREATED"))))
                    .as(row)
                    .isEqualTo(state));
    assertThat(rows.get(2)).contains("a-process-id-longer-tha\u2026  CREATED");
  }

  @Test
  void aLogOfOneLineSaysOneLine() {
    state.moveSelection(-1);
    ovrseer.getProcess("db").orElseThrow().logger().append(LogLine.Stream.STDOUT, "db ready");

    assertThat(frame()).anyMatch(line -> line.startsWith("-- log: db (following) | 1 line --"));
  }

  @Test
  void drawsTheGroupsTheFollowedLogAndTheFlagsPanel() {
    List<String> frame = frame();

    assertThat(frame.get(0))
        .startsWith(" ovrseer | env.yml | 3 processes | starting")
        .endsWith("? help  q quit");
    assertThat(frame)
        .containsSubsequence(
            "DEPENDENCIES",
            "  db       CREATED    -         -         0",
            "MAIN",
            "> api      CREATED    -         -         0         errors:1/0",
            "CLEANUP");
    assertThat(frame).anyMatch(line -> line.startsWith("-- log: api (following) | 32 lines --"));
    int flags = indexOf(frame, "-- flags: api");
    assertThat(frame.get(flags - 1)).isEqualTo("after the error");
    assertThat(frame.get(flags - 2)).as("escapes removed").isEqualTo("ERROR red failure");
    assertThat(frame.get(flags - 3)).as("tabs expanded").isEqualTo("request 30  with a tab");
    assertThat(frame.subList(flags + 1, flags + 5))
        .containsExactly(
            "errors /ERROR/: 1 match (over its target of 0)",
            "    | request 30  with a tab",
            frame.get(flags + 3),
            "    | after the error");
    assertThat(frame.get(flags + 3)).matches("  > \\d\\d:\\d\\d:\\d\\d ERROR red failure");
  }

  @Test
  void aScrolledViewShowsItsAnchorLineLastAndTheFlagsPanelCanBeHidden() {
    state.toggleFlags();
    state.anchorAt(20);
    List<String> frame = frame();

    int log = indexOf(frame, "-- log: api (scrolled, End follows)");
    assertThat(frame.subList(log + 1, ROWS - 2)).first().isEqualTo("request 9   with a tab");
    assertThat(frame.subList(log + 1, ROWS - 2)).last().isEqualTo("request 21  with a tab");
    assertThat(frame).noneMatch(line -> line.startsWith("-- flags"));
  }

  @Test
  void theHelpOverlayListsEveryKey() {
    state.toggleHelp();
    List<String> frame = frame();

    assertThat(frame).anyMatch(line -> line.startsWith("-- keys (any key closes)"));
    assertThat(String.join("\n", frame))
        .contains("restart the selected process", "show / hide the flags panel");
  }

  @Test
  void typingAndSearchingShowOnTheLastLine() {
    state.search("error", Pattern.compile("error", Pattern.CASE_INSENSITIVE));
    state.beginInput(ViewState.Mode.STDIN);
    state.type("hello");
    List<String> frame = frame();

    assertThat(frame.get(ROWS - 1)).startsWith(" stdin of api> hello_");
    assertThat(frame).anyMatch(line -> line.contains("| search /error/"));
  }

  @Test
  void theStateColumnIsAlignedAlsoForAnIdWithAnEscapeSequenceWhichIsNotShown() {
    Ovrseer odd = new Ovrseer();
    List<String> ids = List.of("db", "api\u001B[31m");
    ids.forEach(id -> odd.addMainProcess(id, ProcessUnit.builder(id).build()));
    ViewState view = new ViewState(ids, false);

    List<String> frame =
        new ScreenRenderer(odd, "env.yml")
            .render(view.view(), view, ROWS, COLS).stream()
                .map(AttributedString::toString)
                .toList();

    String header = frame.stream().filter(l -> l.contains("STATE")).findFirst().orElseThrow();
    List<String> rows = frame.stream().filter(l -> l.contains("CREATED")).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows)
        .allSatisfy(
            row -> assertThat(row.indexOf("CREATED")).as(row).isEqualTo(header.indexOf("STATE")));
  }

  @Test
  void noTextFromOutsideReachesTheTerminalWithItsEscapesOrControlCharacters() {
    ProcessLogger hostileLog = new ProcessLogger();
    hostileLog.addFlag("wipe\u001B[2J", Flag.builder("\u001B\\[2J|boom").build());
    Ovrseer hostile = new Ovrseer();
    hostile.addMainProcess("api\u001B[2J", ProcessUnit.builder("api").logger(hostileLog).build());
    hostile.addMainProcess("two\nlines", ProcessUnit.builder("worker").build());
    ViewState view = new ViewState(List.of("api\u001B[2J", "two\nlines"), true);
    view.status("api crashed: \u001B[2J\u001B[Hwiped\u0007 \u009B2J\r\n", true);

    List<AttributedString> frame =
        new ScreenRenderer(hostile, "env\u001B]0;title\u0007.yml")
            .render(view.view(), view, ROWS, COLS);

    assertThat(frame)
        .hasSize(ROWS)
        .allSatisfy(
            line -> {
              assertThat(line.columnLength()).isLessThanOrEqualTo(COLS);
              assertThat(line.toString().chars()).noneMatch(Character::isISOControl);
            });
    String screen =
        frame.stream().map(AttributedString::toString).collect(Collectors.joining("\n"));
    assertThat(screen)
        .contains(" ovrseer | env.yml | 2 processes")
        .contains("> api ")
        .contains("  two lines ")
        .contains("-- flags: api ")
        .contains("wipe /[2J|boom/")
        .contains("api crashed: wiped   2J");
  }

  @Test
  void theStatusAndKeyLinesStayOnEveryScreenHeight() {
    state.status("api crashed: exit code 3", true);
    for (int rows = ScreenRenderer.MIN_ROWS; rows <= ROWS; rows++) {
      List<String> frame =
          new ScreenRenderer(ovrseer, "env.yml")
              .render(state.view(), state, rows, COLS).stream()
                  .map(line -> line.toString().stripTrailing())
                  .toList();

      assertThat(frame).as("%d rows", rows).hasSize(rows);
      assertThat(frame.get(0)).as("%d rows", rows).startsWith(" ovrseer | env.yml");
      assertThat(frame.get(rows - 2)).as("%d rows", rows).endsWith("  api crashed: exit code 3");
      assertThat(frame.get(rows - 1)).as("%d rows", rows).startsWith(" up/down select");
    }
  }

  @Test
  void aLongStatusIsWrappedOntoRowsOfItsOwnAboveTheKeyLine() {
    String cause =
        "main process \"api\" exited with code 3; restarting in 1 s (retry 1 of 3); last log"
            + " lines: | Exception in thread \"main\" java.lang.IllegalStateException: cannot"
            + " bind 0.0.0.0:8080: Address already in use (the port of api is taken by pid 4242)";
    state.status("api crashed: " + cause, true);

    List<String> frame = frame();

    assertThat(frame.get(0)).startsWith(" ovrseer | env.yml | 3 processes");
    assertThat(frame.get(ROWS - 1)).startsWith(" up/down select");
    int first = 0;
    while (!frame.get(first).matches(" \\d\\d:\\d\\d:\\d\\d  api crashed: .*")) {
      first++;
    }
    assertThat(first).as("rows of status above the key line").isEqualTo(ROWS - 5);
    String status =
        String.join(" ", frame.subList(first, ROWS - 1).stream().map(String::strip).toList());
    // Every word is shown, none cut at the edge of the screen: the cause is at the end.
    assertThat(status.substring(status.indexOf("api crashed: ")).replaceAll(" +", " "))
        .isEqualTo(("api crashed: " + cause).replaceAll(" +", " "));
    assertThat(frame.subList(first + 1, ROWS - 1))
        .as("continued under the text, not under the time")
        .allSatisfy(
            line -> assertThat(line).startsWith(" ".repeat(11)).doesNotStartWith(" ".repeat(12)));
    assertThat(frame).as("the log still shown above it").anyMatch(l -> l.startsWith("-- log: api"));
  }

  @Test
  void aStatusTooLongForItsRowsEndsWithAnEllipsis() {
    state.status("x".repeat(5000), true);

    List<AttributedString> lines =
        new ScreenRenderer(ovrseer, "env.yml").render(state.view(), state, 12, COLS);

    List<String> frame = lines.stream().map(line -> line.toString().stripTrailing()).toList();
    assertThat(frame).hasSize(12);
    assertThat(lines).allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(COLS));
    assertThat(frame.get(11)).startsWith(" up/down select");
    assertThat(frame.get(10)).endsWith("x\u2026");
    assertThat(frame.get(7)).as("at most a third of the rows between").doesNotContain("x");
    assertThat(frame.get(8)).matches(" \\d\\d:\\d\\d:\\d\\d  x+");
    assertThat(frame.get(0)).startsWith(" ovrseer | env.yml");
  }

  private static int indexOf(List<String> frame, String prefix) {
    for (int i = 0; i < frame.size(); i++) {
      if (frame.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError(
        "no line starting with [" + prefix + "] in\n" + String.join("\n", frame));
  }
}
