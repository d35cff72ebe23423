package io.openenv4j.validate;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Oracles a URL target can declare: a script of actions, or the policy of an environment whose types are
 * known (a built-in served elsewhere, a port of it in another language).
 *
 * <pre>{@code
 * options.withWireOracle(WireOracles.scripted(Path.of("oracle.json")));
 * options.withWireOracle(WireOracles.of(WordleEnvironment.spec(), WordleOracle::new));
 * }</pre>
 */
public final class WireOracles {

    private WireOracles() {}

    /**
     * A scripted oracle read from a JSON file: {@code {"actions": [a1, a2, …]}} plays the same actions on every
     * seed; {@code {"seeds": {"7": […], "8": […]}}} plays per seed (a seed without a script falls back to
     * {@code actions}, or plays nothing). A plain array is the same as {@code {"actions": […]}}.
     *
     * @throws IllegalArgumentException when the file is unreadable or not shaped so
     */
    public static LongFunction<WireOracle> scripted(Path file) {
        JsonNode script;
        try {
            script = WireJson.parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the oracle script " + file + ": " + e.getMessage(), e);
        }
        return scripted(script);
    }

    /** A scripted oracle from its JSON (see {@link #scripted(Path)}). */
    public static LongFunction<WireOracle> scripted(JsonNode script) {
        JsonNode common = script.isArray() ? script : script.path("actions");
        JsonNode perSeed = script.path("seeds");
        if (!common.isArray() && !perSeed.isObject()) {
            throw new IllegalArgumentException(
                    "an oracle script is an array of actions, {\"actions\": […]} or {\"seeds\": {…}}");
        }
        return seed -> {
            JsonNode actions = perSeed.path(Long.toString(seed)).isArray() ? perSeed.path(Long.toString(seed)) : common;
            List<JsonNode> list = new ArrayList<>();
            if (actions.isArray()) {
                actions.forEach(list::add);
            }
            int[] next = {0};
            return (last, state) -> next[0] < list.size() ? list.get(next[0]++) : null;
        };
    }

    /**
     * A typed policy playing over the wire: each payload and state is decoded with {@code spec}'s types and
     * each action encoded back, so a Java oracle validates any server of the same environment.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static <A, O, S> LongFunction<WireOracle> of(
            EnvSpec<A, O, S> spec, Supplier<? extends Policy<A, O, S>> oracle) {
        EnvCodec<A, O, S> codec = EnvCodec.of(spec);
        return seed -> {
            Policy<A, O, S> policy = oracle.get();
            return (last, state) -> {
                A action = policy.act(codec.decodeStep(last), codec.decodeState(state));
                return action == null ? null : codec.encodeAction(action);
            };
        };
    }
}
