package io.openenv4j.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How sandboxes are made.
 *
 * @param root the host folder under which each sandbox gets its own folder (and uid lease files)
 * @param limits the limits every command gets unless it asks for others
 * @param network whether the network is reachable
 * @param readOnly host folders visible read-only inside, at the same path (besides {@code /usr} and
 *     {@code /etc}, always visible)
 * @param quota what the whole sandbox may hold at once (its writable folders' size and file count)
 */
public record SandboxOptions(Path root, Limits limits, Network network, List<Path> readOnly, Quota quota) {

    public SandboxOptions {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(quota, "quota");
        readOnly = List.copyOf(readOnly);
    }

    /** Options with {@link Quota#defaults()}. */
    public SandboxOptions(Path root, Limits limits, Network network, List<Path> readOnly) {
        this(root, limits, network, readOnly, Quota.defaults());
    }

    /**
     * Sandboxes under {@code <java.io.tmpdir>/openenv4j-sandbox} with {@link Limits#defaults()}, {@link
     * Quota#defaults()}, no network, and the running JDK visible read-only (so {@code java} and {@code jshell}
     * work inside).
     */
    public static SandboxOptions defaults() {
        return new SandboxOptions(
                Path.of(System.getProperty("java.io.tmpdir"), "openenv4j-sandbox"),
                Limits.defaults(),
                Network.OFF,
                List.of(Path.of(System.getProperty("java.home"))));
    }

    public SandboxOptions withRoot(Path value) {
        return new SandboxOptions(value, limits, network, readOnly, quota);
    }

    public SandboxOptions withLimits(Limits value) {
        return new SandboxOptions(root, value, network, readOnly, quota);
    }

    public SandboxOptions withNetwork(Network value) {
        return new SandboxOptions(root, limits, value, readOnly, quota);
    }

    public SandboxOptions withQuota(Quota value) {
        return new SandboxOptions(root, limits, network, readOnly, value);
    }
}
