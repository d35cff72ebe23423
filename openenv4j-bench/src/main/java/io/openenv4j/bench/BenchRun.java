package io.openenv4j.bench;

import io.openenv4j.core.StepOptions;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.ServerMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One bench run: starts the servers under test in their own processes (pinned to their own CPUs), drives
 * them from this process, and collects {@link Results}. Every reply is checked; {@link Results#errors()}
 * counts the ones that were wrong or missing, and a run with errors does not count.
 */
public final class BenchRun {

    static final String INPROC = "in-process env.step";
    static final String CODEC_TREE = "in-process JSON path, tree encoding";
    static final String CODEC = "in-process JSON path, one-pass encoding";
    static final String TCP = "raw TCP floor";
    static final String WS = "WebSocket OpenEnv4j";
    static final String WS_NIO = "WebSocket OpenEnv4j, JDK NIO transport";
    static final String WS_LOOP = "WebSocket OpenEnv4j, blocking env, event-loop carriers";
    static final String WS_BLOCKING = "WebSocket OpenEnv4j, blocking env (virtual threads)";
    static final String HTTP = "HTTP OpenEnv4j";
    static final String WS_REF = "WebSocket reference";
    static final String HTTP_REF = "HTTP reference";
    static final String JAVA = "openenv4j";
    static final String JAVA_LOOP = "openenv4j-el";
    static final String REFERENCE = "reference";

    private final BenchOptions options;
    private final PrintStream progress;
    private final Results results = new Results();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Vertx vertx;
    private Context context;
    private List<WebSocketClient> clients;
    private ServerProcess java;
    private ServerProcess javaNio;
    private ServerProcess javaLoop;
    private ServerProcess reference;
    private CapacityWorkers workers;

    private BenchRun(BenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Runs the bench and writes {@code bench-report.md} and {@code bench-report.html} under {@code options.out()}.
     *
     * @return how many replies were wrong or missing (a run with any does not count)
     */
    public static long run(BenchOptions options, PrintStream progress, String commandLine) throws Exception {
        var run = new BenchRun(options, progress);
        run.results.command = commandLine;
        long start = System.nanoTime();
        try {
            run.start();
            run.measure();
            run.noteMovedSessions();
        } finally {
            run.stop();
        }
        run.results.seconds = (System.nanoTime() - start) / 1e9;
        run.results.notes += "Load average after the run: " + Machine.loadAverage() + ".";
        Reports.write(run.results, options);
        progress.printf(
                "bench: done in %.0f s, %d errors; reports in %s%n",
                run.results.seconds, run.results.errors(), options.out().toAbsolutePath());
        return run.results.errors();
    }

    private void start() throws Exception {
        results.machine = Machine.describe(options);
        results.notes = "Load average before the run: " + Machine.loadAverage() + ". ";
        progress.println("bench: " + results.machine.replace('\n', ' '));
        Machine.pinSelf(options.clientCpus(), progress);
        List<String> jvm = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");
        progress.println("bench: starting the OpenEnv4j bench server (CPUs " + options.serverCpus() + ")");
        java = ServerProcess.startJava(JAVA, options.serverCpus(), jvm, 20_000, false);
        resources.add(java);
        var loop = new ArrayList<>(jvm);
        loop.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dopenenv4j.carrier=event-loop"));
        javaLoop = ServerProcess.startJava(JAVA_LOOP, options.serverCpus(), loop, 20_000, true);
        resources.add(javaLoop);
        if (options.runs("latency")) {
            var nio = new ArrayList<>(jvm);
            nio.add("-Dio.netty.transport.noNative=true");
            javaNio = ServerProcess.startJava("openenv4j-nio", options.serverCpus(), nio, 64, false);
            resources.add(javaNio);
        }
        if (options.hasReference()) {
            progress.println("bench: starting the Python reference server (" + options.referencePython() + ")");
            reference = ServerProcess.startReference(
                    options.serverCpus(), options.referencePython(), options.referenceScript(), 20_000);
            resources.add(reference);
        } else {
            results.problems.add("The Python reference was not run: no interpreter at " + options.referencePython()
                    + " (create it with: bash openenv4j-it/scripts/pyref-venv.sh openenv4j-it/target/pyref).");
            progress.println("bench: " + results.problems.get(results.problems.size() - 1));
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        context = vertx.getOrCreateContext();
        clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(20_000)
                    .setLocalAddress("127.0.0." + (2 + i))
                    .setTcpNoDelay(true)
                    .setConnectTimeout(30_000)
                    .setMaxFrameSize(16 << 20)
                    .setMaxMessageSize(16 << 20)));
        }
    }

    /** Says so in the report when the safety net moved a session of the NON_BLOCKING environment (server log). */
    private void noteMovedSessions() {
        for (ServerProcess server : Arrays.asList(this.java, javaNio)) {
            try {
                if (server != null && Files.readString(server.log).contains("declares NON_BLOCKING")) {
                    results.notes +=
                            "On " + server.name + ", the safety net moved at least one session of the NON_BLOCKING "
                                    + "environment to virtual threads for a while (its log: " + server.log
                                    + "); figures of the "
                                    + "default rows then include steps on virtual threads. ";
                    progress(
                            "%s: the safety net moved a NON_BLOCKING session to virtual threads (see %s)",
                            server.name, server.log);
                }
            } catch (IOException e) {
                progress("cannot read the log of %s: %s", server.name, e);
            }
        }
    }

    private void stop() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                progress.println("bench: closing the load generator failed: " + e);
            }
        }
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                progress.println("bench: closing " + resource + " failed: " + e);
            }
        }
    }

    private void measure() throws Exception {
        if (options.runs("latency")) {
            new LatencySection(this).run();
        }
        if (options.runs("payload")) {
            new LatencySection(this).payloads();
        }
        if (options.runs("batch")) {
            new LoadSection(this).batched();
        }
        if (options.runs("throughput")) {
            new LoadSection(this).throughput();
        }
        if (options.runs("opens")) {
            new LoadSection(this).opens();
        }
        if (options.runs("idle")) {
            new LoadSection(this).idle();
        }
        if (options.runs("churn")) {
            new LoadSection(this).churn();
        }
        if (options.runs("capacity")) {
            new LoadSection(this).capacity();
        }
        if (options.runs("rollouts")) {
            new RolloutsSection(this).run();
        }
    }

    // ---- shared with the sections ----------------------------------------------------------------

    BenchOptions options() {
        return options;
    }

    Results results() {
        return results;
    }

    Context context() {
        return context;
    }

    Vertx vertx() {
        return vertx;
    }

    List<WebSocketClient> clients() {
        return clients;
    }

    ServerProcess java() {
        return java;
    }

    ServerProcess javaNio() {
        return javaNio;
    }

    ServerProcess javaLoop() {
        return javaLoop;
    }

    ServerProcess reference() {
        return reference;
    }

    /** The multi-process load generator (capacity, session opens), started on first use, stopped with the run. */
    CapacityWorkers workers() throws Exception {
        if (workers == null) {
            progress("starting %d load-generator processes (CPUs %s)", CapacityWorkers.WORKERS, options.clientCpus());
            workers = CapacityWorkers.start(options.clientCpus());
            resources.add(workers);
        }
        return workers;
    }

    void progress(String format, Object... args) {
        progress.printf("bench: " + format + "%n", args);
    }

    /** Opens a {@code /ws} session on {@code server} and resets it to {@code payloadBytes}. */
    WsLink session(ServerProcess server, int payloadBytes) throws Exception {
        return session(server, server.wsPort, payloadBytes);
    }

    /** Opens a {@code /ws} session on {@code port} of {@code server} and resets it to {@code payloadBytes}. */
    WsLink session(ServerProcess server, int port, int payloadBytes) throws Exception {
        WsLink link = WsLink.open(clients.get(0), port, "/ws")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        var reset = new java.util.concurrent.CompletableFuture<String>();
        Expect expect = Expect.wsReset(payloadBytes);
        context.runOnContext(ignored -> link.send(
                Expect.resetFrame(payloadBytes),
                text -> expect.check(text, 0),
                error -> reset.complete(error == null ? "" : error)));
        String error = reset.get(30, TimeUnit.SECONDS);
        if (!error.isEmpty()) {
            throw new IllegalStateException("reset failed on " + server.name + ": " + error);
        }
        link.nextStep = 1;
        return link;
    }

    void close(WsLink link) throws Exception {
        var closed = new java.util.concurrent.CompletableFuture<Void>();
        context.runOnContext(ignored -> link.close().onComplete(result -> closed.complete(null)));
        closed.get(30, TimeUnit.SECONDS);
    }

    /** A closed-loop step exchange on a {@code /ws} session, every reply checked. */
    static Loops.Exchange wsStep(WsLink link, String tag, int payloadBytes) {
        String frame = Expect.stepFrame(tag, 0);
        Expect expect = Expect.wsStep(tag, payloadBytes);
        return reply -> {
            long step = link.nextStep++;
            link.send(frame, text -> expect.check(text, step), reply);
        };
    }

    /** The server's side of a step without any I/O: parse the frame, decode, step, encode. */
    static Runnable codecPath(boolean onePass, int payloadBytes) {
        var env = new BenchEnvironment(new BenchEnvironment.Settings(Duration.ZERO, payloadBytes));
        var codec = EnvCodec.of(BenchEnvironment.spec(BenchEnvironment.Settings.immediate()));
        String frame = Expect.stepFrame("b", 0);
        return () -> {
            if (!(ClientMessage.parse(frame) instanceof ClientMessage.Step step)) {
                throw new IllegalStateException("not a step");
            }
            BenchEnvironment.Action action = codec.decodeAction(step.data());
            var result = env.step(action, StepOptions.none());
            String reply = onePass
                    ? codec.encodeStepFrame(result)
                    : new ServerMessage.Observation(codec.encodeStep(result)).toJson();
            if (reply.length() < payloadBytes) {
                throw new IllegalStateException("short reply");
            }
        };
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
