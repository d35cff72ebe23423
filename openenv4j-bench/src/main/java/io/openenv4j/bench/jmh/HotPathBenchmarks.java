package io.openenv4j.bench.jmh;

import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * JMH microbenchmarks of the server's per-message work without I/O: parsing a {@code /ws} frame, binding
 * its action (the fast binder for exactly typed JSON, the lax one when a value needs coercing), stepping,
 * and encoding the reply (one pass, or through a tree). Run with {@code openenv4j-bench/scripts/jmh.sh}
 * (docs/performance.md); not part of the build's tests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {

    /** Observation payload size in bytes. */
    @Param({"16", "1024"})
    public int payloadBytes;

    private EnvCodec<BenchEnvironment.Action, BenchEnvironment.Observation, BenchEnvironment.BenchState> codec;
    private BenchEnvironment env;
    private String stepFrame;
    private JsonNode exactAction;
    private JsonNode laxAction;
    private Step<BenchEnvironment.Observation> step;

    @Setup
    public void setUp() {
        codec = EnvCodec.of(BenchEnvironment.spec(BenchEnvironment.Settings.immediate()));
        env = new BenchEnvironment(new BenchEnvironment.Settings(Duration.ZERO, payloadBytes));
        stepFrame = "{\"type\":\"step\",\"data\":{\"tag\":\"b\"}}";
        exactAction = WireJson.parse("{\"tag\":\"b\",\"delay_ms\":0}");
        // "0" must be coerced to a number: the lax binder's path.
        laxAction = WireJson.parse("{\"tag\":\"b\",\"delay_ms\":\"0\"}");
        step = env.step(new BenchEnvironment.Action("b", null), StepOptions.none());
    }

    @Benchmark
    public ClientMessage parseFrame() {
        return ClientMessage.parse(stepFrame);
    }

    @Benchmark
    public BenchEnvironment.Action bindActionExact() {
        return codec.decodeAction(exactAction);
    }

    @Benchmark
    public BenchEnvironment.Action bindActionLax() {
        return codec.decodeAction(laxAction);
    }

    @Benchmark
    public String encodeReplyOnePass() {
        return codec.encodeStepFrame(step);
    }

    @Benchmark
    public String encodeReplyTree() {
        return new ServerMessage.Observation(codec.encodeStep(step)).toJson();
    }

    /** Everything a {@code /ws} step costs the server apart from I/O and thread hand-offs. */
    @Benchmark
    public String wholeStep() {
        if (!(ClientMessage.parse(stepFrame) instanceof ClientMessage.Step message)) {
            throw new IllegalStateException("not a step");
        }
        return codec.encodeStepFrame(env.step(codec.decodeAction(message.data()), StepOptions.none()));
    }
}
