package io.openenv4j.bench;

import com.sun.net.httpserver.HttpServer;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ProviderRewards;
import io.openenv4j.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak ({@code openenv4j bench --only soak}): a bench server in its own process, driven by the capacity
 * load generator's worker processes, through many long sessions held open together, many short open/close
 * cycles, and injected faults (clients killed mid-step, environments throwing, a reward provider that never
 * answers), while bystander sessions keep stepping. Passes with zero errors and the server's heap after
 * GC, threads, open files and sessions back where they started. Writes {@code soak-report.md}.
 */
public final class Soak {

    /** How big a soak is. */
    public record Options(
            int sessions,
            int steps,
            int cycles,
            int cycleConcurrency,
            int killedClients,
            int throwingSteps,
            int providerSteps,
            int bystanders,
            int sandboxes,
            String serverCpus,
            String clientCpus) {

        /** The documented run: 10,000 sessions × 1,000 steps, 100,000 open/close cycles. */
        public static Options full(String serverCpus, String clientCpus) {
            return new Options(10_000, 1_000, 100_000, 256, 2_000, 2_000, 200, 16, 8, serverCpus, clientCpus);
        }

        /** A moment of each phase, for CI. */
        public static Options smoke(String serverCpus, String clientCpus) {
            return new Options(40, 20, 400, 8, 20, 20, 4, 4, 2, serverCpus, clientCpus);
        }
    }

    /** Heap after GC, OS threads, open files and live sessions of the server process at one moment. */
    record Resources(long heapBytes, long threads, long files, long sessions) {
        @Override
        public String toString() {
            return String.format(
                    "heap %.1f MiB, %d threads, %d open files, %d sessions",
                    heapBytes / 1048576.0, threads, files, sessions);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Options options;
    private final PrintStream progress;
    private final StringBuilder report = new StringBuilder();
    private long errors;

    private Soak(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the soak, writes {@code soak-report.md} under {@code out}; returns the number of errors (0 to pass). */
    public static long run(Options options, Path out, PrintStream progress, String commandLine) throws Exception {
        var soak = new Soak(options, progress);
        long start = System.nanoTime();
        soak.report
                .append("# Soak report\n\nCommand: `")
                .append(commandLine)
                .append("`\n\nMachine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, Java ")
                .append(Runtime.version())
                .append("; server pinned to CPU '")
                .append(options.serverCpus())
                .append("', load generator to CPU '")
                .append(options.clientCpus())
                .append("'; load average before: ")
                .append(Machine.loadAverage())
                .append("\n\n");
        soak.run();
        soak.report.append(
                String.format("%nTotal time %.0f s; %d errors.%n", (System.nanoTime() - start) / 1e9, soak.errors));
        Files.createDirectories(out);
        Files.writeString(out.resolve("soak-report.md"), soak.report.toString());
        progress.printf(
                "soak: done, %d errors; report in %s%n",
                soak.errors, out.resolve("soak-report.md").toAbsolutePath());
        return soak.errors;
    }

    private void run() throws Exception {
        try (var server = ServerProcess.startJava(
                        "openenv4j-soak",
                        options.serverCpus(),
                        List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC"),
                        20_000,
                        false);
                var workers = CapacityWorkers.start(options.clientCpus())) {
            // Warm up (JIT, pools), so that the baseline is the steady state.
            workers.soak("SOAK", server.wsPort, Math.min(400, options.sessions()), 20, 400, 120);
            workers.soak("CYCLES", server.wsPort, Math.min(2_000, options.cycles()), 16, 0, 120);
            Resources baseline = resources(server);
            line("| phase | what | errors | time | server after (heap after GC, threads, files, sessions) |");
            line("|---|---|---|---|---|");
            line("| baseline | after a warm-up | 0 | | " + baseline + " |");

            SoakLoad.Outcome sessions =
                    workers.soak("SOAK", server.wsPort, options.sessions(), options.steps(), 1_000, 3_600);
            phase(
                    "sessions",
                    String.format(
                            "%,d sessions open together, %,d steps each (%,d steps answered, peak %,d open)",
                            options.sessions(), options.steps(), sessions.steps(), sessions.peakOpen()),
                    sessions,
                    options.sessions(),
                    server);

            SoakLoad.Outcome cycles =
                    workers.soak("CYCLES", server.wsPort, options.cycles(), options.cycleConcurrency(), 0, 3_600);
            phase(
                    "cycles",
                    String.format(
                            "%,d open/reset/step/close cycles, %d at a time",
                            options.cycles(), options.cycleConcurrency()),
                    cycles,
                    options.cycles(),
                    server);

            faults(server);

            Resources end = settled(server, baseline);
            line("| end | after every phase | | | " + end + " |");
            String flat = flatness(baseline, end);
            line("");
            line(
                    flat == null
                            ? "Resources flat: the server ended where it started (within the tolerances below)."
                            : "NOT FLAT: " + flat);
            line(
                    "Tolerances: heap after GC within +32 MiB, threads within +16, open files within +16, sessions back to 0.");
            if (flat != null) {
                errors++;
            }
        }
    }

    // ---- faults -------------------------------------------------------------------------------------------

    private void faults(ServerProcess server) throws Exception {
        String ws = "ws://127.0.0.1:" + server.wsPort + "/ws";
        String blocking = "ws://127.0.0.1:" + server.blockingPort + "/ws";
        var stop = new AtomicBoolean();
        var bystanderErrors = new AtomicLong();
        var bystanderSteps = new AtomicLong();
        var firstBystanderError = new AtomicReference<String>();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < options.bystanders(); i++) {
            threads.add(Thread.ofVirtual()
                    .start(() -> bystander(ws, stop, bystanderSteps, bystanderErrors, firstBystanderError)));
        }
        try {
            // Clients cut off mid-step: the connection drops without a close frame while the step runs.
            long start = System.nanoTime();
            long wrong = 0;
            for (int i = 0; i < options.killedClients(); i++) {
                try (var peer = new Peer(blocking)) {
                    wrong += expect(peer.call("{\"type\":\"reset\"}"), "observation");
                    peer.send("{\"type\":\"step\",\"data\":{\"tag\":\"k\",\"delay_ms\":200}}");
                    peer.socket.abort();
                }
            }
            faultPhase(
                    "killed clients",
                    options.killedClients() + " clients dropped mid-step (200 ms step, TCP torn down "
                            + "without a close frame)",
                    wrong,
                    start,
                    server);

            // Environments throwing: a negative delay makes the bench environment throw; the session goes on.
            start = System.nanoTime();
            wrong = 0;
            try (var peer = new Peer(ws)) {
                wrong += expect(peer.call("{\"type\":\"reset\"}"), "observation");
                for (int i = 0; i < options.throwingSteps(); i++) {
                    String failed = peer.call("{\"type\":\"step\",\"data\":{\"tag\":\"t\",\"delay_ms\":-1}}");
                    wrong += failed.contains("\"EXECUTION_ERROR\"") ? 0 : 1;
                    wrong += expect(peer.call("{\"type\":\"step\",\"data\":{\"tag\":\"t\"}}"), "observation");
                }
            }
            faultPhase(
                    "throwing env",
                    options.throwingSteps() + " steps that throw, each followed by a good step in "
                            + "the same session",
                    wrong,
                    start,
                    server);
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
        errors += bystanderErrors.get();
        line(String.format(
                "| bystanders | %d sessions stepping throughout the faults above | %d | | %,d steps%s |",
                options.bystanders(),
                bystanderErrors.get(),
                bystanderSteps.get(),
                firstBystanderError.get() == null ? "" : "; first error: " + firstBystanderError.get()));
        providerTimeout();
        sandboxesKilled();
    }

    /**
     * Sandboxed sessions ({@code terminal}, bubblewrap) whose sandbox processes are killed from outside mid-step:
     * each step is still answered, and once the sessions close no sandbox, process or session is left.
     */
    private void sandboxesKilled() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            line("| sandboxes killed | skipped: bubblewrap is not installed | | | |");
            return;
        }
        var live = io.openenv4j.core.LiveResources.named("sandbox");
        long before = live.live();
        long start = System.nanoTime();
        long wrong = 0;
        int killed = 0;
        long left;
        long leftProcesses;
        int leftSessions;
        try (var server = EnvServer.create(
                        io.openenv4j.envs.terminal.TerminalEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            String url = server.baseUrl().replace("http://", "ws://") + "/ws";
            var peers = new ArrayList<Peer>();
            try {
                for (int i = 0; i < options.sandboxes(); i++) {
                    var peer = new Peer(url);
                    peers.add(peer);
                    wrong += expect(peer.call("{\"type\":\"reset\"}"), "observation");
                    wrong += expect(
                            peer.call("{\"type\":\"step\",\"data\":{\"command\":\"echo ready\"}}"), "observation");
                }
                // Every other session is mid-step (a long command) when its sandbox's processes are killed.
                for (int i = 0; i < peers.size(); i += 2) {
                    peers.get(i).send("{\"type\":\"step\",\"data\":{\"command\":\"sleep 20\",\"timeout_s\":30}}");
                }
                Thread.sleep(500);
                for (ProcessHandle sandbox : ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().command().orElse("").endsWith("bwrap"))
                        .toList()) {
                    sandbox.destroyForcibly();
                    killed++;
                }
                for (int i = 0; i < peers.size(); i += 2) {
                    String reply = peers.get(i).next();
                    wrong += reply.startsWith("{\"type\":\"observation\"") || reply.startsWith("{\"type\":\"error\"")
                            ? 0
                            : 1;
                }
                // Every session still answers its next step (with a result or an error), within the deadline.
                for (Peer peer : peers) {
                    String reply = peer.call("{\"type\":\"step\",\"data\":{\"command\":\"echo after\"}}");
                    wrong += reply.startsWith("{\"type\":\"observation\"") || reply.startsWith("{\"type\":\"error\"")
                            ? 0
                            : 1;
                }
            } finally {
                peers.forEach(Peer::close);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((server.activeSessions() > 0 || live.live() > before || bwraps() > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            leftSessions = server.activeSessions();
            left = live.live() - before;
            leftProcesses = bwraps();
        }
        wrong += leftSessions + left + leftProcesses + (killed == 0 ? 1 : 0);
        errors += wrong;
        line(String.format(
                "| sandboxes killed | %d terminal sessions (bubblewrap), %d sandbox processes killed from outside "
                        + "(half the sessions mid-step): every step answered; %d sessions, %d sandboxes, %d sandbox processes left "
                        + "| %d | %.1f s | |",
                options.sandboxes(),
                killed,
                leftSessions,
                left,
                leftProcesses,
                wrong,
                (System.nanoTime() - start) / 1e9));
    }

    private static long bwraps() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("bwrap"))
                .count();
    }

    /** A reward provider that never answers: every step gets REWARD_ERROR in bounded time, nothing leaks. */
    private void providerTimeout() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        var hold = new java.util.concurrent.CountDownLatch(1);
        silent.createContext("/", exchange -> {
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        silent.start();
        long start = System.nanoTime();
        long wrong = 0;
        int liveBefore = 0;
        try (var server = EnvServer.create(
                        BenchEnvironment.spec(BenchEnvironment.Settings.immediate()),
                        ServerConfig.ephemeral()
                                .withRewards(ProviderRewards.of(URI.create("http://127.0.0.1:"
                                                + silent.getAddress().getPort() + "/"))
                                        .withTimeout(Duration.ofMillis(250))
                                        .withTiming(io.openenv4j.server.RewardTiming.STEP)))
                .start()) {
            String url = server.baseUrl().replace("http://", "ws://") + "/ws";
            try (var peer = new Peer(url);
                    var other = new Peer(url)) {
                wrong += expect(peer.call("{\"type\":\"reset\"}"), "observation");
                wrong += expect(other.call("{\"type\":\"reset\"}"), "observation");
                for (int i = 0; i < options.providerSteps(); i++) {
                    peer.send("{\"type\":\"step\",\"data\":{\"tag\":\"p\"}}");
                    // The other session is answered while the first one waits on the provider.
                    wrong += other.call("{\"type\":\"state\"}").contains("\"state\"") ? 0 : 1;
                    wrong += peer.next().contains("\"REWARD_ERROR\"") ? 0 : 1;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.activeSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            liveBefore = server.activeSessions();
        } finally {
            hold.countDown();
            silent.stop(0);
        }
        wrong += liveBefore;
        errors += wrong;
        line(String.format(
                "| provider timeout | %d steps scored by a provider that never answers (250 ms timeout): "
                        + "each answered REWARD_ERROR, a second session's calls answered meanwhile, %d sessions left | %d | %.1f s | |",
                options.providerSteps(), liveBefore, wrong, (System.nanoTime() - start) / 1e9));
    }

    private void bystander(
            String url, AtomicBoolean stop, AtomicLong steps, AtomicLong failures, AtomicReference<String> first) {
        try (var peer = new Peer(url)) {
            String reset = peer.call("{\"type\":\"reset\"}");
            if (expect(reset, "observation") != 0) {
                throw new IllegalStateException("reset: " + reset);
            }
            long n = 0;
            while (!stop.get()) {
                String reply = peer.call("{\"type\":\"step\",\"data\":{\"tag\":\"b\"}}");
                n++;
                if (!reply.startsWith(
                        "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{},\"step\":" + n + ",")) {
                    throw new IllegalStateException("step " + n + ": " + reply);
                }
                steps.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            first.compareAndSet(null, String.valueOf(e.getMessage()));
        }
    }

    private static long expect(String reply, String type) {
        return reply != null && reply.startsWith("{\"type\":\"" + type + "\"") ? 0 : 1;
    }

    // ---- report and resources -----------------------------------------------------------------------------

    private void phase(String name, String what, SoakLoad.Outcome outcome, long expected, ServerProcess server)
            throws Exception {
        long wrong = outcome.errors() + Math.max(0, expected - outcome.completed() - outcome.errors());
        errors += wrong;
        Resources after = resources(server);
        line(String.format(
                "| %s | %s | %d%s | %.0f s | %s |",
                name,
                what,
                wrong,
                outcome.firstError() == null
                        ? ""
                        : " (first: " + outcome.firstError().replace('|', '/') + ")",
                outcome.seconds(),
                after));
    }

    private void faultPhase(String name, String what, long wrong, long startNanos, ServerProcess server)
            throws Exception {
        errors += wrong;
        line(String.format(
                "| %s | %s | %d | %.1f s | %s |",
                name, what, wrong, (System.nanoTime() - startNanos) / 1e9, resources(server)));
    }

    private void line(String text) {
        report.append(text).append('\n');
        progress.println("soak: " + text);
    }

    /** The server's resources once its sessions have ended (waits up to 30 s for closes to finish). */
    private Resources settled(ServerProcess server, Resources baseline) throws Exception {
        Resources now = resources(server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (flatness(baseline, now) != null && System.nanoTime() < deadline) {
            Thread.sleep(500);
            now = resources(server);
        }
        return now;
    }

    static String flatness(Resources baseline, Resources end) {
        var problems = new ArrayList<String>();
        if (end.heapBytes() > baseline.heapBytes() + 32L * 1024 * 1024) {
            problems.add("heap after GC grew from " + baseline.heapBytes() + " to " + end.heapBytes() + " bytes");
        }
        if (end.threads() > baseline.threads() + 16) {
            problems.add("threads grew from " + baseline.threads() + " to " + end.threads());
        }
        if (end.files() > baseline.files() + 16) {
            problems.add("open files grew from " + baseline.files() + " to " + end.files());
        }
        if (end.sessions() != 0) {
            problems.add(end.sessions() + " sessions still open");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static Resources resources(ServerProcess server) throws Exception {
        long heap = server.heapAfterGc();
        long files;
        try (var entries = Files.list(Path.of("/proc/" + server.process.pid() + "/fd"))) {
            files = entries.count();
        }
        long sessions = sessions(server.wsPort) + sessions(server.blockingPort);
        return new Resources(heap, server.threads(), files, sessions);
    }

    private static final Pattern SESSIONS = Pattern.compile("^openenv_sessions\\{[^}]*\\} (\\S+)$", Pattern.MULTILINE);

    /** Sessions holding a slot, in every state, from the server's {@code /metrics}. */
    static long sessions(int port) throws IOException, InterruptedException {
        String text = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        Matcher m = SESSIONS.matcher(text);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return Math.round(sum);
    }

    /** A blocking WebSocket client session (JDK client), for the fault phases. */
    private static final class Peer implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        final WebSocket socket;

        Peer(String url) throws Exception {
            socket =
                    HTTP.newWebSocketBuilder().buildAsync(URI.create(url), this).get(30, TimeUnit.SECONDS);
        }

        void send(String frame) {
            socket.sendText(frame, true).join();
        }

        String call(String frame) throws InterruptedException {
            send(frame);
            return next();
        }

        String next() throws InterruptedException {
            String reply = texts.poll(30, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("no reply within 30 s");
            }
            return reply;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                try {
                    socket.sendText("{\"type\":\"close\"}", true).get(5, TimeUnit.SECONDS);
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
                    closed.get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    socket.abort();
                }
            }
        }
    }
}
