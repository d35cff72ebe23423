package io.openenv4j.client.internal;

import io.openenv4j.client.ClientMisuseException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Derives the client's URLs from a base URL exactly as the Python reference does ({@code
 * convert_to_ws_url}): strip every trailing {@code /}; {@code http://} becomes {@code ws://}, {@code
 * https://} becomes {@code wss://}, {@code ws://} and {@code wss://} stay, anything else gets {@code ws://}
 * in front; then {@code /ws} is appended. Scheme matching is case-sensitive, as in the reference.
 * Not part of the API. Stateless.
 */
public final class Urls {

    private Urls() {}

    /** The WebSocket session URL as text, for example {@code ws://localhost:8000/ws}. */
    public static String webSocketUrl(String baseUrl) {
        String url = stripTrailingSlashes(baseUrl);
        if (url.startsWith("http://")) {
            url = "ws://" + url.substring("http://".length());
        } else if (url.startsWith("https://")) {
            url = "wss://" + url.substring("https://".length());
        } else if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
            url = "ws://" + url;
        }
        return url + "/ws";
    }

    /**
     * The WebSocket session URL.
     *
     * @throws ClientMisuseException when it is not a valid URI
     */
    public static URI webSocket(String baseUrl) {
        return parse(webSocketUrl(baseUrl), baseUrl);
    }

    /**
     * The batched-stepping URL of a group of {@code envs} environments, for example {@code
     * ws://localhost:8000/ws/batch?envs=16} (docs/protocol.md, "Batched stepping").
     *
     * @throws ClientMisuseException when it is not a valid URI
     */
    public static URI batchWebSocket(String baseUrl, int envs) {
        return parse(webSocketUrl(baseUrl) + "/batch?envs=" + envs, baseUrl);
    }

    /**
     * The HTTP URL of a route ({@code path} starts with {@code /}): the base URL without trailing slashes,
     * {@code http://} added when there is no scheme, {@code ws(s)://} turned into {@code http(s)://}.
     *
     * @throws ClientMisuseException when the result is not a valid URI
     */
    public static URI http(String baseUrl, String path) {
        String url = stripTrailingSlashes(baseUrl);
        if (url.startsWith("ws://")) {
            url = "http://" + url.substring("ws://".length());
        } else if (url.startsWith("wss://")) {
            url = "https://" + url.substring("wss://".length());
        } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
            url = "http://" + url;
        }
        return parse(url + path, baseUrl);
    }

    private static String stripTrailingSlashes(String baseUrl) {
        if (baseUrl == null) {
            throw new ClientMisuseException("the base URL must not be null");
        }
        int end = baseUrl.length();
        while (end > 0 && baseUrl.charAt(end - 1) == '/') {
            end--;
        }
        return baseUrl.substring(0, end);
    }

    private static URI parse(String url, String baseUrl) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new ClientMisuseException("the base URL '" + baseUrl + "' has no host (derived " + url + ")");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ClientMisuseException("the base URL '" + baseUrl + "' is not a valid URL: " + e.getMessage(), e);
        }
    }
}
