package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The runtime level: behaviour over the wire, for any OpenEnv server. */
final class RuntimeChecks {

    private static final int EPISODE_ACTIONS = 12;

    private final Probe probe;
    private final List<JsonNode> script;

    RuntimeChecks(Probe probe) {
        this.probe = probe;
        var random = new Random(probe.seed);
        var actions = new ArrayList<JsonNode>();
        for (int i = 0; i < EPISODE_ACTIONS; i++) {
            actions.add(probe.action(random.nextInt(probe.actions.size())));
        }
        this.script = List.copyOf(actions);
    }

    void run(Duration latencyBudget) {
        Recorder r = probe.recorder;
        r.run(Check.HEALTH, this::health);
        r.run(Check.SEED_DETERMINISM, this::seedDeterminism);
        r.run(Check.SEED_SENSITIVITY, this::seedSensitivity);
        r.run(Check.ISOLATION_RESETS, this::isolationResets);
        r.run(Check.ISOLATION_SESSIONS, this::isolationSessions);
        r.run(Check.STATE_CONTRACT, this::stateContract);
        if (probe.simulation) {
            r.run(Check.STATE_FIELDS, this::stateFields);
        } else {
            r.skip(Check.STATE_FIELDS, "production mode has no GET /state");
        }
        r.run(Check.OBSERVATION_SCHEMA, this::observationSchema);
        r.run(Check.LATENCY, () -> latency(latencyBudget));
    }

    /** Plays reset(seed) and the script on {@code socket}; one entry per reply. */
    private List<String> play(Socket socket, long seed) {
        var trajectory = new ArrayList<String>();
        trajectory.add(entry(socket.reset(seed, "validate-trajectory")));
        for (JsonNode action : script) {
            if (trajectory.getLast().contains("\"done\":true")) {
                break;
            }
            trajectory.add(entry(timedStep(socket, action)));
        }
        return trajectory;
    }

    private Socket.Frame timedStep(Socket socket, JsonNode action) {
        long start = System.nanoTime();
        var frame = socket.step(action);
        probe.latenciesMs.add((System.nanoTime() - start) / 1e6);
        return frame;
    }

    private String entry(Socket.Frame frame) {
        if (frame instanceof Socket.Frame.Text text && text.type().equals("observation")) {
            probe.payloads.add(text.data());
            return probe.comparable(text.data());
        }
        if (frame instanceof Socket.Frame.Text text && text.type().equals("error")) {
            return "error " + text.data().path("code").asString("") + ": "
                    + text.data().path("message").asString("");
        }
        return Socket.describe(frame);
    }

    private List<String> solo(long seed) {
        try (Socket socket = probe.target.socket()) {
            return play(socket, seed);
        }
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "reply " + i + " differs: " + Socket.abbreviate(a.get(i)) + " vs " + Socket.abbreviate(b.get(i));
            }
        }
        return a.size() == b.size() ? "" : "lengths differ: " + a.size() + " vs " + b.size();
    }

    private CheckResult health() {
        var answer = probe.target.get("/health");
        boolean ok = answer.ok() && answer.json().path("status").asString("").equals("healthy");
        return CheckResult.of(Check.HEALTH, ok, "HTTP " + answer.status(), answer.describe());
    }

    private CheckResult seedDeterminism() {
        var first = solo(probe.seed);
        var second = solo(probe.seed);
        String diff = firstDifference(first, second);
        return CheckResult.of(
                Check.SEED_DETERMINISM,
                diff.isEmpty(),
                first.size() + " replies compared",
                diff.isEmpty() ? "seed " + probe.seed + ", actions " + script : diff);
    }

    /**
     * Whether the seed chooses what is random. Different initial observations for different seeds pass at once. A
     * start that is the same for every seed is not a fault in itself (board games start from the empty board): the
     * same script is then played under two seeds, twice each. Episodes that differ between seeds use the seed; episodes
     * that are all the same come from an environment with nothing random to seed (deterministic, which is sound);
     * only episodes that differ under one and the same seed show randomness the seed does not choose.
     */
    private CheckResult seedSensitivity() {
        var initial = new HashSet<String>();
        try (Socket socket = probe.target.socket()) {
            for (int i = 0; i < 5; i++) {
                initial.add(entry(socket.reset(probe.seed + 1000L * i, "validate-seeds")));
            }
        }
        if (initial.size() > 1) {
            return CheckResult.of(
                    Check.SEED_SENSITIVITY, true, initial.size() + " distinct initial observations of 5 seeds", "");
        }
        String start = Socket.abbreviate(initial.iterator().next());
        long other = probe.seed + 1000L;
        var a = solo(probe.seed);
        var b = solo(other);
        var aAgain = solo(probe.seed);
        var bAgain = solo(other);
        String unsteady = firstDifference(a, aAgain);
        if (unsteady.isEmpty()) {
            unsteady = firstDifference(b, bAgain);
        }
        if (!unsteady.isEmpty()) {
            return CheckResult.of(
                    Check.SEED_SENSITIVITY,
                    false,
                    "same start for 5 seeds; episodes differ under one seed",
                    "randomness the seed does not choose: " + unsteady + " | every seed started with " + start);
        }
        String between = firstDifference(a, b);
        return CheckResult.of(
                Check.SEED_SENSITIVITY,
                true,
                between.isEmpty()
                        ? "deterministic: same start for 5 seeds, same episode for seeds " + probe.seed + " and "
                                + other
                        : "same start for 5 seeds; later replies depend on the seed",
                between.isEmpty()
                        ? "nothing random for a seed to choose; every seed started with " + start
                        : "seeds " + probe.seed + " and " + other + ": " + between);
    }

    private CheckResult isolationResets() {
        List<String> solo = solo(probe.seed);
        try (Socket socket = probe.target.socket()) {
            play(socket, probe.seed + 1);
            var again = play(socket, probe.seed);
            var third = play(socket, probe.seed);
            String diff = firstDifference(solo, again);
            if (diff.isEmpty()) {
                diff = firstDifference(again, third);
            }
            return CheckResult.of(
                    Check.ISOLATION_RESETS,
                    diff.isEmpty(),
                    "3 episodes in one session vs a fresh session",
                    diff.isEmpty() ? "replays identical" : diff);
        }
    }

    private CheckResult isolationSessions() {
        List<String> soloA = solo(probe.seed);
        List<String> soloB = solo(probe.seed + 1);
        try (Socket a = probe.target.socket();
                Socket b = probe.target.socket()) {
            var trajA = new ArrayList<String>();
            var trajB = new ArrayList<String>();
            trajA.add(entry(a.reset(probe.seed, "validate-trajectory")));
            var resetB = b.reset(probe.seed + 1, "validate-trajectory");
            if (capacityReached(resetB)) {
                // The reference serves one session at a time unless its environment declares concurrent sessions.
                return CheckResult.skipped(
                        Check.ISOLATION_SESSIONS,
                        "the server serves one session at a time (a second"
                                + " session got " + Socket.describe(resetB)
                                + "): no two sessions to step in lockstep; isolation"
                                + " between episodes is checked by " + Check.ISOLATION_RESETS.id());
            }
            trajB.add(entry(resetB));
            for (JsonNode action : script) {
                if (!trajA.getLast().contains("\"done\":true")) {
                    trajA.add(entry(a.step(action)));
                }
                if (!trajB.getLast().contains("\"done\":true")) {
                    trajB.add(entry(b.step(action)));
                }
            }
            String diff = firstDifference(soloA, trajA);
            String diffB = firstDifference(soloB, trajB);
            boolean ok = diff.isEmpty() && diffB.isEmpty();
            return CheckResult.of(
                    Check.ISOLATION_SESSIONS,
                    ok,
                    "2 sessions in lockstep (seeds " + probe.seed + ", " + (probe.seed + 1) + ")",
                    ok ? "each equals its solo run" : (diff.isEmpty() ? "session B: " + diffB : "session A: " + diff));
        }
    }

    /** Whether {@code frame} is the capacity refusal ({@code CAPACITY_REACHED}) or the close that follows it. */
    private static boolean capacityReached(Socket.Frame frame) {
        return frame instanceof Socket.Frame.Text text
                && text.type().equals("error")
                && text.data().path("code").asString("").equals("CAPACITY_REACHED");
    }

    private CheckResult stateContract() {
        var problems = new ArrayList<String>();
        var seen = new ArrayList<String>();
        try (Socket socket = probe.target.socket()) {
            socket.reset(probe.seed, "validate-state-contract");
            JsonNode state = stateOf(socket, seen);
            if (!"validate-state-contract".equals(state.path("episode_id").asString(null))) {
                problems.add("episode_id not echoed after reset");
            }
            if (state.path("step_count").asLong(-1) != 0) {
                problems.add("step_count " + state.path("step_count") + " after reset, expected 0");
            }
            long expected = 0;
            for (JsonNode action : script) {
                var frame = socket.step(action);
                if (!(frame instanceof Socket.Frame.Text text && text.type().equals("observation"))) {
                    continue;
                }
                expected++;
                long count = stateOf(socket, seen).path("step_count").asLong(-1);
                if (count != expected) {
                    problems.add("step_count " + count + " after " + expected + " step(s)");
                    break;
                }
                if (text.data().path("done").asBoolean(false) || expected >= 3) {
                    break;
                }
            }
            socket.reset(probe.seed, null);
            JsonNode fresh = stateOf(socket, seen);
            if (fresh.path("step_count").asLong(-1) != 0) {
                problems.add("step_count " + fresh.path("step_count") + " after a second reset");
            }
            if (fresh.path("episode_id").asString("").isBlank()) {
                problems.add("no episode_id assigned by a reset without one");
            }
            return CheckResult.of(
                    Check.STATE_CONTRACT,
                    problems.isEmpty(),
                    expected + " step(s) counted",
                    problems.isEmpty()
                            ? String.join("; ", seen)
                            : String.join("; ", problems) + " | " + String.join("; ", seen));
        }
    }

    private static JsonNode stateOf(Socket socket, List<String> seen) {
        var frame = socket.state();
        seen.add(Socket.describe(frame));
        return frame instanceof Socket.Frame.Text text && text.type().equals("state")
                ? text.data()
                : tools.jackson.databind.node.MissingNode.getInstance();
    }

    private CheckResult stateFields() {
        Set<String> wsKeys;
        try (Socket socket = probe.target.socket()) {
            socket.reset(probe.seed, "validate-fields");
            var frame = socket.state();
            wsKeys = frame instanceof Socket.Frame.Text text
                    ? new TreeSet<>(text.data().propertyNames())
                    : Set.of();
        }
        var answer = probe.target.get("/state");
        Set<String> httpKeys = answer.ok() ? new TreeSet<>(answer.json().propertyNames()) : Set.of();
        var missing = new TreeSet<>(wsKeys);
        missing.removeAll(httpKeys);
        return CheckResult.of(
                Check.STATE_FIELDS,
                missing.isEmpty(),
                missing.size() + " WS state field(s) missing on HTTP",
                "WS state keys " + wsKeys + ", GET /state keys " + httpKeys
                        + (missing.isEmpty() ? "" : ", dropped " + missing));
    }

    private CheckResult observationSchema() {
        var answer = probe.target.get("/schema");
        if (!answer.ok()) {
            return CheckResult.of(Check.OBSERVATION_SCHEMA, false, "no schema", answer.describe());
        }
        JsonNode schema = answer.json().path("observation");
        var declared = new TreeSet<String>();
        declaredKeys(schema, answer.json().path("observation"), declared);
        var sent = new TreeSet<String>();
        synchronized (probe.payloads) {
            for (JsonNode payload : probe.payloads) {
                sent.addAll(payload.path("observation").propertyNames());
            }
        }
        if (declared.isEmpty() && schema.path("additionalProperties").asBoolean(true)) {
            return CheckResult.of(
                    Check.OBSERVATION_SCHEMA, true, "schema declares no properties (open)", "sent keys " + sent);
        }
        var undeclared = new TreeSet<>(sent);
        undeclared.removeAll(declared);
        return CheckResult.of(
                Check.OBSERVATION_SCHEMA,
                undeclared.isEmpty(),
                undeclared.size() + " undeclared key(s)",
                "sent " + sent + ", declared " + declared + (undeclared.isEmpty() ? "" : ", undeclared " + undeclared));
    }

    /** Property names of an object schema, following oneOf/anyOf/allOf and local $refs. */
    private static void declaredKeys(JsonNode root, JsonNode schema, Set<String> into) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString("");
            if (ref.startsWith("#/$defs/")) {
                declaredKeys(root, root.path("$defs").path(ref.substring("#/$defs/".length())), into);
            }
        }
        into.addAll(schema.path("properties").propertyNames());
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            for (JsonNode variant : schema.path(combinator)) {
                declaredKeys(root, variant, into);
            }
        }
    }

    private CheckResult latency(Duration budget) {
        List<Double> sorted;
        synchronized (probe.latenciesMs) {
            sorted = new ArrayList<>(probe.latenciesMs);
        }
        if (sorted.isEmpty()) {
            return CheckResult.skipped(Check.LATENCY, "no steps were timed");
        }
        sorted.sort(null);
        double p50 = sorted.get(sorted.size() / 2);
        double p95 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.95) - 1));
        double max = sorted.getLast();
        return CheckResult.of(
                Check.LATENCY,
                p95 <= budget.toMillis(),
                String.format("p50 %.2f ms, p95 %.2f ms, max %.2f ms", p50, p95, max),
                sorted.size() + " WS step round trips, budget " + budget.toMillis() + " ms");
    }
}
