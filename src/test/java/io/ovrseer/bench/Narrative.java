package io.ovrseer.bench;

/**
 * The prose section "Where the time goes, and why" of docs/performance.md, with the figures of the
 * run that writes it (a section not run in a trial run shows as not measured).
 */
final class Narrative {
  private Narrative() {}

  static String text(BenchmarkReport r) {
    return String.join(
        "\n",
        "- **Reader threads.** Each process gets two platform threads, blocked in `read()` on its"
            + " stdout and stderr pipes, a third blocked in `waitFor()` for its exit, and the JDK"
            + " adds its own reaper thread: "
            + r.figure("threadsPerProcess")
            + " threads per process in the memory section. The readers are taken from Ovrseer's"
            + " blocking pool, so a spawn reuses the threads that read processes gone before it"
            + " (as the JDK does with its reapers) instead of starting two: handing the two over"
            + " takes "
            + r.figure("threads")
            + " per spawn (the exit waiter comes from the same pool). A line reaches a readiness check on the reader thread, and the"
            + " `process:ready` event runs on the event dispatcher thread: "
            + r.figure("readiness")
            + " above a raw reader. An idle reader costs memory (the touched pages of its stack)"
            + " and a kernel task, not CPU.",
        "- **`setsid`'s dynamic loading.** util-linux `setsid` is an ordinary dynamically linked"
            + " program: before it makes the new session and executes the command in place, the"
            + " loader maps and links the C library. Its first line comes "
            + r.figure("setsid")
            + " later than a plain child's ([the pieces](#what-the-pieces-cost)). Where the kernel"
            + " groups sessions for CPU scheduling (`/proc/sys/kernel/sched_autogroup_enabled` is"
            + " 1, the default of most distributions), the new session also gets a scheduling group"
            + " of its own; that is part of the figure. Ten starts pay it ten times, partly"
            + " overlapped: to all ready, by hand with `setsid` took "
            + r.figure("orchestration.byHandStart")
            + " of raw, Ovrseer "
            + r.figure("orchestration.start")
            + ".",
        "- **The `/proc` look.** The linux backend finds a tree with one pass over"
            + " `/proc/<pid>/stat` of every process on the machine: "
            + r.figure("look")
            + " with "
            + r.figure("processes")
            + " processes here, growing with their number, and nearly all of it the kernel"
            + " opening, writing and closing those files; the JDK's `descendants()` makes the"
            + " same pass in native code in "
            + r.figure("jdkLook")
            + ". A stop looks twice: before the first signal (the whole tree first, since a parent"
            + " that dies first leaves its children where its descendants are no longer looked"
            + " for) and after the last death (for members forked meanwhile, which no wait can"
            + " tell of). Each look also reads `/proc/<pid>/environ` of the session leaders (and"
            + " members of leaderless sessions) started after the root, or after this JVM once the"
            + " root is gone: a daemon that left the session with `setsid` is found by the mark"
            + " there. The processes of one stop phase are one batch (`ProcessUnit.stopAll`):"
            + " the two looks serve all their trees. Five stopped together took "
            + r.figure("fiveUnits")
            + ", five raw "
            + r.figure("fiveRaw")
            + ". The hand-written stop looks once, with `descendants()`, and never looks for late"
            + " members.",
        "- **Confirming death.** Only the direct child can be waited for: Ovrseer waits for the"
            + " root's exit with `onExit()`, which the JDK's reaper completes as it reaps it. The"
            + " other members of a tree can only be looked at, in their `/proc/<pid>/stat` (a"
            + " zombie counts as dead), after 1 ms, 2 ms, 4 ms and so on. Stopping one process:"
            + " raw `destroy()` and `waitFor()` "
            + r.figure("rawStop")
            + ", by hand with its tree confirmed "
            + r.figure("handStop")
            + ", Ovrseer's tree stop (`ProcessTree.terminate`) "
            + r.figure("treeStop")
            + ", a `ProcessUnit`'s stop, which also reads the output to its end, "
            + r.figure("unitStop")
            + ". "
            + r.figure("stopSplit")
            + ".",
        "- **The ordered stop.** The dependencies get SIGTERM only once every main is gone, so a"
            + " stop has two rounds of deaths and confirmations where raw has one. By hand, with"
            + " the trees confirmed: ten at once "
            + r.figure("tenAtOnce")
            + ", five then five "
            + r.figure("tenInTwo")
            + ". In all, Ovrseer's stop of ten took "
            + r.figure("orchestration.stop")
            + " of raw, by hand with the same guarantees "
            + r.figure("orchestration.byHandStop")
            + ".",
        "- **The JUnit class, step by step.** Timed once by stamping each step of the"
            + " extension and of the stop (2026-12-07, 41 rounds after 10 s, medians; the load"
            + " average was about 10 on the 2 cores, so every figure is inflated): the engine's"
            + " work before `@BeforeAll` is the same for both classes (2.27 ms and 2.41 ms)."
            + " The annotated class then reads its declaration (0.8 to 2.1 ms; about 100 µs"
            + " once compiled, which a class run once per suite never is) and builds its units"
            + " (0.3 ms). Its start took 11.4 to 15.5 ms against 8.7 to 11.5 ms by hand: each"
            + " spawn as long as by hand (1.9 ms), plus 0.2 ms for the orphan journal's records"
            + " and the reader threads, and each readiness is told by the process's reader"
            + " thread to the thread that waits for it, a wake-up the hand-written class, which"
            + " reads the first line itself, does not need. Its stop took two phases of 3.0 to"
            + " 4.4 ms, against 3.8 to 5.3 ms for both by hand; a phase is the first look (0.8"
            + " to 1.2 ms), its trees and this JVM's ancestors (0.1 ms), SIGTERM, the root's"
            + " exit (0.6 to 1.1 ms, as by hand), the look for late members (0.7 to 1.0 ms,"
            + " which the hand-written class does not make) and the exit's bookkeeping (0.1 to"
            + " 0.25 ms). The extension's other callbacks, its store, crash sinks and event"
            + " waits took under 0.2 ms in all. So the 8 ms are, roughly: the second look of"
            + " each phase (about 2 ms), the readiness hand-offs and the start's bookkeeping"
            + " (2.5 to 4 ms), the declaration read while not compiled (about 1 ms), and the"
            + " noise of a loaded machine. No step of this class polls or sleeps: each tree is"
            + " its root alone, whose exit is awaited with `onExit()` (only other members are"
            + " looked at again, after 1 ms, 2 ms, 4 ms and so on), and readiness on a log"
            + " pattern is told by the line itself. Until"
            + " 2026-12-07 each stop phase also handed its batch of trees to the shared pool"
            + " and waited for it (80 µs, up to 1.9 ms at that load); it now runs on the"
            + " stopping thread. "
            + "Measured apart later that day (a dependency and a main through the orchestrator,"
            + " ready on their first lines, with a `process:ready` listener as the extension "
            + "has; 61 rounds alternated in one JVM, two JVMs): from the read of the "
            + "dependency's ready line until the starting thread spawned the main took 0.12 to "
            + "0.2 ms, and from the dependency's spawn until that read 2.5 to 3.4 ms, against "
            + "2.6 to 3.2 ms for a spawn under `setsid` and its first line by hand in the same "
            + "rounds. Posting `process:ready` after the readiness future completes instead of "
            + "before saved under 0.04 ms, within the noise, so it stays before (then "
            + "`lifecycle:dependencies-ready` and the spawn of what depends on the process come"
            + " after it without more work). So the readiness hand-off is a small part of the "
            + "start's extra time, not the 2.5 to 4 ms guessed above. The declaration's second "
            + "pass over the annotations (0.6 ms) is gone since.",
        "- **Warm-up.** A stop runs once per round, so the JIT compiles its path only after tens"
            + " of seconds: the rows after "
            + AlternatingRounds.EARLY.toSeconds()
            + " s and cold show what a suite that stops one environment per class sees; the goals"
            + " are judged after "
            + AlternatingRounds.STEADY.toSeconds()
            + " s.",
        "- **First use in a JVM.** The first annotated class of a JVM loads "
            + r.figure("junit.firstClassClasses")
            + " more classes than a hand-written one (Ovrseer's, its environment model's, the"
            + " JDK's it uses), links its lambdas, string concatenations and record methods"
            + " (each a call site the JVM bootstraps on first use), makes and checks its private"
            + " runtime directory, its orphan journal and lock and starts the orphan watchdog's"
            + " launcher (a shell that boots the watchdog's JVM only once the test JVM is gone;"
            + " its pid is read in the background), on a thread of its own while the declaration"
            + " is read and the environment built, the first spawn waiting for it (the class ran "
            + r.figure("junit.watchdog")
            + " faster with the whole orphan guard disabled), and runs its first `/proc` looks and"
            + " its first"
            + " stop before the JIT has compiled them: "
            + r.figure("junit.firstClass")
            + " more than a hand-written class, once per test JVM. Profiled with a wall-clock"
            + " sampler, about a third of that is loading and linking classes and a fifth"
            + " bootstrapping call sites. The JDK's security providers are not loaded: the"
            + " environment id is a CRC-32C and a CRC-32 of the declaration, not a SHA-256, and"
            + " private files get their random names from `ThreadLocalRandom`, not the"
            + " `SecureRandom` of `Files.createTempFile` (together 15 to 30 ms in a fresh JVM)."
            + " Crash reports' JSON mapper and file-name formatter and the JDK's logging backend"
            + " are loaded only when needed; measured when that was done, they cost a fresh JVM"
            + " about 170 ms (Jackson), 6 ms (`java.time.format`) and 30 ms (about 270 logging"
            + " classes).",
        "- **Flags.** A flag that is a literal or an alternation of literals is tested with"
            + " `String.contains`, one that needs a literal run runs its regex only on lines that"
            + " contain it; so most lines cost a few `contains` calls, not ten regex searches"
            + " ([log ingestion](#log-ingestion-with-10-flags): the naive row).",
        "- **The portable backend.** No session (no `setsid` to load, and a daemon that leaves the"
            + " tree is not found); a tree is `descendants()` repeated until a look finds no new"
            + " member, so each look is at least two of the JDK's passes over the process table"
            + " (on Linux, `/proc`), and a death is told by `isAlive()`, which counts a zombie as"
            + " alive until its parent reaps it. Measured on Linux in a"
            + " JVM of its own: start "
            + r.figure("portable.start")
            + " and stop "
            + r.figure("portable.stop")
            + " of that JVM's raw.");
  }
}
