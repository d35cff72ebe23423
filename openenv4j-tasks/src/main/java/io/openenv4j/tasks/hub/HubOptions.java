package io.openenv4j.tasks.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to reach the Hub and where to cache, read from the same environment variables as Python
 * {@code huggingface_hub}: {@code HF_ENDPOINT}, {@code HF_HOME} (default {@code $XDG_CACHE_HOME/huggingface}
 * or {@code ~/.cache/huggingface}), {@code HF_HUB_CACHE} (default {@code $HF_HOME/hub}), {@code HF_TOKEN}
 * (else the token file {@code $HF_TOKEN_PATH} or {@code $HF_HOME/token}), {@code HF_HUB_OFFLINE},
 * {@code HF_HUB_DISABLE_PROGRESS_BARS} and {@code HF_HUB_DOWNLOAD_TIMEOUT}.
 *
 * @param endpoint the Hub's base URL
 * @param cacheDir the hub cache ({@code HF_HUB_CACHE}), shared with Python
 * @param token the access token, or null
 * @param network {@link Network#OFFLINE} reads only the cache
 * @param progress whether downloads draw a progress bar on stderr
 * @param attempts tries per request (at least 1) for network failures, HTTP 5xx and 429
 * @param backoff the wait before the second try, doubled for each further one
 * @param timeout connect and read timeout
 * @param splits which splits to download (empty: all)
 */
public record HubOptions(
        URI endpoint,
        Path cacheDir,
        String token,
        Network network,
        Progress progress,
        int attempts,
        Duration backoff,
        Duration timeout,
        Set<String> splits) {

    /** Whether the Hub may be contacted. */
    public enum Network {
        ONLINE,
        OFFLINE
    }

    /** Progress bars on stderr: only when stderr is a terminal, always, or never. */
    public enum Progress {
        AUTO,
        ALWAYS,
        NEVER
    }

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    public HubOptions {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        String e = endpoint.toString();
        if (e.endsWith("/")) {
            endpoint = URI.create(e.substring(0, e.length() - 1));
        }
        splits = Set.copyOf(splits);
    }

    /** Options from this process's environment. */
    public static HubOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Options from the given environment variables (as {@code huggingface_hub} reads them). */
    public static HubOptions fromEnvironment(Map<String, String> env) {
        Path home = env.containsKey("HF_HOME")
                ? Path.of(env.get("HF_HOME"))
                : env.containsKey("XDG_CACHE_HOME")
                        ? Path.of(env.get("XDG_CACHE_HOME"), "huggingface")
                        : Path.of(System.getProperty("user.home"), ".cache", "huggingface");
        Path cache = env.containsKey("HF_HUB_CACHE")
                ? Path.of(env.get("HF_HUB_CACHE"))
                : env.containsKey("HUGGINGFACE_HUB_CACHE")
                        ? Path.of(env.get("HUGGINGFACE_HUB_CACHE"))
                        : home.resolve("hub");
        String token = env.get("HF_TOKEN");
        if (token == null || token.isBlank()) {
            Path file = env.containsKey("HF_TOKEN_PATH") ? Path.of(env.get("HF_TOKEN_PATH")) : home.resolve("token");
            try {
                token = Files.isRegularFile(file)
                        ? Files.readString(file, StandardCharsets.UTF_8).strip()
                        : null;
            } catch (IOException e) {
                token = null;
            }
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        URI endpoint = env.containsKey("HF_ENDPOINT") ? URI.create(env.get("HF_ENDPOINT")) : DEFAULT_ENDPOINT;
        Network network = truthy(env.get("HF_HUB_OFFLINE")) ? Network.OFFLINE : Network.ONLINE;
        Progress progress = truthy(env.get("HF_HUB_DISABLE_PROGRESS_BARS")) ? Progress.NEVER : Progress.AUTO;
        Duration timeout = Duration.ofSeconds(10);
        if (env.containsKey("HF_HUB_DOWNLOAD_TIMEOUT")) {
            try {
                timeout = Duration.ofMillis((long) (Double.parseDouble(env.get("HF_HUB_DOWNLOAD_TIMEOUT")) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "HF_HUB_DOWNLOAD_TIMEOUT is not a number of seconds: " + env.get("HF_HUB_DOWNLOAD_TIMEOUT"), e);
            }
        }
        return new HubOptions(endpoint, cache, token, network, progress, 5, Duration.ofSeconds(1), timeout, Set.of());
    }

    private static boolean truthy(String v) {
        return v != null && Set.of("1", "on", "yes", "true").contains(v.strip().toLowerCase(Locale.ROOT));
    }

    public HubOptions withEndpoint(URI value) {
        return new HubOptions(value, cacheDir, token, network, progress, attempts, backoff, timeout, splits);
    }

    public HubOptions withCacheDir(Path value) {
        return new HubOptions(endpoint, value, token, network, progress, attempts, backoff, timeout, splits);
    }

    public HubOptions withToken(String value) {
        return new HubOptions(endpoint, cacheDir, value, network, progress, attempts, backoff, timeout, splits);
    }

    public HubOptions withNetwork(Network value) {
        return new HubOptions(endpoint, cacheDir, token, value, progress, attempts, backoff, timeout, splits);
    }

    public HubOptions withProgress(Progress value) {
        return new HubOptions(endpoint, cacheDir, token, network, value, attempts, backoff, timeout, splits);
    }

    public HubOptions withRetries(int tries, Duration firstBackoff) {
        return new HubOptions(endpoint, cacheDir, token, network, progress, tries, firstBackoff, timeout, splits);
    }

    public HubOptions withTimeout(Duration value) {
        return new HubOptions(endpoint, cacheDir, token, network, progress, attempts, backoff, value, splits);
    }

    public HubOptions withSplits(Set<String> value) {
        return new HubOptions(endpoint, cacheDir, token, network, progress, attempts, backoff, timeout, value);
    }

    @Override
    public String toString() {
        return "HubOptions[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", token="
                + (token == null ? "none" : "***") + ", network=" + network + ", progress=" + progress + ", attempts="
                + attempts + "]";
    }
}
