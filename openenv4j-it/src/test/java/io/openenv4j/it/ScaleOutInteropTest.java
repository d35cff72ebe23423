package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The unmodified reference client (both versions) against one URL, {@code openenv4j place}, in front of two
 * {@code openenv4j serve} processes allowing 3 sessions each: it holds 6 sessions at once, twice what one replica
 * allows, and the 7th gets {@code CAPACITY_REACHED} as from one full server.
 */
class ScaleOutInteropTest {

    private final List<ServeProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServeProcess process : processes) {
            process.close();
        }
    }

    private String start(String prefix, String... arguments) throws Exception {
        var process = ServeProcess.start(Map.of(), arguments);
        processes.add(process);
        String line = process.awaitLine(prefix, Duration.ofSeconds(90));
        assertThat(line).as(process::output).isNotNull();
        var matcher = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:\\d+").matcher(line);
        assertThat(matcher.find()).isTrue();
        return matcher.group();
    }

    private String placementOverTwoReplicasOfThree() throws Exception {
        String first = start("Serving", "serve", "echo", "--port", "0", "--max-sessions", "3");
        String second = start("Serving", "serve", "echo", "--port", "0", "--max-sessions", "3");
        return start("Placing", "place", "--port", "0", "--poll-ms", "100", "--replica", first + "," + second);
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

    private static void assertSixHeldAndTheSeventhRefused(JsonNode seen) {
        assertThat(seen.get("opened").asInt()).as(seen::toString).isEqualTo(6);
        assertThat(seen.get("errors").size()).isEqualTo(1);
        assertThat(seen.get("errors").get(0).asString()).contains("CAPACITY_REACHED").contains("6/6");
    }

    private static JsonNode hold(Path python, String url, int sessions) throws Exception {
        var result = PythonReference.run(List.of(python.toString(), PythonReference.script("many_sessions.py").toString(),
                "--url", url, "--sessions", String.valueOf(sessions)), 180);
        assertThat(result.exitCode()).as(result::error).isZero();
        return WireJson.parse(result.output());
    }
}
