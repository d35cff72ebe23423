package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The protocol level: routes, frame types and error codes, against any OpenEnv server. */
final class ProtocolChecks {

    private final Probe probe;

    ProtocolChecks(Probe probe) {
        this.probe = probe;
    }

    void run(Integer maxSessions) {
        Recorder r = probe.recorder;
        r.run(Check.HTTP_METADATA, this::metadata);
        r.run(Check.HTTP_SCHEMA, this::schema);
        r.run(Check.HTTP_OPENAPI, this::openapi);
        r.run(Check.HTTP_RESET, this::httpReset);
        r.run(Check.HTTP_STEP, this::httpStep);
        r.run(Check.HTTP_STATE, this::httpState);
        r.run(Check.WS_RESET, this::wsReset);
        r.run(Check.WS_STEP, this::wsStep);
        r.run(Check.WS_STATE, this::wsState);
        r.run(Check.WS_INVALID_JSON, () -> errorFrame(Check.WS_INVALID_JSON, "{not json", "INVALID_JSON"));
        r.run(
                Check.WS_UNKNOWN_TYPE,
                () -> errorFrame(Check.WS_UNKNOWN_TYPE, "{\"type\":\"wat\",\"data\":{}}", "UNKNOWN_TYPE"));
        r.run(Check.WS_VALIDATION_ERROR, this::validationError);
        r.run(Check.WS_NON_OBJECT_FRAME, () -> survives(Check.WS_NON_OBJECT_FRAME, socket -> socket.send("[1,2]")));
        r.run(
                Check.WS_BINARY_FRAME,
                () -> survives(
                        Check.WS_BINARY_FRAME,
                        socket -> socket.sendBinary(
                                "{\"type\":\"state\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        r.run(Check.WS_CLOSE, this::close);
        if (maxSessions == null) {
            r.skip(Check.CAPACITY, "max sessions unknown: pass --max-sessions N to probe capacity");
        } else {
            runCapacity(maxSessions);
        }
    }

    void runCapacity(int maxSessions) {
        probe.recorder.run(Check.CAPACITY, () -> capacity(maxSessions));
    }

    /** Runs after the runtime checks, which add the payloads it judges. */
    CheckResult rewardType() {
        var bad = new ArrayList<String>();
        List<JsonNode> seen;
        synchronized (probe.payloads) {
            seen = List.copyOf(probe.payloads);
        }
        for (JsonNode payload : seen) {
            JsonNode reward = payload.path("reward");
            if (!(reward.isNull() || reward.isNumber() || reward.isMissingNode())) {
                bad.add(reward.toString());
            }
        }
        return CheckResult.of(
                Check.WS_REWARD_TYPE,
                bad.isEmpty(),
                bad.size() + "/" + seen.size() + " non-numeric rewards",
                bad.isEmpty()
                        ? "all rewards numbers or null"
                        : "rewards sent as " + bad.stream().distinct().limit(5).toList());
    }

    private CheckResult metadata() {
        var answer = probe.target.get("/metadata");
        boolean ok = answer.ok()
                && answer.json().path("name").isString()
                && answer.json().path("description").isString();
        return CheckResult.of(Check.HTTP_METADATA, ok, "HTTP " + answer.status(), answer.describe());
    }

    private CheckResult schema() {
        var answer = probe.target.get("/schema");
        boolean ok = answer.ok();
        if (ok) {
            for (String key : List.of("action", "observation", "state")) {
                ok &= answer.json().path(key).isObject();
            }
        }
        return CheckResult.of(Check.HTTP_SCHEMA, ok, "HTTP " + answer.status(), answer.describe());
    }

    private CheckResult openapi() {
        var answer = probe.target.get("/openapi.json");
        if (!answer.ok()) {
            return CheckResult.of(Check.HTTP_OPENAPI, false, "HTTP " + answer.status(), answer.describe());
        }
        String version = answer.json().path("info").path("version").asString("");
        var paths = Set.copyOf(answer.json().path("paths").propertyNames());
        probe.simulation = paths.contains("/reset");
        var problems = new ArrayList<String>();
        if (!version.startsWith("1.")) {
            problems.add("info.version is '" + version + "', expected 1.x");
        }
        for (String route : List.of("/step", "/state")) {
            if (paths.contains(route) != probe.simulation) {
                problems.add(
                        route + (probe.simulation ? " missing in simulation mode" : " present in production mode"));
            }
        }
        for (String route : List.of("/health", "/metadata", "/schema")) {
            if (!paths.contains(route)) {
                problems.add(route + " missing");
            }
        }
        return CheckResult.of(
                Check.HTTP_OPENAPI,
                problems.isEmpty(),
                "version " + version + ", mode " + (probe.simulation ? "simulation" : "production"),
                problems.isEmpty() ? "paths " + paths.stream().sorted().toList() : String.join("; ", problems));
    }

    private CheckResult httpReset() {
        var answer = probe.target.post("/reset", "{\"seed\":" + probe.seed + "}");
        if (!probe.simulation) {
            return CheckResult.of(
                    Check.HTTP_RESET, answer.status() == 404, "HTTP " + answer.status(), answer.describe());
        }
        String problem = answer.ok() ? Probe.shapeProblem(answer.json()) : "status " + answer.status();
        return CheckResult.of(
                Check.HTTP_RESET,
                problem == null,
                "HTTP " + answer.status(),
                problem == null ? answer.describe() : problem + ": " + answer.describe());
    }

    private CheckResult httpStep() {
        if (!probe.simulation) {
            var answer = probe.target.post("/step", "{\"action\":{}}");
            return CheckResult.of(
                    Check.HTTP_STEP, answer.status() == 404, "HTTP " + answer.status(), answer.describe());
        }
        var missing = probe.target.post("/step", "{}");
        var evidence = new ArrayList<String>();
        evidence.add("without action: " + missing.describe());
        boolean ok = missing.status() == 422;
        int goodStatus = -1;
        for (int i = 0; i < Math.min(3, probe.actions.size()); i++) {
            var answer =
                    probe.target.post("/step", WireJson.write(WireJson.object().set("action", probe.action(i))));
            goodStatus = answer.status();
            if (answer.ok()) {
                String problem = Probe.shapeProblem(answer.json());
                ok &= problem == null;
                evidence.add("with action " + probe.action(i) + ": " + (problem == null ? answer.describe() : problem));
                break;
            }
            // A stateless /step runs on a never-reset env (reference gap G1); an env error is a 500, not a shape fault.
            evidence.add("with action " + probe.action(i) + ": " + answer.describe());
        }
        return CheckResult.of(
                Check.HTTP_STEP,
                ok,
                "missing action → " + missing.status() + ", valid action → " + goodStatus,
                String.join("; ", evidence));
    }

    private CheckResult httpState() {
        var answer = probe.target.get("/state");
        if (!probe.simulation) {
            return CheckResult.of(
                    Check.HTTP_STATE, answer.status() == 404, "HTTP " + answer.status(), answer.describe());
        }
        String problem = answer.ok() ? Probe.stateProblem(answer.json()) : "status " + answer.status();
        return CheckResult.of(
                Check.HTTP_STATE,
                problem == null,
                "HTTP " + answer.status(),
                problem == null ? answer.describe() : problem + ": " + answer.describe());
    }

    private CheckResult wsReset() {
        try (Socket socket = probe.target.socket()) {
            var frame = socket.reset(probe.seed, "validate-reset");
            String problem =
                    frame instanceof Socket.Frame.Text text && text.type().equals("observation")
                            ? Probe.shapeProblem(text.data())
                            : "reply is not an observation frame";
            if (problem == null) {
                probe.payloads.add(((Socket.Frame.Text) frame).data());
            }
            return CheckResult.of(
                    Check.WS_RESET,
                    problem == null,
                    problem == null ? "observation frame" : problem,
                    Socket.describe(frame));
        }
    }

    private CheckResult wsStep() {
        try (Socket socket = probe.target.socket()) {
            socket.reset(probe.seed, "validate-step");
            var evidence = new ArrayList<String>();
            for (int i = 0; i < Math.min(5, probe.actions.size()); i++) {
                var frame = socket.step(probe.action(i));
                evidence.add(probe.action(i) + " → " + Socket.describe(frame));
                if (frame instanceof Socket.Frame.Text text && text.type().equals("observation")) {
                    String problem = Probe.shapeProblem(text.data());
                    probe.payloads.add(text.data());
                    return CheckResult.of(
                            Check.WS_STEP,
                            problem == null,
                            problem == null ? "observation frame" : problem,
                            String.join("; ", evidence));
                }
                if (frame instanceof Socket.Frame.Text text && text.type().equals("error")) {
                    socket.reset(probe.seed, "validate-step");
                    continue;
                }
                break;
            }
            return CheckResult.of(
                    Check.WS_STEP, false, "no observation frame for any probe action", String.join("; ", evidence));
        }
    }

    private CheckResult wsState() {
        try (Socket socket = probe.target.socket()) {
            socket.reset(probe.seed, "validate-state");
            var frame = socket.state();
            String problem =
                    frame instanceof Socket.Frame.Text text && text.type().equals("state")
                            ? Probe.stateProblem(text.data())
                            : "reply is not a state frame";
            return CheckResult.of(
                    Check.WS_STATE, problem == null, problem == null ? "state frame" : problem, Socket.describe(frame));
        }
    }

    private CheckResult errorFrame(Check check, String frameText, String code) {
        try (Socket socket = probe.target.socket()) {
            var frame = socket.send(frameText);
            String got = frame instanceof Socket.Frame.Text text && text.type().equals("error")
                    ? text.data().path("code").asString("")
                    : "";
            boolean alive = socket.alive();
            return CheckResult.of(
                    check,
                    got.equals(code) && alive,
                    "code " + (got.isEmpty() ? "none" : got) + ", session " + (alive ? "survives" : "lost"),
                    "sent " + frameText + " → " + Socket.describe(frame));
        }
    }

    private CheckResult validationError() {
        var evidence = new ArrayList<String>();
        boolean ok = true;
        for (String bad : List.of("{\"type\":\"state\",\"id\":1}", "{\"type\":\"step\"}")) {
            try (Socket socket = probe.target.socket()) {
                var frame = socket.send(bad);
                String got =
                        frame instanceof Socket.Frame.Text text && text.type().equals("error")
                                ? text.data().path("code").asString("")
                                : "";
                boolean alive = socket.alive();
                ok &= got.equals("VALIDATION_ERROR") && alive;
                evidence.add("sent " + bad + " → " + Socket.describe(frame) + (alive ? "" : " (session lost)"));
            }
        }
        return CheckResult.of(
                Check.WS_VALIDATION_ERROR,
                ok,
                ok ? "VALIDATION_ERROR, session survives" : "unexpected reply",
                String.join("; ", evidence));
    }

    private CheckResult survives(Check check, java.util.function.Function<Socket, Socket.Frame> send) {
        try (Socket socket = probe.target.socket()) {
            var frame = send.apply(socket);
            String code = frame instanceof Socket.Frame.Text text && text.type().equals("error")
                    ? text.data().path("code").asString("")
                    : "";
            var after = frame instanceof Socket.Frame.Closed ? frame : socket.next(Duration.ofMillis(200));
            boolean alive = !(after instanceof Socket.Frame.Closed) && socket.alive();
            boolean ok = alive && Set.of("INVALID_JSON", "VALIDATION_ERROR").contains(code);
            return CheckResult.of(
                    check,
                    ok,
                    "code " + (code.isEmpty() ? "none" : code) + ", session " + (alive ? "survives" : "closed"),
                    Socket.describe(frame)
                            + (after instanceof Socket.Frame.Timeout ? "" : " then " + Socket.describe(after)));
        }
    }

    private CheckResult close() {
        try (Socket socket = probe.target.socket()) {
            socket.reset(probe.seed, "validate-close");
            socket.post("{\"type\":\"close\"}");
            var frame = socket.next(Duration.ofSeconds(5));
            boolean ok = frame instanceof Socket.Frame.Closed closed && closed.code() == 1000;
            return CheckResult.of(
                    Check.WS_CLOSE,
                    ok,
                    Socket.describe(frame),
                    "after {\"type\":\"close\"}: " + Socket.describe(frame));
        }
    }

    private CheckResult capacity(int maxSessions) {
        var open = new ArrayList<Socket>();
        try {
            for (int i = 0; i < maxSessions; i++) {
                Socket socket = probe.target.socket();
                open.add(socket);
                socket.reset(probe.seed, "validate-capacity-" + i);
            }
            try (Socket extra = probe.target.socket()) {
                var frame = extra.next(Duration.ofSeconds(5));
                if (frame instanceof Socket.Frame.Timeout) {
                    frame = extra.state();
                }
                boolean ok = frame instanceof Socket.Frame.Text text
                        && text.type().equals("error")
                        && text.data().path("code").asString("").equals("CAPACITY_REACHED")
                        && text.data().path("max_sessions").asInt(-1) == maxSessions
                        && text.data().path("active_sessions").isIntegralNumber();
                var after = extra.next(Duration.ofSeconds(5));
                ok &= after instanceof Socket.Frame.Closed;
                return CheckResult.of(
                        Check.CAPACITY,
                        ok,
                        "session " + (maxSessions + 1) + " of max " + maxSessions,
                        Socket.describe(frame) + " then " + Socket.describe(after));
            }
        } finally {
            open.forEach(Socket::close);
        }
    }
}
