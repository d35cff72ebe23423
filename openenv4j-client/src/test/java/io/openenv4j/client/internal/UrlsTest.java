package io.openenv4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.ClientMisuseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://localhost:8000, ws://localhost:8000/ws",
        "http://localhost:8000/, ws://localhost:8000/ws",
        "http://localhost:8000///, ws://localhost:8000/ws",
        "https://env.example.org, wss://env.example.org/ws",
        "localhost:8000, ws://localhost:8000/ws",
        "ws://localhost:8000, ws://localhost:8000/ws",
        "wss://env.example.org/, wss://env.example.org/ws",
        "http://host:1/prefix/, ws://host:1/prefix/ws",
        "HTTP://host, ws://HTTP://host/ws",
    })
    void theSessionUrlIsDerivedAsTheReferenceDerivesIt(String baseUrl, String expected) {
        assertThat(Urls.webSocketUrl(baseUrl)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://localhost:8000/, http://localhost:8000/health",
        "localhost:8000, http://localhost:8000/health",
        "https://env.example.org, https://env.example.org/health",
        "ws://localhost:8000, http://localhost:8000/health",
        "wss://env.example.org, https://env.example.org/health",
    })
    void httpRoutesHangOffTheBaseUrl(String baseUrl, String expected) {
        assertThat(Urls.http(baseUrl, "/health")).hasToString(expected);
    }

    @Test
    void aBaseUrlThatMakesNoValidUrlIsMisuse() {
        assertThatThrownBy(() -> Urls.webSocket("ws://:8000")).isInstanceOf(ClientMisuseException.class);
        assertThatThrownBy(() -> Urls.webSocket("http://bad host")).isInstanceOf(ClientMisuseException.class);
        assertThatThrownBy(() -> Urls.http(null, "/health")).isInstanceOf(ClientMisuseException.class);
    }
}
