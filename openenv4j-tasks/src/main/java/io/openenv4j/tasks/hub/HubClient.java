package io.openenv4j.tasks.hub;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Hub's HTTP API as {@code huggingface_hub} uses it: JSON under {@code /api/datasets/...}, files under
 * {@code /datasets/{repo}/resolve/{revision}/{path}}. Redirects are followed by hand so the token is only
 * ever sent to the endpoint's own host. Network failures, HTTP 5xx and 429 are retried with exponential
 * backoff; a body cut short is resumed with an HTTP Range request. Thread-safe.
 */
final class HubClient {

    private final HubOptions options;
    private final HttpClient http;

    HubClient(HubOptions options) {
        this.options = options;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String pathSegments(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(segment(part));
        }
        return b.toString();
    }

    /** GET a JSON document from {@code apiPath} (starting with /api/). */
    JsonNode json(String apiPath, String what) {
        URI uri = URI.create(options.endpoint() + apiPath);
        HttpResponse<byte[]> response =
                withRetries(what, () -> send(uri, "GET", null, HttpResponse.BodyHandlers.ofByteArray(), true));
        requireSuccess(response, what);
        try {
            return WireJson.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new HubException(HubException.Kind.PROTOCOL, what + ": the server sent malformed JSON", e);
        }
    }

    /** What a HEAD on a file's resolve URL tells: commit, etag, size, and the final URL after redirects. */
    record FileMetadata(String commit, String etag, long size, URI location) {}

    FileMetadata head(String repo, String revision, String file) {
        URI uri = URI.create(
                options.endpoint() + "/datasets/" + repo + "/resolve/" + segment(revision) + "/" + pathSegments(file));
        String what = repo + "@" + revision + ": " + file;
        HttpResponse<Void> r =
                withRetries(what, () -> send(uri, "HEAD", null, HttpResponse.BodyHandlers.discarding(), false));
        URI location = r.uri();
        if (isRedirect(r.statusCode()) && header(r, "Location").isPresent()) {
            location = r.uri().resolve(header(r, "Location").get());
        } else {
            requireSuccess(r, what);
        }
        String etag = header(r, "X-Linked-Etag")
                .or(() -> header(r, "ETag"))
                .map(HubClient::normalizeEtag)
                .orElseThrow(() -> new HubException(
                        HubException.Kind.PROTOCOL, what + ": the server sent no ETag; cannot cache the file safely"));
        String commit = header(r, "X-Repo-Commit")
                .orElseThrow(() -> new HubException(
                        HubException.Kind.PROTOCOL, what + ": the server sent no X-Repo-Commit header"));
        long size = header(r, "X-Linked-Size")
                .or(() -> header(r, "Content-Length"))
                .map(Long::parseLong)
                .orElse(-1L);
        return new FileMetadata(commit, etag, size, location);
    }

    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    /**
     * Downloads {@code uri} into {@code target}, appending to what {@code target} already holds (resume),
     * until {@code size} bytes are there (or the body ends when the size is unknown).
     */
    void download(URI uri, Path target, long size, String what, ProgressBar progress) {
        withRetries(what, () -> {
            long have = Files.exists(target) ? Files.size(target) : 0;
            if (size >= 0 && have == size) {
                return null;
            }
            if (size >= 0 && have > size) {
                Files.delete(target);
                have = 0;
            }
            String range = have > 0 ? "bytes=" + have + "-" : null;
            HttpResponse<InputStream> r = send(uri, "GET", range, HttpResponse.BodyHandlers.ofInputStream(), true);
            try (InputStream body = r.body()) {
                if (retryable(r.statusCode())) {
                    return r;
                }
                boolean append;
                if (r.statusCode() == 206 && range != null) {
                    append = true;
                } else if (r.statusCode() == 200) {
                    append = false;
                    have = 0;
                } else {
                    requireSuccess(r, what);
                    throw new HubException(HubException.Kind.PROTOCOL, what + ": unexpected HTTP " + r.statusCode());
                }
                progress.start(size, have);
                try (OutputStream out = Files.newOutputStream(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buf = new byte[64 * 1024];
                    for (int n = body.read(buf); n >= 0; n = body.read(buf)) {
                        out.write(buf, 0, n);
                        have += n;
                        progress.advance(have);
                    }
                }
            }
            if (size >= 0 && have < size) {
                throw new IOException("connection closed after " + have + " of " + size + " bytes");
            }
            return null;
        });
    }

    /**
     * Sends one request, following redirects; with {@code followAbsolute} false only relative redirects are
     * followed (as {@code huggingface_hub} does for HEAD, whose metadata lives on the Hub's redirect itself).
     */
    private <T> HttpResponse<T> send(
            URI start, String method, String range, HttpResponse.BodyHandler<T> handler, boolean followAbsolute)
            throws IOException, InterruptedException {
        URI uri = start;
        for (int hop = 0; hop < 10; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(options.timeout())
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", "openenv4j-tasks; hf_hub/compatible")
                    .header("Accept-Encoding", "identity");
            if (options.token() != null && sameHost(uri, options.endpoint())) {
                b.header("Authorization", "Bearer " + options.token());
            }
            if (range != null) {
                b.header("Range", range);
            }
            HttpResponse<T> r = http.send(b.build(), handler);
            int s = r.statusCode();
            Optional<String> location = header(r, "Location");
            if (isRedirect(s)
                    && location.isPresent()
                    && (followAbsolute || URI.create(location.get()).getHost() == null)) {
                if (r.body() instanceof InputStream in) {
                    in.close();
                }
                uri = uri.resolve(location.get());
                continue;
            }
            return r;
        }
        throw new HubException(HubException.Kind.PROTOCOL, start + ": too many redirects");
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort()
                && a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Runs {@code attempt} until it returns a non-retryable response, retrying failures with backoff. */
    private <T> T withRetries(String what, Attempt<T> attempt) {
        long wait = options.backoff().toMillis();
        String last = "";
        for (int i = 1; ; i++) {
            long pause = wait;
            try {
                T result = attempt.run();
                if (!(result instanceof HttpResponse<?> r) || !retryable(r.statusCode())) {
                    return result;
                }
                last = "HTTP " + r.statusCode();
                pause = Math.max(wait, retryAfterMillis(r));
                if (i >= options.attempts()) {
                    throw new HubException(
                            HubException.Kind.SERVER_ERROR,
                            what + ": the server failed with " + last + " on all " + options.attempts()
                                    + " attempts; try again later");
                }
            } catch (IOException e) {
                last = e.toString();
                if (i >= options.attempts()) {
                    throw new HubException(
                            HubException.Kind.TRANSPORT,
                            what + ": network failure on all " + options.attempts() + " attempts (last: " + last + ")",
                            e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException(HubException.Kind.TRANSPORT, what + ": interrupted", e);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException(HubException.Kind.TRANSPORT, what + ": interrupted", e);
            }
            wait = Math.min(wait * 2, 30_000);
        }
    }

    /** A server's {@code Retry-After} in seconds (as the Hub sends with 429), capped at a minute; else 0. */
    private static long retryAfterMillis(HttpResponse<?> r) {
        try {
            return Math.min(
                    60_000, Long.parseLong(header(r, "Retry-After").orElse("0").strip()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void requireSuccess(HttpResponse<?> r, String what) {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        String code = header(r, "X-Error-Code").orElse("");
        String serverMessage =
                header(r, "X-Error-Message").map(m -> " (" + m + ")").orElse("");
        switch (s) {
            case 401 ->
                throw new HubException(
                        HubException.Kind.UNAUTHORIZED,
                        what + ": HTTP 401" + serverMessage
                                + (options.token() == null
                                        ? ": the repository is private or does not exist; set HF_TOKEN (or $HF_HOME/token) to a token"
                                                + " with access"
                                        : ": the token was refused; check HF_TOKEN"));
            case 403 ->
                throw new HubException(
                        HubException.Kind.UNAUTHORIZED,
                        what + ": HTTP 403" + serverMessage
                                + ": access denied (gated or private repository; request access or use a token that has it)");
            case 404 ->
                throw new HubException(
                        HubException.Kind.NOT_FOUND,
                        what + ": "
                                + switch (code.toLowerCase(Locale.ROOT)) {
                                    case "reponotfound" -> "repository not found";
                                    case "revisionnotfound" -> "revision not found";
                                    case "entrynotfound" -> "file not found";
                                    default -> "not found";
                                }
                                + " (HTTP 404)" + serverMessage);
            default ->
                throw new HubException(HubException.Kind.PROTOCOL, what + ": unexpected HTTP " + s + serverMessage);
        }
    }

    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }
}
