package io.openenv4j.client.internal;

import io.openenv4j.client.ClientMisuseException;
import io.openenv4j.client.ClientOptions;
import io.openenv4j.client.HttpStatusException;
import io.openenv4j.client.ProtocolException;
import io.openenv4j.client.TransportException;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * JSON over HTTP/1.1 against one server, with the client's limits: connect timeout, reply timeout (until
 * the response headers arrive), response bodies up to {@code maxMessageBytes}, request bodies up to
 * {@code maxOutgoingBytes}. Not part of the API. Thread-safe.
 */
public final class HttpTransport implements AutoCloseable {

    private final String baseUrl;
    private final ClientOptions options;
    private final HttpClient http;

    private HttpTransport(String baseUrl, ClientOptions options, HttpClient http) {
        this.baseUrl = baseUrl;
        this.options = options;
        this.http = http;
    }

    /**
     * A transport for the server at {@code baseUrl}.
     *
     * @throws ClientMisuseException when the base URL is not a valid URL
     */
    public static HttpTransport create(String baseUrl, ClientOptions options) {
        Urls.http(baseUrl, "/");
        return new HttpTransport(
                baseUrl,
                options,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(options.connectTimeout())
                        .build());
    }

    /** {@code GET path}, answered with JSON. */
    public JsonNode get(String path) {
        return send("GET", path, HttpRequest.newBuilder(uri(path)).GET());
    }

    /** {@code POST path} with a JSON body, answered with JSON. */
    public JsonNode post(String path, JsonNode body) {
        byte[] bytes = WireJson.write(body).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > options.maxOutgoingBytes()) {
            throw new ClientMisuseException("the request body is " + bytes.length + " bytes, more than the "
                    + options.maxOutgoingBytes() + " allowed (ClientOptions.maxOutgoingBytes); nothing was sent");
        }
        return send(
                "POST",
                path,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private URI uri(String path) {
        return Urls.http(baseUrl, path);
    }

    private JsonNode send(String method, String path, HttpRequest.Builder request) {
        URI uri = uri(path);
        if (options.authorization() != null) {
            request.header("Authorization", options.authorization());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(
                    request.timeout(options.replyTimeout())
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new TransportException(
                    TransportException.Kind.CONNECT_FAILED,
                    "cannot connect to " + uri + " within " + options.connectTimeout(),
                    e);
        } catch (HttpTimeoutException e) {
            throw new TransportException(
                    TransportException.Kind.TIMEOUT,
                    method + " " + uri + " got no response within " + options.replyTimeout(),
                    e);
        } catch (ConnectException e) {
            throw new TransportException(
                    TransportException.Kind.CONNECT_FAILED, "cannot connect to " + uri + ": " + e, e);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.IO, method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(
                    TransportException.Kind.INTERRUPTED, "interrupted during " + method + " " + uri, e);
        }
        String body = readBody(method, uri, response.body());
        if (response.statusCode() / 100 != 2) {
            throw new HttpStatusException(method, path, response.statusCode(), body);
        }
        try {
            return WireJson.parse(body);
        } catch (JacksonException e) {
            throw new ProtocolException(
                    method + " " + path + " answered with a body that is not JSON: "
                            + SocketConnection.abbreviate(body),
                    e);
        }
    }

    private String readBody(String method, URI uri, InputStream in) {
        try (in) {
            int max = options.maxMessageBytes();
            byte[] bytes = in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
            if (bytes.length > max) {
                throw new TransportException(
                        TransportException.Kind.MESSAGE_TOO_LARGE,
                        "the response to " + method + " " + uri + " exceeds " + options.maxMessageBytes()
                                + " bytes (ClientOptions.maxMessageBytes)",
                        null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TransportException(
                    TransportException.Kind.IO, "reading the response to " + method + " " + uri + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
