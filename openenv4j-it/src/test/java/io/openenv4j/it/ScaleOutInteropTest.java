package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The unmodified reference client (both versions) against one URL, {@code openenv4j place}, in front of two
 * {@code openenv4j serve} processes allowing 3 sessions each: it holds 6 sessions at once, twice what one replica
 * allows, and the 7th gets {@code CAPACITY_REACHED} as from one full server.
 */
class ScaleOutInteropTest {

    private static final List<ServeProcess> processes = new ArrayList<>();
    /** One router over two replicas for the class: every test's sessions are closed before the next starts. */
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                Boolean.getBoolean("openenv4j.interop.skip"),
                "interop tests switched off (-Dopenenv4j.interop.skip=true)");
        String first = start("Serving", "serve", "echo", "--port", "0", "--max-sessions", "3");
        String second = start("Serving", "serve", "echo", "--port", "0", "--max-sessions", "3");
        url = start("Placing", "place", "--port", "0", "--poll-ms", "100", "--replica", first + "," + second);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServeProcess process : processes) {
            process.close();
        }
    }

    private static String start(String prefix, String... arguments) throws Exception {
        return start(processes, Map.of(), prefix, arguments);
    }

    /** Starts {@code openenv4j <arguments>} (kept in {@code started}) and returns the URL its {@code prefix} line names. */
    static String start(List<ServeProcess> started, Map<String, String> variables, String prefix, String... arguments)
            throws Exception {
        var process = ServeProcess.start(variables, arguments);
        started.add(process);
        String line = process.awaitLine(prefix, Duration.ofSeconds(90));
        assertThat(line).as(process::output).isNotNull();
        var matcher = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.\\d+:\\d+")
                .matcher(line);
        assertThat(matcher.find()).isTrue();
        return matcher.group();
    }

    /** The router, once every slot of the previous test is free again. */
    private static String placementOverTwoReplicasOfThree() throws Exception {
        return awaitFreeSessions(url, 6);
    }

    /** {@code url} once its {@code GET /capacity} reports {@code free} free sessions (at most 60 s). */
    static String awaitFreeSessions(String url, int free) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var capacity = WireJson.parse(http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/capacity"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body());
            if (capacity.get("free_sessions").asInt() == free) {
                return url;
            }
            assertThat(System.nanoTime()).as(free + " slots free: " + capacity).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theReferenceClientHoldsTwiceWhatOneReplicaAllowsThroughOneUrl() throws Exception {
        PythonReference.assumeAvailable();
        JsonNode seen = hold(PythonReference.python(), placementOverTwoReplicasOfThree(), 7);
        assertSixHeldAndTheSeventhRefused(seen);
    }

    @Test
    void theNewestReferenceClientHoldsTwiceWhatOneReplicaAllowsThroughOneUrl() throws Exception {
        PythonReference.assumeNewestAvailable();
        JsonNode seen = hold(PythonReference.newestPython(), placementOverTwoReplicasOfThree(), 7);
        assertSixHeldAndTheSeventhRefused(seen);
    }

    static void assertSixHeldAndTheSeventhRefused(JsonNode seen) {
        assertThat(seen.get("opened").asInt()).as(seen::toString).isEqualTo(6);
        assertThat(seen.get("errors").size()).isEqualTo(1);
        assertThat(seen.get("errors").get(0).asString())
                .contains("CAPACITY_REACHED")
                .contains("6/6");
    }

    /** Runs many_sessions.py (the unmodified reference client) holding up to {@code sessions} sessions at once. */
    static JsonNode hold(Path python, String url, int sessions) throws Exception {
        var result = PythonReference.run(
                List.of(
                        python.toString(),
                        PythonReference.script("many_sessions.py").toString(),
                        "--url",
                        url,
                        "--sessions",
                        String.valueOf(sessions)),
                180);
        assertThat(result.exitCode()).as(result::error).isZero();
        return WireJson.parse(result.output());
    }
}
