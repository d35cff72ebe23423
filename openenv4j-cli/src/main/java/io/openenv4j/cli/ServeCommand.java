package io.openenv4j.cli;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.EnvironmentProviderException;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.BuiltInEnvironments;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.server.Launcher;
import io.openenv4j.server.ProviderRewards;
import io.openenv4j.server.RewardTiming;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.ServerMode;
import io.openenv4j.tasks.Sampling;
import io.openenv4j.tasks.TaskBinding;
import io.openenv4j.tasks.TaskPlayer;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.tasks.data.DataFormatException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code openenv4j serve <env>}: serves a built-in environment, or one of {@code --classpath}, until interrupted.
 * Options default to the
 * environment variables the reference's containers use ({@code PORT}, {@code HOST}, {@code
 * MAX_CONCURRENT_ENVS}), then to port 8000 on all interfaces.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serve an environment (built-in or from --classpath) over HTTP, WebSocket and MCP; with --tasks, bound to a dataset's tasks.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ENV", description = "Environment name (see 'openenv4j envs').")
    String env;

    @Option(names = "--port", description = "Port to listen on (env PORT; default 8000; 0 for any free port).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (env HOST; default 0.0.0.0).")
    String host;

    @Option(names = "--max-sessions", description = "Concurrent sessions (env MAX_CONCURRENT_ENVS; default 1024).")
    Integer maxSessions;

    @Option(names = "--mode", description = "simulation (default) or production (no HTTP /reset, /step, /state).")
    ServerMode mode;

    @Option(
            names = "--web",
            negatable = true,
            description = "Serve the web page for people at /web (--no-web: do not;"
                    + " env ENABLE_WEB_INTERFACE; default: on in simulation mode, off in production mode).")
    Boolean web;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            description = "Close sessions idle for this many seconds (env OPENENV_IDLE_TIMEOUT_S; default never).")
    Integer idleTimeoutSeconds;

    @Option(
            names = "--reward-provider",
            paramLabel = "URL",
            description = "Take step rewards from this reward provider (env OPENENV_REWARD_PROVIDER_URL); the trainer"
                    + " channel needs OPENENV_TRAINER_TOKEN in the environment (never on the command line).")
    java.net.URI rewardProvider;

    @Option(
            names = "--reward-rubric",
            paramLabel = "NAME",
            description = "The rubric the provider must score with (env OPENENV_REWARD_RUBRIC; default any).")
    String rewardRubric;

    @Option(
            names = "--reward-timeout-ms",
            description = "Longest wait for one reward (env OPENENV_REWARD_TIMEOUT_MS; default 10000).")
    Long rewardTimeoutMs;

    @Option(names = "--reward-timing", description = "episode (default), step or delta (env OPENENV_REWARD_TIMING).")
    String rewardTiming;

    @Option(
            names = "--tasks",
            paramLabel = "DATASET",
            description = "Bind the environment to the tasks of this dataset: a directory or a Hugging Face reference"
                    + " (hf://datasets/org/name[/env-id][@revision]); environments that play tasks: qa.")
    String tasks;

    @picocli.CommandLine.Mixin
    HubFlags hub = new HubFlags();

    @picocli.CommandLine.Mixin
    SecurityFlags security = new SecurityFlags();

    /** Where the bound tasks came from, for the start-up line. */
    private String tasksOrigin;

    @Option(
            names = "--split",
            description = "With --tasks: the split resets use when they name none (default train, else the first).")
    String split;

    @Option(
            names = "--task-mapping",
            paramLabel = "MAPPING",
            description =
                    "With --tasks: which columns are id, prompt, hidden, metadata, e.g. prompt=question,hidden=answer.")
    String taskMapping;

    @Option(
            names = "--task-seed",
            paramLabel = "SEED",
            description =
                    "With --tasks: the seed of the order resets without seed or position walk through (default 0).")
    Long taskSeed;

    @Option(
            names = "--stop-on-stdin-close",
            description =
                    "Stop when standard input closes: a parent holding the other"
                            + " end of a pipe stops the server by closing it or by exiting, however it exits (the Python package uses it).")
    boolean stopOnStdinClose;

    @Option(
            names = "--warm-pool",
            paramLabel = "N",
            description =
                    "terminal, terminal-tools, code, code@openenv, browser: keep N sandboxes (browser: contexts, at most 16)"
                            + " made ahead of need for fast episode starts (env OPENENV_WARM_POOL; default 0, off; docs/performance.md).")
    Integer warmPool;

    @Option(
            names = "--warm-java",
            negatable = true,
            description =
                    "code: the pooled sandboxes also carry a started, warmed Java session (env OPENENV_WARM_POOL_JAVA; default off).")
    Boolean warmJava;

    @Option(
            names = "--drain-seconds",
            description =
                    "on SIGTERM or Ctrl+C, first drain for up to this many seconds:"
                            + " no new sessions (GET /capacity says draining), open ones run on; then stop (default 0: stop at once).")
    long drainSeconds;

    @Option(names = "--delay-ms", description = "bench only: milliseconds each step waits (default 0).")
    Long delayMs;

    @Option(names = "--payload-bytes", description = "bench only: size of each observation's payload (default 16).")
    Integer payloadBytes;

    @Option(
            names = "--option",
            paramLabel = "NAME=VALUE",
            description = "Set one of the environment's options" + " ('openenv4j envs' lists them); repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    ClassPathFlags classPath = new ClassPathFlags();

    /** The environments found (built-ins and --classpath), for {@link #boundSpec}. */
    private Environments environments;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        try {
            environments = classPath.environments(cli.getErr());
        } catch (IllegalArgumentException e) {
            cli.getErr().println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        var entry = environments.find(env);
        if (entry.isEmpty()) {
            cli.getErr()
                    .println("Unknown environment '" + env + "'. Environments: "
                            + String.join(", ", environments.names())
                            + (classPath.classpath == null ? " (more with --classpath JARS)" : ""));
            return 2;
        }
        ServerConfig config;
        EnvSpec<?, ?, ?> envSpec;
        io.openenv4j.server.Observability observability;
        try {
            config = config();
            observability = io.openenv4j.server.Observability.fromEnvironment(System.getenv());
            envSpec = tasks != null ? boundSpec(entry.get()) : entry.get().spec(optionValues());
        } catch (IllegalArgumentException | EnvironmentException | DataFormatException e) {
            cli.getErr().println("Invalid configuration: " + e.getMessage());
            return 2;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            cli.getErr().println("Cannot read tasks: " + e.getMessage());
            return 2;
        } catch (EnvironmentProviderException e) {
            cli.getErr().println("Cannot serve '" + env + "': " + e.getMessage());
            return 1;
        }
        WarmPools.Settings pools;
        try {
            pools = WarmPools.Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            cli.getErr().println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        if (warmPool != null) {
            if (warmPool < 0) {
                cli.getErr().println("Invalid configuration: --warm-pool must be 0 or more, got " + warmPool);
                return 2;
            }
            pools = pools.withSize(warmPool);
        }
        if (warmJava != null) {
            pools = pools.withJava(warmJava);
        }
        WarmPools.configure(pools.withMaxLive(config.maxSessions()));
        String started = tasks == null
                ? null
                : "Tasks from " + tasksOrigin + "; reset fields " + TaskBinding.SELECTION_FIELDS + " choose them.";
        try {
            Launcher.serveUntilStopped(envSpec, config, observability, Duration.ofSeconds(drainSeconds), baseUrl -> {
                if (started != null) {
                    cli.getOut().println(started);
                }
                if (stopOnStdinClose) {
                    watchStdin();
                }
                WarmPools.startFor(env);
                cli.getOut().println(Launcher.servingLine(env, baseUrl));
                cli.getOut().flush();
            });
        } catch (IllegalArgumentException | java.io.IOException e) {
            cli.getErr().println("Cannot serve '" + env + "': " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** Exits (the shutdown hook closes the server) once standard input ends: the parent closed its pipe or died. */
    private static void watchStdin() {
        Thread.ofPlatform().daemon().name("openenv4j-stdin-watch").start(() -> {
            try {
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                // a broken pipe is a closed one
            }
            System.exit(0);
        });
    }

    /** The environment's options: --option NAME=VALUE, and bench's own --delay-ms and --payload-bytes. */
    private Map<String, String> optionValues() {
        var values = new LinkedHashMap<>(options);
        if (env.equals(BenchEnvironment.NAME)) {
            if (delayMs != null) {
                values.put(BuiltInEnvironments.BENCH_DELAY_MS, Long.toString(delayMs));
            }
            if (payloadBytes != null) {
                values.put(BuiltInEnvironments.BENCH_PAYLOAD_BYTES, Integer.toString(payloadBytes));
            }
        }
        return values;
    }

    private ServerConfig config() {
        ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
        if (port != null) {
            config = config.withPort(port);
        }
        if (host != null) {
            config = config.withHost(host);
        }
        if (maxSessions != null) {
            config = config.withMaxSessions(maxSessions);
        }
        if (mode != null) {
            config = config.withMode(mode);
        }
        if (web != null) {
            config = config.withWeb(web);
        }
        if (idleTimeoutSeconds != null) {
            config = config.withIdleTimeout(idleTimeoutSeconds > 0 ? Duration.ofSeconds(idleTimeoutSeconds) : null);
        }
        config = security.apply(config);
        if (rewardProvider != null) {
            config = config.withRewards(
                    config.rewards() == null
                            ? ProviderRewards.of(rewardProvider)
                            : new ProviderRewards(
                                    rewardProvider,
                                    config.rewards().rubric(),
                                    config.rewards().timeout(),
                                    config.rewards().timing()));
        }
        if ((rewardRubric != null || rewardTimeoutMs != null || rewardTiming != null) && config.rewards() == null) {
            throw new IllegalArgumentException(
                    "--reward-rubric, --reward-timeout-ms and --reward-timing need --reward-provider");
        }
        if (rewardRubric != null) {
            config = config.withRewards(config.rewards().withRubric(rewardRubric));
        }
        if (rewardTimeoutMs != null) {
            config = config.withRewards(config.rewards().withTimeout(Duration.ofMillis(rewardTimeoutMs)));
        }
        if (rewardTiming != null) {
            config = config.withRewards(config.rewards().withTiming(RewardTiming.parse(rewardTiming)));
        }
        return config;
    }

    private EnvSpec<?, ?, ?> boundSpec(EnvironmentDefinition definition) throws java.io.IOException {
        var player = definition.extension(TaskPlayer.class);
        if (player.isEmpty()) {
            throw new IllegalArgumentException("'" + env
                    + "' does not play tasks, so --tasks does not apply; environments"
                    + " that do: "
                    + String.join(
                            ", ",
                            environments.definitions().stream()
                                    .filter(other ->
                                            other.extension(TaskPlayer.class).isPresent())
                                    .map(EnvironmentDefinition::name)
                                    .toList()));
        }
        TaskDatasets.Served served =
                TaskDatasets.forServing(env, tasks, hub.options(System.getenv()), split, taskMapping);
        TaskSource source = served.source();
        var options = TaskBinding.Options.defaults()
                .withSplit(served.split())
                .withSampling(Sampling.of(taskSeed == null ? 0 : taskSeed));
        EnvSpec<?, ?, ?> bound = player.get().bind(source, options);
        // read one task now, so a bad mapping or file fails here rather than at the first reset
        if (source.count(served.split()) > 0) {
            source.task(served.split(), 0);
        }
        var dataset = served.dataset();
        tasksOrigin = dataset.ref() + (dataset.revision().equals("local") ? "" : " (commit " + dataset.revision() + ")")
                + ", split " + served.split()
                + (dataset.environment() == null
                        ? ""
                        : ", manifest environment '" + dataset.environment().id() + "'");
        return bound;
    }
}
