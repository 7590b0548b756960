package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.internal.SharedExecutors;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * Runs an environment in the terminal UI (JLine): starts it, redraws from a timer at most every
 * {@value #FRAME_MS} ms (never per log line, so a process writing 100,000 lines a second costs a
 * frame no more than a quiet one), reads keys on its own thread, and on {@code q}, Ctrl+C or
 * SIGTERM stops everything with the cleanup phase (a second Ctrl+C meanwhile kills everything at
 * once) and restores the terminal.
 */
final class TuiRunner {
  static final long FRAME_MS = 100;
  private static final long MIN_FRAME_GAP_MS = 40;
  private static final String BRACKETED_PASTE_ON = "\033[?2004h";
  private static final String BRACKETED_PASTE_OFF = "\033[?2004l";

  private final Ovrseer ovrseer;
  private final String source;
  private final HeldWarnings warnings;
  private final CompletableFuture<Void> quit = new CompletableFuture<>();
  private final AtomicBoolean renderPending = new AtomicBoolean();
  private volatile boolean resized;
  private volatile long lastFrameNanos;

  /**
   * The UI of {@code ovrseer}, titled {@code source}; Ovrseer's warnings, held by {@code warnings}
   * meanwhile, are shown on the status line and printed once the terminal is restored.
   */
  TuiRunner(Ovrseer ovrseer, String source, HeldWarnings warnings) {
    this.ovrseer = ovrseer;
    this.source = source;
    this.warnings = warnings;
  }

  /**
   * Runs until quit; returns how the run ended (see {@link RunOutcome}). What went wrong is printed
   * once the terminal is restored, since the alternate screen takes the status line with it.
   */
  ExitCode run() {
    List<String> ids = List.copyOf(ovrseer.getAllProcesses().keySet());
    boolean anyFlags =
        ovrseer.getAllProcesses().values().stream()
            .anyMatch(p -> !p.process().logger().getFlags().isEmpty());
    ViewState state = new ViewState(ids, anyFlags);
    Terminal terminal = openTerminal();
    Attributes original = terminal.enterRawMode();
    ScheduledExecutorService renderer =
        Executors.newSingleThreadScheduledExecutor(SharedExecutors.named("ovrseer-cli-render"));
    Display display = new Display(terminal, true);
    ScreenRenderer screen = new ScreenRenderer(ovrseer, source);
    Runnable draw = () -> draw(terminal, display, screen, state);
    Runnable changed = () -> requestFrame(renderer, draw);
    RunOutcome outcome = RunOutcome.of(ovrseer);
    ProcessActions actions = new ProcessActions(ovrseer, state, outcome, changed);
    QuitSignals signals =
        QuitSignals.install(
            quit,
            null,
            () -> {
              outcome.killed();
              state.status("second Ctrl+C: killing every process now, without cleanup", true);
              changed.run();
              ovrseer.kill();
            });
    Controller controller =
        new Controller(ovrseer, state, actions, () -> quit.complete(null), signals::interrupt);
    try {
      terminal.handle(
          Terminal.Signal.WINCH,
          s -> {
            resized = true;
            changed.run();
          });
      terminal.puts(Capability.enter_ca_mode);
      terminal.puts(Capability.keypad_xmit);
      terminal.puts(Capability.cursor_invisible);
      // Pasted text then comes between marks, so that no pasted character is taken as a key.
      terminal.writer().write(BRACKETED_PASTE_ON);
      terminal.flush();
      resized = true;
      StatusFeed.attach(ovrseer, state, changed);
      warnings.showOn(
          text -> {
            state.status("warning: " + text, true);
            changed.run();
          });
      renderer.scheduleAtFixedRate(draw, 0, FRAME_MS, TimeUnit.MILLISECONDS);
      startKeyReader(terminal, state, controller, changed);
      actions.startEnvironment();
      quit.join();
      // No command (a queued "u", say) may run after the stop.
      actions.close();
      state.phase("stopping");
      state.status("stopping: main processes, cleanup, then dependencies...", false);
      changed.run();
      outcome.stopping();
      ovrseer.stop();
      ovrseer.awaitEventsDelivered();
      state.phase("stopped");
      requestFrame(renderer, draw);
    } finally {
      actions.close();
      ovrseer.stop();
      signals.close();
      renderer.shutdown();
      awaitQuietly(renderer);
      restore(terminal, original);
    }
    PrintStream out = System.out;
    out.println("ovrseer: stopped " + String.join(", ", ids));
    out.flush();
    warnings.close();
    // Cleaned as on the screen: the reasons quote the failing process's log lines.
    outcome.reasons().forEach(line -> System.err.println("ovrseer: " + Text.clean(line)));
    outcome.crashReports().forEach(line -> System.err.println("ovrseer: " + Text.clean(line)));
    return outcome.exitCode();
  }

  private static Terminal openTerminal() {
    try {
      return TerminalBuilder.builder().system(true).name("ovrseer").build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal; use --no-tui", e);
    }
  }

  private void startKeyReader(
      Terminal terminal, ViewState state, Controller controller, Runnable changed) {
    Thread reader =
        new Thread(() -> readKeys(terminal, state, controller, changed), "ovrseer-cli-keys");
    reader.setDaemon(true);
    reader.start();
  }

  private void readKeys(
      Terminal terminal, ViewState state, Controller controller, Runnable changed) {
    BindingReader bindings = new BindingReader(terminal.reader());
    KeyMap<KeyBindings.Action> browsing = KeyBindings.browsing();
    KeyMap<KeyBindings.Edit> typing = KeyBindings.typing();
    try {
      // Read until the terminal is closed: while stopping, a second Ctrl+C still has to be seen.
      while (true) {
        if (quit.isDone() || state.mode() == ViewState.Mode.NORMAL) {
          KeyBindings.Action action = bindings.readBinding(browsing);
          if (action == null) {
            return;
          }
          if (quit.isDone()) {
            if (action == KeyBindings.Action.INTERRUPT) {
              controller.handle(action);
            }
            continue;
          }
          if (action == KeyBindings.Action.SEQUENCE) {
            EscapeSequence sequence = EscapeSequence.readRest(bindings, bindings.getLastBinding());
            if (sequence.isPasteStart()) {
              controller.paste(EscapeSequence.readPaste(bindings));
              changed.run();
              continue;
            }
            action = KeyBindings.special(sequence);
          }
          if (action == KeyBindings.Action.REDRAW) {
            resized = true;
          }
          controller.handle(action);
        } else {
          KeyBindings.Edit edit = bindings.readBinding(typing);
          if (edit == null) {
            return;
          }
          if (edit == KeyBindings.Edit.SEQUENCE) {
            // A special key types nothing; a paste types its text.
            EscapeSequence sequence = EscapeSequence.readRest(bindings, bindings.getLastBinding());
            if (sequence.isPasteStart()) {
              controller.paste(EscapeSequence.readPaste(bindings));
            }
          } else {
            controller.edit(edit, bindings.getLastBinding());
          }
        }
        changed.run();
      }
    } catch (RuntimeException e) {
      if (!quit.isDone()) {
        state.status("key reading failed: " + e, true);
        changed.run();
      }
    }
  }

  /** Asks for a frame soon, but not sooner than {@value #MIN_FRAME_GAP_MS} ms after the last. */
  private void requestFrame(ScheduledExecutorService renderer, Runnable draw) {
    if (renderPending.compareAndSet(false, true)) {
      long sinceLast = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFrameNanos);
      long delay = Math.max(0, MIN_FRAME_GAP_MS - sinceLast);
      try {
        renderer.schedule(draw, delay, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        renderPending.set(false);
      }
    }
  }

  /** Draws one frame; runs on the render thread only. */
  private void draw(Terminal terminal, Display display, ScreenRenderer screen, ViewState state) {
    renderPending.set(false);
    lastFrameNanos = System.nanoTime();
    ViewState.View view = state.view();
    try {
      Size size = terminal.getSize();
      // 0 is a size the terminal does not know; a smaller screen than the UI needs says so.
      int rows = size.getRows() > 0 ? size.getRows() : ScreenRenderer.MIN_ROWS;
      int cols = size.getColumns() > 0 ? size.getColumns() : ScreenRenderer.MIN_COLS;
      if (resized) {
        resized = false;
        display.clear();
        display.resize(Size.of(cols, rows));
        terminal.puts(Capability.clear_screen);
      }
      List<AttributedString> frame = screen.render(view, state, rows, cols);
      display.update(frame, size.cursorPos(rows - 1, 0));
      terminal.flush();
    } catch (BoundedSearch.TooSlow e) {
      // A line shown made the search regex take too long: it goes, the next frame is without it.
      if (state.clearSearch(view.search())) {
        state.status(BoundedSearch.gaveUp(view.searchText()), true);
      }
    } catch (RuntimeException e) {
      state.status("drawing failed: " + e, true);
    }
  }

  private static void restore(Terminal terminal, Attributes original) {
    try {
      terminal.writer().write(BRACKETED_PASTE_OFF);
      terminal.puts(Capability.cursor_visible);
      terminal.puts(Capability.keypad_local);
      terminal.puts(Capability.exit_ca_mode);
      terminal.flush();
      terminal.setAttributes(original);
      terminal.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("ovrseer: could not restore the terminal: " + e);
    }
  }

  private static void awaitQuietly(ScheduledExecutorService executor) {
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
