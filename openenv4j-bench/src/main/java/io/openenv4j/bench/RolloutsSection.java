package io.openenv4j.bench;

import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The {@code rollouts} part: a Python trainer loop with random actions ({@code rollouts.py}) steps CartPole,
 * MountainCar and Blackjack, N = 1, 16, 256, 1024 at a time, over our server's {@code /ws/batch} (through
 * {@code openenv4j.vector}) and plain {@code /ws}, and through Gymnasium's own in-process {@code SyncVectorEnv}
 * and {@code AsyncVectorEnv} of the same environments, in the same run. The server runs in its own process
 * ({@link RolloutServer}) on the server CPUs; the trainer inherits this process's CPUs. Needs the interop venv
 * (Gymnasium, numpy, websockets), the same interpreter as the reference.
 */
final class RolloutsSection {

    static final Path SCRIPT = Path.of("openenv4j-bench", "src", "main", "python", "rollouts.py");
    static final Path VECTOR = Path.of("openenv4j-python", "src", "openenv4j", "vector.py");

    private final BenchRun run;

    RolloutsSection(BenchRun run) {
        this.run = run;
    }

    /** Looks for a repository file from the working directory (the repository or one of its modules). */
    static Path find(Path relative) {
        for (Path candidate : List.of(relative, Path.of("..").resolve(relative))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    void run() throws Exception {
        BenchOptions options = run.options();
        Path script = find(SCRIPT);
        Path vector = find(VECTOR);
        if (!options.hasReference() || script == null || vector == null) {
            String problem = "The rollouts part was not run: it needs the interop venv's Python (Gymnasium, numpy, "
                    + "websockets) at " + options.referencePython() + ", " + SCRIPT + " and " + VECTOR
                    + " (run the bench from the repository).";
            run.results().problems.add(problem);
            run.progress("%s", problem);
            return;
        }
        List<Integer> sizes = options.smoke() ? List.of(1, 4) : List.of(1, 16, 256, 1024);
        String seconds = options.smoke() ? "0.3" : "3";
        String warmup = options.smoke() ? "0.1" : "1";
        var command = new ArrayList<>(ServerProcess.pin(options.serverCpus()));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(
                "-Xms256m",
                "-Xmx2g",
                "-XX:+UseG1GC",
                "-cp",
                System.getProperty("java.class.path"),
                RolloutServer.class.getName()));
        Path serverLog = Files.createTempFile("openenv4j-rollout-server", ".log");
        Process server =
                new ProcessBuilder(command).redirectError(serverLog.toFile()).start();
        try {
            Map<String, String> ports = ready(server, serverLog);
            var python = new ArrayList<>(List.of(
                    options.referencePython().toString(),
                    script.toString(),
                    "--vector",
                    vector.toString(),
                    "--server-pid",
                    ports.get("pid"),
                    "--sizes",
                    sizes.stream().map(String::valueOf).collect(Collectors.joining(",")),
                    "--seconds",
                    seconds,
                    "--warmup",
                    warmup,
                    "--async-max",
                    "256"));
            for (String env : List.of("cartpole", "mountain-car", "blackjack")) {
                python.addAll(List.of("--server", env + "=http://127.0.0.1:" + ports.get(env)));
            }
            run.progress("rollouts: %s", String.join(" ", python));
            Path out = Files.createTempFile("openenv4j-rollouts", ".json");
            Path err = Files.createTempFile("openenv4j-rollouts", ".log");
            Process trainer = new ProcessBuilder(python)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            trainer.getOutputStream().close();
            if (!trainer.waitFor(options.smoke() ? 300 : 1_800, TimeUnit.SECONDS)) {
                trainer.destroyForcibly();
                throw new IllegalStateException("rollouts.py did not finish: " + Files.readString(err));
            }
            String log = Files.readString(err);
            log.lines().filter(line -> line.startsWith("rollouts:")).forEach(line -> run.progress("%s", line));
            if (trainer.exitValue() != 0) {
                run.results().rolloutErrors++;
                run.results()
                        .problems
                        .add("rollouts.py failed (exit " + trainer.exitValue() + "): "
                                + log.substring(Math.max(0, log.length() - 2_000)));
                run.progress("rollouts.py failed: %s", log);
                return;
            }
            JsonNode result = WireJson.parse(Files.readString(out));
            for (JsonNode row : result.path("rows")) {
                run.results()
                        .rollouts
                        .add(new Results.Rollout(
                                row.path("env").asString(),
                                row.path("mode").asString(),
                                row.path("n").asInt(),
                                row.path("steps").asLong(),
                                row.path("steps_per_s").asDouble(),
                                row.path("trainer_cpu_us").asDouble(),
                                row.path("workers_cpu_us").asDouble(),
                                row.path("server_cpu_us").isNumber()
                                        ? row.path("server_cpu_us").asDouble()
                                        : Double.NaN,
                                row.path("episodes").asLong()));
            }
            result.path("skipped").forEach(skip -> run.results().rolloutsSkipped.add(skip.asString()));
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The ports and pid of the ready line. */
    private static Map<String, String> ready(Process server, Path log) throws Exception {
        String ready = ServerProcess.awaitReadyLine(server, RolloutServer.READY, log, "the rollout server");
        var ports = new java.util.HashMap<String, String>();
        for (String word : ready.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                ports.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return ports;
    }
}
