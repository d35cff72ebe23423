package io.openenv4j.validate.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Plays in-process episodes of one environment with a chooser of actions, and watches every observation
 * before the end for secret state values. Raw types: the validator does not know the environment's types.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class Episodes implements Player {

    /**
     * Picks the next action from the last step and the state; returns null to stop (open-loop end). In
     * process {@code last} is a {@link Step} and {@code state} the state object; over the wire both are JSON.
     */
    interface Chooser {
        Object next(Object last, Object state, int index);
    }

    /** One played episode. */
    record Episode(
            long seed,
            List<Double> rewards,
            double total,
            boolean done,
            int steps,
            String error,
            List<JsonNode> actions,
            List<String> leaks) {}

    private static final Pattern SECRET_FIELD =
            Pattern.compile("(?i).*(answer|solution|secret|hidden|target|word|password).*");

    private final EnvSpec spec;
    private final EnvCodec codec;
    private final int stepLimit;
    private final Function<Object, List<String>> leakProbe;

    Episodes(EnvSpec<?, ?, ?> spec, int stepLimit, Function<Object, List<String>> leakProbe) {
        this.spec = spec;
        this.codec = EnvCodec.of(spec);
        this.stepLimit = stepLimit;
        this.leakProbe = leakProbe;
    }

    @Override
    public JsonNode actionSchema() {
        return codec.schema().path("action");
    }

    @Override
    public int stepLimit() {
        return stepLimit;
    }

    @Override
    public Object decode(JsonNode action) {
        return codec.decodeAction(action);
    }

    @Override
    public JsonNode encode(Object action) {
        return codec.encodeAction(action);
    }

    @Override
    public Episode play(long seed, Chooser chooser, int limit) {
        var rewards = new ArrayList<Double>();
        var actions = new ArrayList<JsonNode>();
        var leaks = new ArrayList<String>();
        double total = 0;
        int steps = 0;
        String error = null;
        Step step = null;
        try (Environment env = spec.factory().create()) {
            step = env.reset(new ResetRequest(seed, "validate-" + seed, Map.of()));
            watch(step, env.state(), steps, leaks);
            while (!step.done() && steps < limit) {
                Object action = chooser.next(step, env.state(), steps);
                if (action == null) {
                    break;
                }
                actions.add(encode(action));
                step = env.step(action);
                steps++;
                if (step.reward() != null) {
                    rewards.add(step.reward());
                    total += step.reward();
                }
                watch(step, env.state(), steps, leaks);
            }
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (Exception e) {
            error = "close failed: " + e;
        }
        return new Episode(seed, rewards, total, step != null && step.done(), steps, error, actions, leaks);
    }

    private void watch(Step step, Object state, int index, List<String> leaks) {
        if (step.done() || state == null) {
            return;
        }
        watch(codec.encodeState(state), codec.encodeStep(step).path("observation"), index, leakProbe, leaks);
    }

    /** Adds a leak to {@code leaks} when a secret of the state shows in the observation (before done). */
    static void watch(
            JsonNode stateJson,
            JsonNode observation,
            int index,
            Function<Object, List<String>> leakProbe,
            List<String> leaks) {
        var secrets = new ArrayList<String>();
        for (String name : stateJson.propertyNames()) {
            JsonNode value = stateJson.get(name);
            boolean visible = observation.has(name) && observation.get(name).equals(value);
            if (SECRET_FIELD.matcher(name).matches()
                    && value.isString()
                    && value.asString().length() >= 3
                    && !visible) {
                secrets.add(value.asString());
            }
        }
        if (leakProbe != null) {
            List<String> declared = leakProbe.apply(WireJson.toPlain(stateJson));
            if (declared != null) {
                secrets.addAll(declared);
            }
        }
        if (secrets.isEmpty()) {
            return;
        }
        var texts = new ArrayList<String>();
        strings(observation, texts);
        for (String secret : secrets) {
            var word = Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + Pattern.quote(secret.toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\p{N}])");
            for (String text : texts) {
                if (word.matcher(text.toLowerCase(Locale.ROOT)).find()) {
                    leaks.add("step " + index + ": secret '" + secret + "' in observation text '"
                            + Socket.abbreviate(text) + "'");
                    return;
                }
            }
        }
    }

    private static void strings(JsonNode node, List<String> into) {
        if (node.isString()) {
            into.add(node.asString());
        } else if (node.isContainer()) {
            for (JsonNode child : node) {
                strings(child, into);
            }
        }
    }
}
