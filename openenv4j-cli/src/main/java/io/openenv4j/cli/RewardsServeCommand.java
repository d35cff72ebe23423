package io.openenv4j.cli;

import io.openenv4j.rewards.RewardServer;
import io.openenv4j.rewards.RewardServerConfig;
import io.openenv4j.rewards.Rubric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code openenv4j rewards serve --rubric FILE}: serves one rubric over the reward-provider protocol until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve a rubric (from a JSON or YAML spec) as a reward provider (docs/rewards.md).")
final class RewardsServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--rubric",
            required = true,
            paramLabel = "FILE",
            description = "Rubric spec, JSON or YAML (.yaml/.yml): built-in rubrics and combinators.")
    Path rubricFile;

    @Option(names = "--port", description = "Port (default 8100; 0 for any free port).")
    int port = 8100;

    @Option(
            names = "--host",
            description = "Address to bind (default 127.0.0.1: keep rewards off the agent's network).")
    String host = "127.0.0.1";

    @Option(names = "--budget-ms", description = "Latency budget of one request, in ms (default 30000).")
    long budgetMs = 30_000;

    @Option(names = "--max-batch", description = "Most trajectories in one batch or group (default 256).")
    int maxBatch = 256;

    @Option(
            names = "--cache-entries",
            description = "Scores kept by the idempotency cache; 0 turns it off (default 10000).")
    int cacheEntries = 10_000;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        Rubric rubric;
        RewardServerConfig config;
        try {
            rubric = RewardsCommand.rubric(rubricFile);
            config = new RewardServerConfig(
                    host,
                    port,
                    Duration.ofMillis(budgetMs),
                    maxBatch,
                    cacheEntries,
                    RewardServerConfig.defaults().maxBodyBytes());
        } catch (IllegalArgumentException e) {
            cli.getErr().println("Invalid configuration: " + e.getMessage());
            cli.getErr().flush();
            return 2;
        }
        RewardServer server;
        try {
            server = RewardServer.create(rubric, config);
        } catch (java.io.IOException e) {
            cli.getErr().println("Cannot serve the rubric on " + host + ":" + port + ": " + e.getMessage());
            cli.getErr().flush();
            return 1;
        }
        var stopped = new CountDownLatch(1);
        var hook = new Thread(
                () -> {
                    server.close();
                    stopped.countDown();
                },
                "openenv4j-rewards-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        cli.getOut()
                .println("Serving rubric '" + rubric.name() + "' (version " + rubric.version() + ", "
                        + rubric.determinism().kind().name().toLowerCase(java.util.Locale.ROOT) + ") at " + server.url()
                        + ". Press Ctrl+C to stop.");
        cli.getOut().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped from within the JVM (tests, embedding): close now rather than at exit.
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
        }
        return 0;
    }
}
