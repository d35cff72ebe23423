package io.openenv4j.bench;

import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The capacity load generator as several processes ({@link CapacityWorker}), each with its own event loop
 * and {@value #ADDRESSES_PER_WORKER} loopback source addresses: a batch of N sessions is split among them,
 * started together, and their per-session samples merged. Each process holds at most N / {@value #WORKERS}
 * sockets, far below the 20,000 open files a process may have here; the server holds all N in one process.
 * The same pool drives the session-open rate ({@link #churn}), so that figure is the server's, not one
 * driver process's.
 */
final class CapacityWorkers implements AutoCloseable {

    static final int WORKERS = 4;
    static final int ADDRESSES_PER_WORKER = 8;
    /** Source addresses 127.0.0.40 and up: clear of the driver's own (127.0.0.2–17). */
    static final int FIRST_ADDRESS = 40;

    private record Worker(Process process, BufferedReader out, PrintStream in, Path log) {}

    private final List<Worker> workers = new ArrayList<>();

    /** Starts the worker processes, pinned to {@code cpus} like the driver. */
    static CapacityWorkers start(String cpus) throws Exception {
        var started = new CapacityWorkers();
        try {
            for (int i = 0; i < WORKERS; i++) {
                var command = new ArrayList<>(ServerProcess.pin(cpus));
                command.add(ProcessHandle.current().info().command().orElse("java"));
                command.addAll(List.of(
                        "-Xms64m",
                        "-Xmx1g",
                        "-XX:+UseG1GC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CapacityWorker.class.getName(),
                        String.valueOf(FIRST_ADDRESS + i * ADDRESSES_PER_WORKER),
                        String.valueOf(ADDRESSES_PER_WORKER)));
                Path log = Files.createTempFile("openenv4j-bench-capacity-worker", ".log");
                Process process =
                        new ProcessBuilder(command).redirectError(log.toFile()).start();
                var worker = new Worker(
                        process,
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8),
                        log);
                started.workers.add(worker);
            }
            // Started together, then awaited: JVM start-ups overlap.
            for (Worker worker : started.workers) {
                String line = worker.out().readLine();
                if (!CapacityWorker.READY.equals(line)) {
                    throw new IllegalStateException(
                            "a capacity worker did not start: " + line + " " + Files.readString(worker.log()));
                }
            }
            return started;
        } catch (Exception e) {
            started.close();
            throw e;
        }
    }

    /** One batch of {@code size} sessions split among the workers; the merged result. */
    SessionLoad.Batch capacity(int port, int size, long stepDelayMs, int connectWindow, long timeoutSeconds)
            throws Exception {
        var results = new ArrayList<CompletableFuture<JsonNode>>();
        for (int i = 0; i < workers.size(); i++) {
            int share = size / workers.size() + (i < size % workers.size() ? 1 : 0);
            Worker worker = workers.get(i);
            if (share == 0) {
                continue;
            }
            int window = Math.max(1, connectWindow / workers.size());
            worker.in().println("RUN " + port + " " + share + " " + stepDelayMs + " " + window + " " + timeoutSeconds);
            results.add(CompletableFuture.supplyAsync(() -> read(worker)));
        }
        var connect = new Samples();
        var reset = new Samples();
        var step = new Samples();
        var close = new Samples();
        var total = new Samples();
        int succeeded = 0;
        double seconds = 0;
        String firstError = null;
        for (var result : results) {
            JsonNode node = result.get(timeoutSeconds + 120, TimeUnit.SECONDS);
            succeeded += node.path("succeeded").asInt();
            seconds = Math.max(seconds, node.path("seconds").asDouble());
            if (firstError == null && node.hasNonNull("first_error")) {
                firstError = node.path("first_error").asString();
            }
            fill(connect, node.path("connect"));
            fill(reset, node.path("reset"));
            fill(step, node.path("step"));
            fill(close, node.path("close"));
            fill(total, node.path("total"));
        }
        total.firstError = firstError;
        return new SessionLoad.Batch(size, succeeded, connect, reset, step, close, total, firstError, seconds);
    }

    /**
     * Open/reset/close cycles for {@code duration}, {@code concurrency} sessions at a time split among the
     * workers, started together; the merged result (cycles summed, the longest worker's time, every open
     * latency, every failed cycle).
     */
    SessionLoad.Churn churn(int port, int concurrency, java.time.Duration duration) throws Exception {
        var results = new ArrayList<CompletableFuture<JsonNode>>();
        for (int i = 0; i < workers.size(); i++) {
            int share = concurrency / workers.size() + (i < concurrency % workers.size() ? 1 : 0);
            Worker worker = workers.get(i);
            if (share == 0) {
                continue;
            }
            worker.in().println("CHURN " + port + " " + share + " " + duration.toMillis());
            results.add(CompletableFuture.supplyAsync(() -> read(worker)));
        }
        var open = new Samples();
        int cycles = 0;
        double seconds = 0;
        for (var result : results) {
            JsonNode node = result.get(duration.toSeconds() + 240, TimeUnit.SECONDS);
            cycles += node.path("cycles").asInt();
            seconds = Math.max(seconds, node.path("seconds").asDouble());
            fill(open, node.path("open"));
            long errors = node.path("errors").asLong();
            for (long e = 0; e < errors; e++) {
                open.fail(node.path("first_error").asString("a worker's cycle failed"));
            }
        }
        return new SessionLoad.Churn(cycles, open, seconds);
    }

    /**
     * One soak load split among the workers and started together: {@code SOAK} ({@code a} sessions of {@code b}
     * steps, {@code window} handshakes in flight) or {@code CYCLES} ({@code a} cycles, {@code b} at a time).
     * The merged outcome: counts summed, the longest worker's time, the first error.
     */
    SoakLoad.Outcome soak(String kind, int port, int a, int b, int window, long timeoutSeconds) throws Exception {
        var results = new ArrayList<CompletableFuture<JsonNode>>();
        for (int i = 0; i < workers.size(); i++) {
            int share = a / workers.size() + (i < a % workers.size() ? 1 : 0);
            int concurrency = kind.equals("CYCLES") ? Math.max(1, b / workers.size()) : b;
            if (share == 0) {
                continue;
            }
            Worker worker = workers.get(i);
            worker.in()
                    .println(kind + " " + port + " " + share + " " + concurrency + " "
                            + Math.max(1, window / workers.size()) + " " + timeoutSeconds);
            results.add(CompletableFuture.supplyAsync(() -> read(worker)));
        }
        long completed = 0;
        long steps = 0;
        long errors = 0;
        int peak = 0;
        double seconds = 0;
        String firstError = null;
        for (var result : results) {
            JsonNode node = result.get(timeoutSeconds + 120, TimeUnit.SECONDS);
            completed += node.path("completed").asLong();
            steps += node.path("steps").asLong();
            errors += node.path("errors").asLong();
            peak += node.path("peak_open").asInt();
            seconds = Math.max(seconds, node.path("seconds").asDouble());
            if (firstError == null && node.hasNonNull("first_error")) {
                firstError = node.path("first_error").asString();
            }
        }
        return new SoakLoad.Outcome(completed, steps, errors, firstError, peak, seconds);
    }

    /** CPU time of all the worker processes together (user + system). */
    long cpuNanos() {
        long sum = 0;
        for (Worker worker : workers) {
            sum += ServerProcess.cpuNanos(worker.process().pid(), "a load-generator process");
        }
        return sum;
    }

    private static JsonNode read(Worker worker) {
        try {
            String line;
            while ((line = worker.out().readLine()) != null) {
                if (line.startsWith(CapacityWorker.RESULT)) {
                    return WireJson.parse(line.substring(CapacityWorker.RESULT.length()));
                }
            }
            throw new IllegalStateException("a capacity worker exited: " + Files.readString(worker.log()));
        } catch (IOException e) {
            throw new IllegalStateException("reading a capacity worker failed", e);
        }
    }

    private static void fill(Samples samples, JsonNode values) {
        for (JsonNode value : values) {
            samples.add(value.asLong());
        }
    }

    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.in().close();
            try {
                if (!worker.process().waitFor(30, TimeUnit.SECONDS)) {
                    worker.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                worker.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
