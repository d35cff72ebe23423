package io.openenv4j.tasks.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A faithful local stand-in for the Hugging Face Hub endpoints the loader calls, on 127.0.0.1 and a free port:
 * <ul>
 * <li>{@code GET /api/datasets/{org}/{name}/revision/{rev}}: {@code {id, sha, private, siblings:[{rfilename}]}};
 * <li>{@code GET /api/datasets/{org}/{name}/parquet}: {@code {config: {split: [url, …]}}} from the
 *     {@code refs/convert/parquet} revision;
 * <li>{@code HEAD|GET /datasets/{org}/{name}/resolve/{rev}/{path}}: small files inline with {@code ETag} = git
 *     blob sha1; "LFS" files ({@code .parquet}) as a 302 to {@code /cdn/{sha256}} carrying {@code X-Linked-Etag}
 *     and {@code X-Linked-Size}; always {@code X-Repo-Commit};
 * <li>{@code GET /cdn/{sha256}} on a second port (another origin, like the Hub's CDN host): the bytes,
 *     honouring {@code Range}.
 * </ul>
 * Errors as the Hub sends them: 401 ({@code X-Error-Code: RepoNotFound}) for a private repository without a valid
 * token, 404 with {@code RepoNotFound}/{@code RevisionNotFound}/{@code EntryNotFound}. Faults can be injected.
 */
public final class StandInHub implements AutoCloseable {

    public record Request(String method, String path, String range, String authorization) {}

    public static final class Repo {
        final Map<String, String> refs = new ConcurrentHashMap<>();
        final Map<String, Map<String, byte[]>> commits = new ConcurrentHashMap<>();
        public volatile String token;
        volatile boolean gated;
        private int counter;

        /** Commits {@code files} on {@code branch} (replacing its tree) and returns the new commit sha. */
        public synchronized String commit(String branch, Map<String, byte[]> files) {
            String sha = sha1Hex(("commit " + (++counter) + branch + files.keySet()).getBytes(StandardCharsets.UTF_8));
            commits.put(sha, new TreeMap<>(files));
            refs.put(branch, sha);
            return sha;
        }

        public void tag(String name, String sha) {
            refs.put(name, sha);
        }
    }

    private final HttpServer server;
    /** Serves LFS content on its own port: another origin, as the Hub's CDN is another host. */
    private final HttpServer cdnServer;

    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdn = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    private record Fault(Predicate<Request> when, AtomicInteger times, Action action) {}

    /** What a fault does to a matching request. */
    sealed interface Action {}

    /** Answers with this status. */
    record Status(int code) implements Action {}

    /** Sends the headers and this many body bytes, then drops the connection. */
    record DropAfter(int bytes) implements Action {}

    /** Serves content with one byte flipped. */
    record Corrupt() implements Action {}

    public StandInHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        cdnServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cdnServer.createContext("/", this::handle);
        cdnServer.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        cdnServer.start();
    }

    URI cdnEndpoint() {
        return URI.create("http://127.0.0.1:" + cdnServer.getAddress().getPort());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public Repo repo(String id) {
        return repos.computeIfAbsent(id, k -> new Repo());
    }

    void fault(Predicate<Request> when, int times, Action action) {
        faults.add(new Fault(when, new AtomicInteger(times), action));
    }

    public List<Request> requests(Predicate<Request> which) {
        return requests.stream().filter(which).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        cdnServer.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            Request req = new Request(
                    ex.getRequestMethod(),
                    URLDecoder.decode(rawPath, StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst("Range"),
                    ex.getRequestHeaders().getFirst("Authorization"));
            requests.add(req);
            Action action = null;
            for (Fault f : faults) {
                if (f.when().test(req) && f.times().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    action = f.action();
                    break;
                }
            }
            if (action instanceof Status s) {
                send(ex, s.code(), "{\"error\":\"injected\"}".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            String[] parts = rawPath.split("/");
            if (rawPath.startsWith("/api/datasets/") && parts.length >= 6) {
                api(ex, parts[3] + "/" + parts[4], parts);
            } else if (rawPath.startsWith("/datasets/") && parts.length >= 6 && parts[4].equals("resolve")) {
                resolve(ex, parts[2] + "/" + parts[3], parts);
            } else if (rawPath.startsWith("/cdn/") && cdn.containsKey(parts[2])) {
                blob(ex, cdn.get(parts[2]), action);
            } else {
                error(ex, 404, "EntryNotFound", "no route");
            }
        }
    }

    private Repo authorized(HttpExchange ex, String id) throws IOException {
        Repo repo = repos.get(id);
        if (repo == null) {
            error(ex, 404, "RepoNotFound", "Repository not found");
            return null;
        }
        if (repo.token != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.equals("Bearer " + repo.token)) {
                error(ex, 401, "RepoNotFound", "Invalid username or password.");
                return null;
            }
        }
        if (repo.gated) {
            error(ex, 403, "GatedRepo", "Access to this dataset is restricted");
            return null;
        }
        return repo;
    }

    private static String revisionSha(Repo repo, String rev) {
        if (repo.commits.containsKey(rev)) {
            return rev;
        }
        return repo.refs.get(rev);
    }

    private void api(HttpExchange ex, String id, String[] parts) throws IOException {
        Repo repo = authorized(ex, id);
        if (repo == null) {
            return;
        }
        if (parts[5].equals("revision") && parts.length == 7) {
            String rev = URLDecoder.decode(parts[6], StandardCharsets.UTF_8);
            String sha = revisionSha(repo, rev);
            if (sha == null) {
                error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
                return;
            }
            List<Object> siblings = new ArrayList<>();
            repo.commits.get(sha).keySet().forEach(f -> siblings.add(Map.of("rfilename", f)));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("id", id);
            info.put("sha", sha);
            info.put("private", repo.token != null);
            info.put("siblings", siblings);
            send(ex, 200, WireJson.write(info).getBytes(StandardCharsets.UTF_8), "application/json");
        } else if (parts[5].equals("parquet") && parts.length == 6) {
            String sha = repo.refs.get("refs/convert/parquet");
            Map<String, Map<String, List<String>>> listing = new TreeMap<>();
            if (sha != null) {
                for (String f : repo.commits.get(sha).keySet()) {
                    String[] p = f.split("/");
                    if (p.length == 3) {
                        listing.computeIfAbsent(p[0], k -> new TreeMap<>())
                                .computeIfAbsent(p[1], k -> new ArrayList<>())
                                .add(endpoint() + "/api/datasets/" + id + "/parquet/" + p[0] + "/" + p[1] + "/"
                                        + Integer.parseInt(p[2].replace(".parquet", "")) + ".parquet");
                    }
                }
            }
            send(ex, 200, WireJson.write(listing).getBytes(StandardCharsets.UTF_8), "application/json");
        } else {
            error(ex, 404, "EntryNotFound", "no such api");
        }
    }

    private void resolve(HttpExchange ex, String id, String[] parts) throws IOException {
        Repo repo = authorized(ex, id);
        if (repo == null) {
            return;
        }
        String rev = URLDecoder.decode(parts[5], StandardCharsets.UTF_8);
        String sha = revisionSha(repo, rev);
        if (sha == null) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
            return;
        }
        List<String> segs = new ArrayList<>();
        for (int i = 6; i < parts.length; i++) {
            segs.add(URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
        }
        String file = String.join("/", segs);
        byte[] content = repo.commits.get(sha).get(file);
        if (content == null) {
            error(ex, 404, "EntryNotFound", file + " does not exist on " + rev);
            return;
        }
        ex.getResponseHeaders().set("X-Repo-Commit", sha);
        if (file.endsWith(".parquet")) {
            String oid = sha256Hex(content);
            cdn.put(oid, content);
            ex.getResponseHeaders().set("X-Linked-Etag", "\"" + oid + "\"");
            ex.getResponseHeaders().set("X-Linked-Size", String.valueOf(content.length));
            ex.getResponseHeaders().set("ETag", "W/\"redirect-etag\"");
            ex.getResponseHeaders().set("Location", cdnEndpoint() + "/cdn/" + oid + "?signature=stand-in");
            ex.sendResponseHeaders(302, -1);
            return;
        }
        ex.getResponseHeaders().set("ETag", "\"" + gitBlobSha(content) + "\"");
        blob(ex, content, null);
    }

    private void blob(HttpExchange ex, byte[] content, Action action) throws IOException {
        byte[] body = content;
        if (action instanceof Corrupt) {
            body = content.clone();
            body[body.length / 2] ^= 0x01;
        }
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        int status = range != null ? 206 : 200;
        byte[] slice = java.util.Arrays.copyOfRange(body, from, body.length);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (action instanceof DropAfter d) {
            ex.sendResponseHeaders(status, slice.length);
            OutputStream out = ex.getResponseBody();
            out.write(slice, 0, Math.min(d.bytes(), slice.length));
            out.flush();
            // closing the exchange before the announced length is written drops the connection
            return;
        }
        send(ex, status, slice, "application/octet-stream");
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ex.getResponseHeaders().set("X-Error-Code", code);
        ex.getResponseHeaders().set("X-Error-Message", message);
        send(ex, status, WireJson.write(Map.of("error", message)).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    static String sha256Hex(byte[] content) {
        return digest("SHA-256", content);
    }

    static String gitBlobSha(byte[] content) {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + content.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(content, 0, all, header.length, content.length);
        return digest("SHA-1", all);
    }

    static String sha1Hex(byte[] content) {
        return digest("SHA-1", content);
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, byte[]> files(Object... pathsAndContents) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Object c = pathsAndContents[i + 1];
            out.put(
                    (String) pathsAndContents[i],
                    c instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) c);
        }
        return Collections.unmodifiableMap(out);
    }
}
