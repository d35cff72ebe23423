package io.openenv4j.cli;

import io.openenv4j.rewards.GroupScores;
import io.openenv4j.rewards.RewardClient;
import io.openenv4j.rewards.RewardProviderException;
import io.openenv4j.rewards.Scored;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code openenv4j rewards score --url URL --file trajectories.jsonl}: a scripting client of a reward
 * provider. Reads one trajectory per line and writes one result per line (or, with {@code --group}, one
 * document with the group's advantages). Exit codes: 0 scored, 1 the provider gave no score (the reason on
 * stderr; nothing is ever printed as a zero), 2 bad input.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score trajectories (JSON Lines) with a reward provider; one result per line on stdout.")
final class RewardsScoreCommand implements Callable<Integer> {

    /** How trajectories are sent. */
    enum Mode {
        EACH,
        BATCH,
        GROUP
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, description = "The provider's base URL, e.g. http://127.0.0.1:8100.")
    URI url;

    @Option(
            names = "--file",
            required = true,
            paramLabel = "FILE",
            description = "Trajectories, one JSON object per line ('-' for stdin).")
    String file;

    @Option(
            names = "--mode",
            description = "each (one request per trajectory), batch (default) or group (GRPO advantages).")
    Mode mode = Mode.BATCH;

    @Option(names = "--batch-size", description = "Trajectories per batch request (default 64).")
    int batchSize = 64;

    @Option(names = "--timeout-ms", description = "Longest wait for one request, in ms (default 60000).")
    long timeoutMs = 60_000;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        PrintWriter out = cli.getOut();
        PrintWriter err = cli.getErr();
        List<Trajectory> trajectories;
        try {
            if (batchSize < 1 || timeoutMs < 1) {
                throw new IllegalArgumentException("--batch-size and --timeout-ms must be positive");
            }
            trajectories = read();
        } catch (IllegalArgumentException | IOException e) {
            err.println("Invalid input: " + e.getMessage());
            err.flush();
            return 2;
        }
        var client = RewardClient.create(url, Duration.ofMillis(timeoutMs));
        try {
            switch (mode) {
                case EACH -> {
                    for (Trajectory trajectory : trajectories) {
                        out.println(WireJson.write(client.score(trajectory)));
                    }
                }
                case BATCH -> {
                    for (int from = 0; from < trajectories.size(); from += batchSize) {
                        List<Scored> results = client.scoreBatch(
                                trajectories.subList(from, Math.min(trajectories.size(), from + batchSize)));
                        results.forEach(result -> out.println(WireJson.write(result)));
                    }
                }
                case GROUP -> {
                    GroupScores group = client.scoreGroup(trajectories);
                    out.println(WireJson.write(group));
                }
            }
        } catch (RewardProviderException e) {
            out.flush();
            err.println("Reward provider error (" + e.kind() + (e.status() < 0 ? "" : " " + e.status())
                    + (e.code() == null ? "" : " " + e.code()) + "): " + e.getMessage());
            err.flush();
            return 1;
        }
        out.flush();
        return 0;
    }

    private List<Trajectory> read() throws IOException {
        try (Reader reader = file.equals("-")
                        ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                        : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
                var lines = new BufferedReader(reader)) {
            var out = new ArrayList<Trajectory>();
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = WireJson.parse(line);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": not JSON");
                }
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException(file + " line " + number + ": a trajectory is a JSON object");
                }
                try {
                    out.add(WireJson.mapper().treeToValue(node, Trajectory.class));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            file + " line " + number + ": not a trajectory: " + e.getMessage());
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no trajectories");
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        }
    }
}
