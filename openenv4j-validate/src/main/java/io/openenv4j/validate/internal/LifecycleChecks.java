package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import io.openenv4j.validate.ValidationOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Timeouts and resources: the validator's own reply timeout, the declared idle timeout, and what many
 * reset/step/close cycles leave behind (heap, threads, RSS, open files, session slots, slower episodes).
 */
final class LifecycleChecks {

    private static final int STEPS_PER_CYCLE = 5;
    private static final Duration SLOT_WAIT = Duration.ofSeconds(2);

    /** What the cycles measured. */
    record Cycles(List<Double> episodeMs, double maxSlotWaitMs, String failure) {}

    /** A reading of a local server process from {@code /proc}. */
    record ProcessReading(long rssBytes, long threads, long fds) {
        static ProcessReading of(long pid) throws IOException {
            long rss = -1;
            long threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            long fds;
            try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                fds = list.count();
            }
            return new ProcessReading(rss, threads, fds);
        }
    }

    private final Probe probe;
    private final ValidationOptions options;

    LifecycleChecks(Probe probe, ValidationOptions options) {
        this.probe = probe;
        this.options = options;
    }

    /** {@code runtime.reply_timeout}, from everything the validation sent. */
    static CheckResult replyTimeout(Replies replies) {
        var unanswered = replies.unansweredRequests();
        String measured = String.format(
                "%d/%d requests unanswered within %d ms; slowest reply %.1f ms",
                unanswered.size(), replies.count(), replies.timeout().toMillis(), replies.slowestMs());
        return CheckResult.of(
                Check.REPLY_TIMEOUT,
                unanswered.isEmpty(),
                measured,
                unanswered.isEmpty()
                        ? "slowest: " + Socket.abbreviate(replies.slowest())
                        : "unanswered: "
                                + String.join("; ", unanswered.stream().limit(5).toList())
                                + (unanswered.size() > 5 ? " … (" + unanswered.size() + ")" : ""));
    }

    /**
     * {@code runtime.idle_timeout}: a silent session must end between the timeout and the timeout plus
     * {@code grace}, while a session that resets every third of the timeout lives on.
     */
    CheckResult idleTimeout(Target target, Duration timeout, Duration grace) {
        try (Socket silent = target.socket()) {
            // "Too early" is timed from sending the reset, "too late" from its reply: the server's idle clock
            // starts somewhere in between (a slow reset, as a browser's, must not make a sound server look late).
            long start = System.nanoTime();
            var first = silent.reset(probe.seed, "validate-idle");
            long replied = System.nanoTime();
            // The active session connects only now: opened beside the silent one, it would itself sit silent for
            // as long as that first reset takes, and a server would be right to end it.
            try (Socket active = target.socket()) {
                return watchIdle(silent, active, first, start, replied, timeout, grace);
            }
        }
    }

    private CheckResult watchIdle(
            Socket silent,
            Socket active,
            Socket.Frame first,
            long start,
            long replied,
            Duration timeout,
            Duration grace) {
        {
            active.reset(probe.seed, "validate-active");
            if (!(first instanceof Socket.Frame.Text reply && reply.type().equals("observation"))) {
                return CheckResult.of(
                        Check.IDLE_TIMEOUT, false, "no session to watch", "reset → " + Socket.describe(first));
            }
            long deadline = replied + timeout.plus(grace).toNanos();
            long keepEvery = Math.max(20, timeout.toMillis() / 3) * 1_000_000L;
            long nextKeep = start + keepEvery;
            Socket.Frame ended = null;
            long endedAt = -1;
            var activeProblems = new ArrayList<String>();
            while (System.nanoTime() < deadline && ended == null) {
                var frame = silent.next(Duration.ofMillis(25));
                if (!(frame instanceof Socket.Frame.Timeout)) {
                    ended = frame;
                    endedAt = System.nanoTime();
                }
                if (System.nanoTime() >= nextKeep) {
                    nextKeep += keepEvery;
                    var kept = active.reset(probe.seed, "validate-active");
                    if (!(kept instanceof Socket.Frame.Text text && text.type().equals("observation"))
                            && activeProblems.isEmpty()) {
                        activeProblems.add("the active session's reset got " + Socket.describe(kept));
                    }
                }
            }
            String told = ended == null ? "" : Socket.describe(ended);
            if (ended instanceof Socket.Frame.Text) {
                var closed = silent.next(Duration.ofSeconds(2));
                told += " then " + Socket.describe(closed);
            }
            String afterwards = "";
            if (ended == null) {
                // The server may end the session without telling the client: the next request shows it.
                var frame = silent.state();
                afterwards = Socket.describe(frame);
                if (!(frame instanceof Socket.Frame.Text text && text.type().equals("state"))) {
                    ended = frame;
                    endedAt = System.nanoTime();
                }
            }
            boolean activeAlive = active.alive();
            if (!activeAlive) {
                activeProblems.add("the active session was ended too");
            }
            double afterMs = (endedAt - start) / 1e6;
            var problems = new ArrayList<>(activeProblems);
            if (ended == null) {
                problems.add("the silent session still answers state "
                        + (timeout.plus(grace).toMillis()) + " ms after its reset's reply: " + afterwards);
            } else if (afterMs < timeout.toMillis() * 0.9) {
                problems.add(String.format("the silent session ended after %.0f ms, before the timeout", afterMs));
            }
            String measured = ended == null
                    ? "silent session not ended within " + timeout.plus(grace).toMillis() + " ms of its reset's reply"
                    : String.format("silent session ended after %.0f ms (timeout %d ms)", afterMs, timeout.toMillis());
            String evidence =
                    (told.isEmpty() ? "the server told nothing; next state → " + afterwards : "server sent " + told)
                            + "; active session " + (activeAlive ? "alive" : "ended") + "; allowed until "
                            + timeout.plus(grace).toMillis() + " ms after the reset's reply";
            return CheckResult.of(
                    Check.IDLE_TIMEOUT,
                    problems.isEmpty(),
                    measured,
                    problems.isEmpty() ? evidence : String.join("; ", problems) + " | " + evidence);
        }
    }

    /**
     * Plays {@code count} episodes, one session each: open, reset, a few steps, close. A session refused
     * for capacity is retried for {@link #SLOT_WAIT}.
     */
    Cycles cycles(Target target, int count, long seedBase) {
        var times = new ArrayList<Double>();
        double maxWait = 0;
        for (int i = 0; i < count; i++) {
            long askedAt = System.nanoTime();
            Socket socket = null;
            Socket.Frame reset = null;
            while (System.nanoTime() - askedAt < SLOT_WAIT.toNanos()) {
                try {
                    socket = target.socket();
                } catch (RuntimeException e) {
                    return new Cycles(times, maxWait, "cycle " + i + ": cannot open a session: " + e.getMessage());
                }
                reset = socket.reset(seedBase + i, "validate-cycle-" + i);
                if (reset instanceof Socket.Frame.Text text && text.type().equals("observation")) {
                    break;
                }
                socket.close();
                socket = null;
                sleep(20);
            }
            maxWait = Math.max(maxWait, (System.nanoTime() - askedAt) / 1e6);
            if (socket == null) {
                return new Cycles(
                        times,
                        maxWait,
                        "cycle " + i + ": no session within " + SLOT_WAIT.toMillis() + " ms, last reply "
                                + (reset == null ? "none" : Socket.describe(reset)));
            }
            long start = System.nanoTime();
            try (Socket open = socket) {
                for (int s = 0; s < STEPS_PER_CYCLE; s++) {
                    var frame = open.step(probe.action(i + s));
                    if (!(frame instanceof Socket.Frame.Text text && text.type().equals("observation"))
                            || ((Socket.Frame.Text) frame).data().path("done").asBoolean(false)) {
                        break;
                    }
                }
            }
            times.add((System.nanoTime() - start) / 1e6);
        }
        return new Cycles(times, maxWait, null);
    }

    /** In process: heap after GC and live threads before and after the cycles, on {@code single} (the server's JVM). */
    void inProcess(Target single) {
        var limits = options.resources();
        Cycles[] runs = new Cycles[2];
        // The cycles run inside the first check so that its time is the time they took.
        probe.recorder.run(Check.RESOURCE_LEAK, () -> {
            var warm = cycles(single, Math.max(2, limits.episodes() / 4), probe.seed + 500);
            long heapBefore = heapAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            var run = warm.failure() == null ? cycles(single, limits.episodes(), probe.seed + 1000) : warm;
            runs[0] = warm;
            runs[1] = run;
            sleep(150);
            long heapAfter = heapAfterGc();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            int n = run.episodeMs().size();
            if (n == 0) {
                return CheckResult.of(Check.RESOURCE_LEAK, false, "no cycle completed", run.failure());
            }
            long perEpisode = (heapAfter - heapBefore) / n;
            int threadGrowth = threadsAfter - threadsBefore;
            boolean ok = perEpisode <= limits.heapBytesPerEpisode() && threadGrowth <= limits.threadGrowth();
            return CheckResult.of(
                    Check.RESOURCE_LEAK,
                    ok,
                    String.format("heap %+d B/episode, threads %+d over %d episodes", perEpisode, threadGrowth, n),
                    String.format(
                            "heap after GC %d → %d B, live threads %d → %d; limits %d B/episode, %d threads",
                            heapBefore,
                            heapAfter,
                            threadsBefore,
                            threadsAfter,
                            limits.heapBytesPerEpisode(),
                            limits.threadGrowth()));
        });
        if (runs[1] == null) {
            probe.recorder.skip(
                    Check.SESSIONS_RELEASED, "the resource cycles did not run (see runtime.resources.leak)");
            probe.recorder.skip(Check.LATENCY_DRIFT, "the resource cycles did not run (see runtime.resources.leak)");
            return;
        }
        Cycles warm = runs[0];
        Cycles run = runs[1];
        probe.recorder.run(
                Check.SESSIONS_RELEASED,
                () -> CheckResult.of(
                        Check.SESSIONS_RELEASED,
                        run.failure() == null,
                        String.format(
                                "%d cycles on a one-session server, longest wait for the slot %.0f ms",
                                run.episodeMs().size() + warm.episodeMs().size(),
                                Math.max(run.maxSlotWaitMs(), warm.maxSlotWaitMs())),
                        run.failure() == null ? "every closed session gave its slot back" : run.failure()));
        probe.recorder.run(Check.LATENCY_DRIFT, () -> drift(run.episodeMs()));
    }

    /** URL targets: process readings with a pid, slots with max sessions, latency drift always. */
    void overUrl(Long pid, Integer maxSessions) {
        var limits = options.resources();
        cycles(probe.target, Math.max(2, limits.episodes() / 4), probe.seed + 500);
        ProcessReading before = null;
        String unreadable = null;
        if (pid != null) {
            try {
                before = ProcessReading.of(pid);
            } catch (IOException | RuntimeException e) {
                unreadable = "cannot read /proc/" + pid + ": " + e.getMessage();
            }
        }
        var run = cycles(probe.target, limits.episodes(), probe.seed + 1000);
        sleep(150);
        final ProcessReading start = before;
        final String why = unreadable;
        int n = run.episodeMs().size();
        if (pid == null) {
            probe.recorder.skip(
                    Check.RESOURCE_LEAK,
                    "not observable over the wire: pass --pid of a local server process"
                            + " to read its RSS, threads and open files (latency drift and slots are checked)");
        } else {
            probe.recorder.run(Check.RESOURCE_LEAK, () -> {
                if (why != null) {
                    return CheckResult.of(Check.RESOURCE_LEAK, false, "process not readable", why);
                }
                ProcessReading end;
                try {
                    end = ProcessReading.of(pid);
                } catch (IOException e) {
                    return CheckResult.of(Check.RESOURCE_LEAK, false, "process not readable", e.toString());
                }
                long rssPer = (end.rssBytes() - start.rssBytes()) / Math.max(1, n);
                long threads = end.threads() - start.threads();
                long fds = end.fds() - start.fds();
                boolean ok = n > 0
                        && rssPer <= limits.rssBytesPerEpisode()
                        && threads <= limits.threadGrowth()
                        && fds <= limits.threadGrowth();
                return CheckResult.of(
                        Check.RESOURCE_LEAK,
                        ok,
                        String.format(
                                "RSS %+d B/episode, threads %+d, open files %+d over %d episodes",
                                rssPer, threads, fds, n),
                        String.format(
                                        "pid %d: RSS %d → %d B, threads %d → %d, fds %d → %d; limits %d B/episode, %d threads or files",
                                        pid,
                                        start.rssBytes(),
                                        end.rssBytes(),
                                        start.threads(),
                                        end.threads(),
                                        start.fds(),
                                        end.fds(),
                                        limits.rssBytesPerEpisode(),
                                        limits.threadGrowth())
                                + (run.failure() == null ? "" : "; " + run.failure()));
            });
        }
        if (maxSessions == null) {
            probe.recorder.skip(
                    Check.SESSIONS_RELEASED,
                    "max sessions unknown: pass --max-sessions N to check that slots come back");
        } else {
            probe.recorder.run(Check.SESSIONS_RELEASED, () -> allSlots(maxSessions, run));
        }
        probe.recorder.run(Check.LATENCY_DRIFT, () -> drift(run.episodeMs()));
    }

    private CheckResult allSlots(int maxSessions, Cycles run) {
        var open = new ArrayList<Socket>();
        try {
            int got = 0;
            String last = "";
            for (int i = 0; i < maxSessions; i++) {
                Socket socket = probe.target.socket();
                open.add(socket);
                var frame = socket.reset(probe.seed, "validate-slot-" + i);
                if (frame instanceof Socket.Frame.Text text && text.type().equals("observation")) {
                    got++;
                } else {
                    // What the server sent before the refusal (a capacity error frame) says why.
                    var before = socket.next(Duration.ofMillis(200));
                    last = "session " + (i + 1) + ": " + Socket.describe(frame)
                            + (before instanceof Socket.Frame.Text text
                                    ? "; server sent " + Socket.describe(text)
                                    : "");
                }
            }
            boolean ok = got == maxSessions && run.failure() == null;
            return CheckResult.of(
                    Check.SESSIONS_RELEASED,
                    ok,
                    got + "/" + maxSessions + " sessions open at once after "
                            + run.episodeMs().size() + " cycles",
                    ok ? "every slot came back" : (run.failure() != null ? run.failure() + "; " : "") + last);
        } finally {
            open.forEach(Socket::close);
        }
    }

    private CheckResult drift(List<Double> times) {
        if (times.size() < 8) {
            return CheckResult.skipped(Check.LATENCY_DRIFT, "too few cycles completed (" + times.size() + ")");
        }
        int quarter = times.size() / 4;
        double first = median(times.subList(0, quarter));
        double last = median(times.subList(times.size() - quarter, times.size()));
        double allowed = options.resources().latencyDrift() * first + 2.0;
        return CheckResult.of(
                Check.LATENCY_DRIFT,
                last <= allowed,
                String.format("episode median %.2f ms → %.2f ms", first, last),
                String.format(
                        "first and last %d of %d episodes (reset + up to %d steps); allowed %.2f ms",
                        quarter, times.size(), STEPS_PER_CYCLE, allowed));
    }

    private static double median(List<Double> values) {
        var sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(30);
            best = Math.min(
                    best,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
