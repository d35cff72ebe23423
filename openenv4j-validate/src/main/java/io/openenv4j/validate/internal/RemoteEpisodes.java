package io.openenv4j.validate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Plays episodes over {@code /ws} against a URL target: reset with the seed, then one step per action,
 * reading the state after every reply so that choosers (oracles) and the leak watch see what the server
 * holds. Actions are JSON; one socket serves episode after episode and is reopened when it breaks.
 */
final class RemoteEpisodes implements Player, AutoCloseable {

    private final Target target;
    private final JsonNode actionSchema;
    private final int stepLimit;
    private final Function<Object, List<String>> leakProbe;
    private Socket socket;

    RemoteEpisodes(Target target, JsonNode actionSchema, int stepLimit, Function<Object, List<String>> leakProbe) {
        this.target = target;
        this.actionSchema = actionSchema;
        this.stepLimit = stepLimit;
        this.leakProbe = leakProbe;
    }

    @Override
    public Object decode(JsonNode action) {
        if (action == null || !action.isObject()) {
            throw new IllegalArgumentException("an action is a JSON object, got " + action);
        }
        return action;
    }

    @Override
    public JsonNode encode(Object action) {
        return (JsonNode) action;
    }

    @Override
    public JsonNode actionSchema() {
        return actionSchema;
    }

    @Override
    public int stepLimit() {
        return stepLimit;
    }

    @Override
    public Episodes.Episode play(long seed, Episodes.Chooser chooser, int limit) {
        var rewards = new ArrayList<Double>();
        var actions = new ArrayList<JsonNode>();
        var leaks = new ArrayList<String>();
        double total = 0;
        int steps = 0;
        boolean done = false;
        String error = null;
        try {
            JsonNode last = payload(socket().reset(seed, "validate-" + seed), "reset");
            done = last.path("done").asBoolean(false);
            JsonNode state = state(last, steps, leaks);
            while (!done && steps < limit) {
                Object action = chooser.next(last, state, steps);
                if (action == null) {
                    break;
                }
                actions.add(encode(action));
                last = payload(socket.step(encode(action)), "step " + (steps + 1));
                steps++;
                JsonNode reward = last.path("reward");
                if (reward.isNumber() || reward.isBoolean()) {
                    double value = reward.isBoolean() ? (reward.asBoolean() ? 1 : 0) : reward.asDouble();
                    rewards.add(value);
                    total += value;
                }
                done = last.path("done").asBoolean(false);
                state = state(last, steps, leaks);
            }
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        return new Episodes.Episode(seed, rewards, total, done, steps, error, actions, leaks);
    }

    private Socket socket() {
        if (socket == null) {
            socket = target.socket();
        }
        return socket;
    }

    private JsonNode payload(Socket.Frame frame, String what) {
        if (frame instanceof Socket.Frame.Text text && text.type().equals("observation")) {
            return text.data();
        }
        if (!(frame instanceof Socket.Frame.Text text && text.type().equals("error"))) {
            drop(); // a closed, failed or silent socket is not reused
        }
        throw new IllegalStateException(what + " answered " + Socket.describe(frame));
    }

    private JsonNode state(JsonNode last, int index, List<String> leaks) {
        var frame = socket.state();
        if (!(frame instanceof Socket.Frame.Text text && text.type().equals("state"))) {
            drop();
            throw new IllegalStateException("state answered " + Socket.describe(frame));
        }
        if (!last.path("done").asBoolean(false)) {
            Episodes.watch(text.data(), last.path("observation"), index, leakProbe, leaks);
        }
        return text.data();
    }

    private void drop() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}
