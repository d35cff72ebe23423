package io.openenv4j.validate.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What the wire checks share: the target, actions known to be valid (or likely valid), the seed, and
 * what the checks saw on the way (step payloads, step latencies) for the checks that judge them.
 */
final class Probe {

    final Target target;
    final List<JsonNode> actions;
    final long seed;
    final Recorder recorder;
    final List<JsonNode> payloads = Collections.synchronizedList(new ArrayList<>());
    final List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
    boolean simulation = true;
    /** Read from {@code /metadata} on first use: the declared measured observation fields. */
    private Measured measured;

    Probe(Target target, List<JsonNode> actions, long seed, Recorder recorder) {
        this.target = target;
        this.actions = List.copyOf(actions);
        this.seed = seed;
        this.recorder = recorder;
    }

    synchronized Measured measured() {
        if (measured == null) {
            measured = Measured.declaredBy(target);
        }
        return measured;
    }

    /** A step payload as compared by the determinism and isolation checks: measured fields blanked. */
    String comparable(JsonNode payload) {
        if (payload.isObject()
                && payload.has("observation")
                && !measured().fields().isEmpty()) {
            var copy = payload.deepCopy();
            ((tools.jackson.databind.node.ObjectNode) copy)
                    .set("observation", measured().blank(payload.get("observation")));
            return copy.toString();
        }
        return payload.toString();
    }

    JsonNode action(int index) {
        return actions.get(Math.floorMod(index, actions.size()));
    }

    /**
     * Why {@code payload} is not a step payload, or null when it is one. Both reference versions' shapes are
     * step payloads: {@code openenv-core} 0.3.0 sends exactly {@code observation}, {@code reward} and {@code done}
     * and never the observation's {@code metadata}; {@code openenv} from 0.4.0 keeps {@code metadata} (an object)
     * inside {@code observation} and repeats it as a top-level sibling when it is not empty (over HTTP the sibling
     * is {@code null} when it is empty: the response model's default).
     */
    static String shapeProblem(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return "payload is not an object";
        }
        var keys = Set.copyOf(payload.propertyNames());
        if (!keys.equals(Set.of("observation", "reward", "done"))
                && !keys.equals(Set.of("observation", "reward", "done", "metadata"))) {
            return "payload keys are " + keys + ", expected exactly [observation, reward, done] (and metadata, as"
                    + " openenv >= 0.4 sends it when not empty)";
        }
        JsonNode observation = payload.get("observation");
        if (!observation.isObject()) {
            return "observation is not an object";
        }
        for (String forbidden : List.of("reward", "done")) {
            if (observation.has(forbidden)) {
                return "observation carries '" + forbidden + "'";
            }
        }
        JsonNode nested = observation.get("metadata");
        if (nested != null && !nested.isObject()) {
            return "observation's metadata is " + nested.getNodeType() + ", not an object";
        }
        JsonNode sibling = payload.get("metadata");
        if (sibling != null && !sibling.isNull()) {
            if (!sibling.isObject()) {
                return "top-level metadata is " + sibling.getNodeType() + ", not an object";
            }
            if (nested != null && !nested.equals(sibling)) {
                return "top-level metadata differs from the observation's";
            }
        }
        JsonNode reward = payload.get("reward");
        if (!(reward.isNull() || reward.isNumber() || reward.isBoolean())) {
            return "reward is " + reward.getNodeType();
        }
        if (!payload.get("done").isBoolean()) {
            return "done is not a boolean";
        }
        return null;
    }

    /** Why {@code state} breaks the state contract's shape, or null. */
    static String stateProblem(JsonNode state) {
        if (state == null || !state.isObject()) {
            return "state is not an object";
        }
        JsonNode id = state.get("episode_id");
        if (id == null || !(id.isNull() || id.isString())) {
            return "episode_id missing or not a string/null";
        }
        JsonNode count = state.get("step_count");
        if (count == null || !count.isIntegralNumber() || count.longValue() < 0) {
            return "step_count missing or not an integer >= 0";
        }
        return null;
    }
}
