package io.openenv4j.mcp.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<String> read(String stream, int limit) throws IOException {
        var events = new ArrayList<String>();
        new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), limit).readAll(events::add);
        return events;
    }

    @Test
    void messageEventsAreDeliveredInOrder() throws IOException {
        assertThat(read("event: message\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n", 1000))
                .containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithNewlines() throws IOException {
        assertThat(read("data: {\"a\":\ndata: 1}\n\n", 1000)).containsExactly("{\"a\":\n1}");
    }

    @Test
    void primingEventsCommentsAndOtherEventTypesAreSkipped() throws IOException {
        assertThat(read("id: p\ndata: \n\n: keep-alive\n\nevent: ping\ndata: x\n\nid: 7\ndata: y\nretry: 10\n\n", 1000))
                .containsExactly("y");
    }

    @Test
    void carriageReturnLineEndsAreUnderstood() throws IOException {
        assertThat(read("data:one\r\n\r\ndata: two\r\rdata: three\n\n", 1000)).containsExactly("one", "two", "three");
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDropped() throws IOException {
        assertThat(read("data: complete\n\ndata: cut", 1000)).containsExactly("complete");
    }

    @Test
    void anEventOverTheLimitFails() {
        assertThatThrownBy(() -> read("data: " + "x".repeat(50) + "\n\n", 10)).isInstanceOf(IOException.class);
    }
}
