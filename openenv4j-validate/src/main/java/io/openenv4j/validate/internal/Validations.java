package io.openenv4j.validate.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.validate.Check;
import io.openenv4j.validate.Level;
import io.openenv4j.validate.Plots;
import io.openenv4j.validate.Report;
import io.openenv4j.validate.UnsupportedTargetException;
import io.openenv4j.validate.ValidationOptions;
import io.openenv4j.wire.EnvCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** Runs the levels in order for a URL or an in-process environment. */
public final class Validations {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private Validations() {}

    public static Report url(String baseUrl, ValidationOptions options) {
        var target = new Target(baseUrl, REPLY_TIMEOUT);
        var health = target.get("/health");
        var schema = target.get("/schema");
        if (health.status() < 0 || (health.status() != 200 && !schema.ok())) {
            throw new UnsupportedTargetException("no OpenEnv server at " + baseUrl + ": " + health.describe());
        }
        options.progress().accept("validating " + baseUrl + " (protocol, runtime)");
        List<JsonNode> actions = schema.ok()
                ? ActionSampler.samples(schema.json().path("action"), 16, options.seed()) : List.of();
        var recorder = new Recorder(options.progress());
        var probe = new Probe(target, actions.isEmpty() ? List.of(io.openenv4j.wire.WireJson.object()) : actions,
                options.seed(), recorder);
        wire(probe, options.maxSessions(), options.latencyBudget());
        for (Check check : Check.values()) {
            if (check.level() == Level.SEMANTIC || check.level() == Level.STATISTICAL) {
                recorder.skip(check, "needs an in-process environment: pass an environment name, not a URL");
            }
        }
        return new Report(baseUrl, "url", recorder.results(),
                new Plots(List.of(), List.of(), List.of(), List.of(), probe.latenciesMs));
    }

    private static void wire(Probe probe, Integer maxSessions, Duration latencyBudget) {
        var protocol = new ProtocolChecks(probe);
        protocol.run(maxSessions);
        new RuntimeChecks(probe).run(latencyBudget);
        probe.recorder.run(Check.WS_REWARD_TYPE, protocol::rewardType);
    }

    public static <A, O, S> Report environment(EnvSpec<A, O, S> spec, Supplier<? extends Policy<A, O, S>> oracle,
                                               ValidationOptions options) {
        String name = spec.metadata().name();
        var recorder = new Recorder(options.progress());
        var episodes = new Episodes(spec, options.stepLimit(), options.leakProbe());
        List<JsonNode> sampled = ActionSampler.samples(EnvCodec.of(spec).schema().path("action"), 16, options.seed());
        var semantic = new SemanticChecks(episodes, oracle, sampled, options, recorder);
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
            actions.add(io.openenv4j.wire.WireJson.object());
        }
        List<Double> latencies;
        options.progress().accept("validating " + name + " over the wire (protocol, runtime)");
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start();
             EnvServer single = EnvServer.create(spec, ServerConfig.ephemeral().withMaxSessions(1)).start()) {
            var probe = new Probe(new Target(server.baseUrl(), REPLY_TIMEOUT), actions, options.seed(), recorder);
            wire(probe, null, options.latencyBudget());
            var capacityProbe = new Probe(new Target(single.baseUrl(), REPLY_TIMEOUT), actions, options.seed(), recorder);
            replaceSkippedCapacity(recorder);
            new ProtocolChecks(capacityProbe).runCapacity(1);
            latencies = probe.latenciesMs;
        } catch (Exception e) {
            throw new IllegalStateException("could not serve " + name + " on loopback", e);
        }
        options.progress().accept("validating " + name + " in process (semantic, statistical)");
        semantic.run();
        return new Report(name, "environment", recorder.results(), new Plots(semantic.randomReturns(),
                semantic.oracleReturns(), semantic.learnerMean, semantic.learnerBest, latencies));
    }

    private static void replaceSkippedCapacity(Recorder recorder) {
        recorder.results().removeIf(result -> result.check() == Check.CAPACITY);
    }
}
