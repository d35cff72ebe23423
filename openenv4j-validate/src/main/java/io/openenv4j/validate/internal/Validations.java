package io.openenv4j.validate.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.validate.Check;
import io.openenv4j.validate.Plots;
import io.openenv4j.validate.Report;
import io.openenv4j.validate.UnsupportedTargetException;
import io.openenv4j.validate.ValidationOptions;
import io.openenv4j.validate.WireOracle;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** Runs the levels in order for a URL or an in-process environment. */
public final class Validations {

    /** The idle timeout an in-process validation serves with to probe {@code runtime.idle_timeout}. */
    static final Duration IN_PROCESS_IDLE = Duration.ofMillis(500);

    private Validations() {}

    public static Report url(String baseUrl, ValidationOptions options) {
        var replies = new Replies(options.replyTimeout());
        var target = new Target(baseUrl, replies);
        var health = target.get("/health");
        var schema = target.get("/schema");
        if (health.status() < 0 || (health.status() != 200 && !schema.ok())) {
            throw new UnsupportedTargetException("no OpenEnv server at " + baseUrl + ": " + health.describe());
        }
        options.progress().accept("validating " + baseUrl + " (protocol, runtime)");
        List<JsonNode> actions =
                schema.ok() ? ActionSampler.samples(schema.json().path("action"), 16, options.seed()) : List.of();
        var recorder = new Recorder(options.progress());
        var probe =
                new Probe(target, actions.isEmpty() ? List.of(WireJson.object()) : actions, options.seed(), recorder);
        wire(probe, options.maxSessions(), options.latencyBudget());
        var lifecycle = new LifecycleChecks(probe, options);
        if (options.idleTimeout() == null) {
            recorder.skip(
                    Check.IDLE_TIMEOUT,
                    "not declared: pass --idle-timeout SECONDS (the server's declared idle timeout) to check it");
        } else {
            Duration timeout = options.idleTimeout();
            // The reference's reaper wakes every max(timeout/4, 5 s); ours every min(timeout/4, 5 s).
            Duration grace = Duration.ofMillis(Math.max(timeout.toMillis() / 4, 5_000) + 2_000);
            recorder.run(Check.IDLE_TIMEOUT, () -> lifecycle.idleTimeout(target, timeout, grace));
        }
        options.progress().accept("validating " + baseUrl + ": resource cycles");
        lifecycle.overUrl(options.pid(), options.maxSessions());
        options.progress().accept("validating " + baseUrl + " over the wire (semantic, statistical)");
        JsonNode actionSchema = schema.ok() ? schema.json().path("action") : WireJson.object();
        SemanticChecks semantic;
        try (var remote = new RemoteEpisodes(target, actionSchema, options.stepLimit(), options.leakProbe())) {
            LongFunction<Episodes.Chooser> oracle = options.wireOracle() == null
                    ? null
                    : seed -> {
                        WireOracle wireOracle = options.wireOracle().apply(seed);
                        return (last, state, index) -> wireOracle.act((JsonNode) last, (JsonNode) state);
                    };
            semantic = new SemanticChecks(remote, oracle, actions, options, recorder);
            semantic.noOracle =
                    "unsupported: needs an oracle; declare one with --oracle (a script of actions or a built-in's name)";
            semantic.playOracle();
            semantic.run();
        }
        recorder.run(Check.REPLY_TIMEOUT, () -> LifecycleChecks.replyTimeout(replies));
        return new Report(
                baseUrl,
                "url",
                recorder.results(),
                new Plots(
                        semantic.randomReturns(),
                        semantic.oracleReturns(),
                        semantic.learnerMean,
                        semantic.learnerBest,
                        probe.latenciesMs));
    }

    private static void wire(Probe probe, Integer maxSessions, Duration latencyBudget) {
        var protocol = new ProtocolChecks(probe);
        protocol.run(maxSessions);
        new McpChecks(probe).run();
        new RuntimeChecks(probe).run(latencyBudget);
        probe.recorder.run(Check.WS_REWARD_TYPE, protocol::rewardType);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static <A, O, S> Report environment(
            EnvSpec<A, O, S> spec, Supplier<? extends Policy<A, O, S>> oracle, ValidationOptions options) {
        String name = spec.metadata().name();
        var recorder = new Recorder(options.progress());
        var episodes = new Episodes(spec, options.stepLimit(), options.leakProbe());
        List<JsonNode> sampled =
                ActionSampler.samples(EnvCodec.of(spec).schema().path("action"), 16, options.seed());
        LongFunction<Episodes.Chooser> chooser = oracle == null
                ? null
                : seed -> {
                    Policy policy = oracle.get();
                    return (last, state, index) -> policy.act((Step) last, state);
                };
        var semantic = new SemanticChecks(episodes, chooser, sampled, options, recorder);
        options.progress().accept("validating " + name + ": oracle episodes");
        var oracleRuns = semantic.playOracle();
        var actions = new ArrayList<JsonNode>();
        if (!oracleRuns.isEmpty()) {
            actions.addAll(oracleRuns.getFirst().actions());
        }
        if (actions.isEmpty()) {
            actions.addAll(semantic.encodedPool());
        }
        if (actions.isEmpty()) {
            actions.addAll(sampled);
        }
        if (actions.isEmpty()) {
            actions.add(WireJson.object());
        }
        List<Double> latencies;
        var replies = new Replies(options.replyTimeout());
        options.progress().accept("validating " + name + " over the wire (protocol, runtime)");
        Duration idle = options.idleTimeout() == null ? IN_PROCESS_IDLE : options.idleTimeout();
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start();
                EnvServer single = EnvServer.create(
                                spec, ServerConfig.ephemeral().withMaxSessions(1))
                        .start();
                EnvServer idling = EnvServer.create(
                                spec, ServerConfig.ephemeral().withIdleTimeout(idle))
                        .start()) {
            var probe = new Probe(new Target(server.baseUrl(), replies), actions, options.seed(), recorder);
            wire(probe, null, options.latencyBudget());
            var singleTarget = new Target(single.baseUrl(), replies);
            var capacityProbe = new Probe(singleTarget, actions, options.seed(), recorder);
            replaceSkippedCapacity(recorder);
            new ProtocolChecks(capacityProbe).runCapacity(1);
            var lifecycle = new LifecycleChecks(capacityProbe, options);
            var idleTarget = new Target(idling.baseUrl(), replies);
            // Our reaper wakes every min(timeout/4, 5 s): a second timeout of grace is ample.
            Duration grace = Duration.ofMillis(Math.max(500, idle.toMillis()));
            recorder.run(Check.IDLE_TIMEOUT, () -> lifecycle.idleTimeout(idleTarget, idle, grace));
            options.progress().accept("validating " + name + ": resource cycles");
            lifecycle.inProcess(singleTarget);
            latencies = probe.latenciesMs;
        } catch (Exception e) {
            throw new IllegalStateException("could not serve " + name + " on loopback", e);
        }
        options.progress().accept("validating " + name + " in process (semantic, statistical)");
        semantic.run();
        recorder.run(Check.REPLY_TIMEOUT, () -> LifecycleChecks.replyTimeout(replies));
        return new Report(
                name,
                "environment",
                recorder.results(),
                new Plots(
                        semantic.randomReturns(),
                        semantic.oracleReturns(),
                        semantic.learnerMean,
                        semantic.learnerBest,
                        latencies));
    }

    private static void replaceSkippedCapacity(Recorder recorder) {
        recorder.results().removeIf(result -> result.check() == Check.CAPACITY);
    }
}
