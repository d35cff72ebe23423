package io.openenv4j.cli;

import io.openenv4j.tasks.hub.HubOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Hugging Face references are fetched from and cached, for commands that take a dataset. Each option
 * overrides the environment variable {@code huggingface_hub} reads for the same thing.
 */
final class HubFlags {

    @Option(
            names = "--hub-endpoint",
            paramLabel = "URL",
            description =
                    "The Hub to fetch hf:// references from (overrides HF_ENDPOINT; default https://huggingface.co).")
    URI endpoint;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description = "The Hugging Face hub cache (overrides HF_HUB_CACHE; default $HF_HOME/hub).")
    Path cacheDir;

    @Option(names = "--offline", description = "Use only the local cache, never the network (as HF_HUB_OFFLINE=1).")
    boolean offline;

    /** The options of {@code env}, with these flags applied on top. */
    HubOptions options(Map<String, String> env) {
        HubOptions options = HubOptions.fromEnvironment(env);
        if (endpoint != null) {
            if (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("--hub-endpoint must be an http(s) URL, got '" + endpoint + "'");
            }
            options = options.withEndpoint(endpoint);
        }
        if (cacheDir != null) {
            options = options.withCacheDir(cacheDir);
        }
        if (offline) {
            options = options.withNetwork(HubOptions.Network.OFFLINE);
        }
        return options;
    }
}
