package io.openenv4j.envs.code;

import io.openenv4j.sandbox.Limits;
import io.openenv4j.sandbox.RunResult;
import io.openenv4j.sandbox.Sandbox;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Runs a task's hidden tests against a solution, in the episode's sandbox but in a fresh Python process
 * (the agent's interpreter state plays no part). Only the test arguments enter the sandbox; the expected
 * values stay here, so a solution cannot pass by reading or forging them. Each test has two seconds.
 */
final class Grader {

    /** The outcome of grading: tests passed out of tests run, and a short note on what went wrong overall. */
    record Grade(int passed, int total, String note) {
        double fraction() {
            return total == 0 ? 0 : (double) passed / total;
        }
    }

    private static final String SCRIPT = resource("grader.py");

    private Grader() {}

    static Grade grade(Sandbox sandbox, ProgrammingTask task, String solution, Limits limits) {
        var calls = new ArrayList<JsonNode>();
        for (ProgrammingTask.TestCase test : task.tests()) {
            calls.add(WireJson.parse(test.arguments()));
        }
        var request = new LinkedHashMap<String, Object>();
        request.put("solution", solution);
        request.put("function", task.function());
        request.put("calls", calls);
        Duration budget = Duration.ofSeconds(5 + 2L * task.tests().size());
        RunResult run = sandbox.run(
                List.of("python3", "-I", "-c", SCRIPT),
                WireJson.write(request),
                limits.withWallClock(budget).withOutputBytes(1024 * 1024));
        int total = task.tests().size();
        if (run.timedOut()) {
            return new Grade(0, total, "the tests timed out");
        }
        JsonNode results;
        try {
            results = WireJson.parse(run.stdout());
        } catch (JacksonException e) {
            return new Grade(0, total, "the tests could not run (exit status " + run.exitCode() + ")");
        }
        if (!results.isArray() || results.size() != total) {
            return new Grade(0, total, "the tests could not run");
        }
        int passed = 0;
        for (int i = 0; i < total; i++) {
            JsonNode result = results.get(i);
            if (result.path("ok").asBoolean(false)
                    && WireJson.parse(task.tests().get(i).expected()).equals(result.get("value"))) {
                passed++;
            }
        }
        return new Grade(passed, total, null);
    }

    private static String resource(String name) {
        try (InputStream stream = Grader.class.getResourceAsStream(name)) {
            if (stream == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
