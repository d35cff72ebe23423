package io.openenv4j.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.openenv4j.client.provider.EnvProvider;
import io.openenv4j.client.provider.HealthCheck;
import io.openenv4j.client.provider.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replicas as containers of an environment's image on a Docker Engine, through the Engine's API (docker-java over
 * the daemon's Unix socket, or whatever {@code DOCKER_HOST} names). Each replica runs the image's own command,
 * {@code server [ARGS...]} (docs/images.md), with <b>host networking</b> on a port of its own bound to 127.0.0.1
 * ({@code PORT}, {@code HOST}): no bridge and no published port is needed, so it works on a daemon started with
 * {@code --bridge=none} as well as on an ordinary Linux host. CPU and memory limits come from the image's manifest
 * ({@code validation.resources} of its {@code openenv.yaml}: the {@code io.openenv.manifest} label, or the file the
 * {@code io.openenv.manifest-path} label names) unless the {@link Spec} sets them. Every container is labelled
 * {@value #MANAGED_BY}={@value #MANAGER} and {@value #GROUP}={@code name}, so {@link #removeAll} finds what an
 * earlier run left. A refusal by the daemon (an image it does not have, a name it does not accept) and a daemon
 * that cannot be reached are {@link ProviderException}s quoting the daemon's or the socket's own words.
 *
 * <pre>{@code
 * try (var provider = new DockerProvider(DockerProvider.connect(), DockerProvider.Spec.of("echo", "openenv4j/text:0.1.0")
 *         .withArgs("echo").withMaxSessions(512).withDrainSeconds(60))) {
 *     provider.start(2);
 *     provider.awaitHealthy(Duration.ofSeconds(60));
 *     provider.replicas(); // [http://127.0.0.1:41001, http://127.0.0.1:41002]
 * }
 * }</pre>
 */
public final class DockerProvider implements EnvProvider {

    /** The label every container of a provider carries, with the value {@value #MANAGER}. */
    public static final String MANAGED_BY = "io.openenv4j.managed-by";
    /** {@link #MANAGED_BY}'s value. */
    public static final String MANAGER = "openenv4j-docker-provider";
    /** The label holding the provider's {@link Spec#name()}. */
    public static final String GROUP = "io.openenv4j.group";
    /** The label holding the replica's port on 127.0.0.1. */
    public static final String PORT_LABEL = "io.openenv4j.port";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

    /**
     * What to run.
     *
     * @param name the replicas' group: containers are named {@code NAME-PORT} and labelled {@value #GROUP}={@code name}
     * @param image the image, present on the daemon (the provider does not pull: {@code docker load} or {@code docker
     *     pull} it first)
     * @param args arguments to the image's command {@code server}, e.g. {@code ["wordle"]} to serve another
     *     environment of the family; empty for the image's default
     * @param env extra environment variables ({@code PORT}, {@code HOST} and {@code MAX_CONCURRENT_ENVS} are the
     *     provider's)
     * @param maxSessions each replica's session limit ({@code MAX_CONCURRENT_ENVS})
     * @param cpus CPU limit in cores ({@code docker run --cpus}); {@code null}: the manifest's {@code cpu}, if any
     * @param memoryBytes memory limit ({@code docker run --memory}); {@code null}: the manifest's {@code memory_mb}
     * @param drainSeconds how long a replica drains when stopped or scaled away: the built-in images get {@code
     *     --drain-seconds}, and a replica gets this plus 10 s between SIGTERM and SIGKILL
     * @param hostConfig changes to each container's host configuration after the provider's (read-only root,
     *     {@code /tmp} as tmpfs, dropped capabilities, security options, ...)
     * @param systemPathsUnconfined no masked or read-only paths under {@code /proc} and {@code /sys} ({@code docker run
     *     --security-opt systempaths=unconfined}): what the sandboxed families need for bubblewrap (docs/images.md)
     */
    public record Spec(
            String name,
            String image,
            List<String> args,
            Map<String, String> env,
            int maxSessions,
            Double cpus,
            Long memoryBytes,
            int drainSeconds,
            Consumer<HostConfig> hostConfig,
            boolean systemPathsUnconfined) {
        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(image, "image");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be letters, digits, '_', '.' or '-' (at most 63,"
                        + " starting with a letter or digit): " + name);
            }
            if (image.isBlank()) {
                throw new IllegalArgumentException("image is blank");
            }
            args = List.copyOf(args);
            env = Map.copyOf(env);
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
            }
            if (cpus != null && !(cpus > 0)) {
                throw new IllegalArgumentException("cpus must be above 0: " + cpus);
            }
            if (memoryBytes != null && memoryBytes < 6 * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "memoryBytes must be at least 6 MiB (Docker's minimum): " + memoryBytes);
            }
            if (drainSeconds < 0) {
                throw new IllegalArgumentException("drainSeconds must be at least 0: " + drainSeconds);
            }
            Objects.requireNonNull(hostConfig, "hostConfig");
        }

        /** {@code image}'s default environment, 1024 sessions, limits from the manifest, no drain. */
        public static Spec of(String name, String image) {
            return new Spec(name, image, List.of(), Map.of(), 1024, null, null, 0, ignored -> {}, false);
        }

        public Spec withArgs(String... args) {
            return new Spec(
                    name,
                    image,
                    List.of(args),
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        public Spec withEnv(Map<String, String> env) {
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        public Spec withMaxSessions(int maxSessions) {
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        public Spec withCpus(double cpus) {
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        public Spec withMemoryBytes(long memoryBytes) {
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        public Spec withDrainSeconds(int drainSeconds) {
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        public Spec withHostConfig(Consumer<HostConfig> hostConfig) {
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    hostConfig,
                    systemPathsUnconfined);
        }

        /**
         * The sandboxed families' settings (docs/images.md): {@link #systemPathsUnconfined()}, and seccomp and
         * AppArmor unconfined, with a writable {@code /tmp}.
         */
        public Spec withSandboxSettings() {
            Consumer<HostConfig> sandbox =
                    host -> host.withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
                            .withTmpFs(Map.of("/tmp", "rw,mode=1777"));
            return new Spec(
                    name,
                    image,
                    args,
                    env,
                    maxSessions,
                    cpus,
                    memoryBytes,
                    drainSeconds,
                    sandbox.andThen(hostConfig),
                    true);
        }
    }

    /** One running replica. */
    private record Replica(String id, String name, int port, URI url) {}

    private final DockerClient docker;
    private final Spec spec;
    private final List<Replica> running = new ArrayList<>();
    private ImagePlan plan;

    /**
     * @param docker a client of the daemon that runs the replicas ({@link #connect()}); the provider does not close it
     * @param spec what to run
     */
    public DockerProvider(DockerClient docker, Spec spec) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** A client of the daemon {@code DOCKER_HOST} names (default {@code unix:///var/run/docker.sock}). */
    public static DockerClient connect() {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    }

    /** A client of the daemon at {@code dockerHost}, e.g. {@code unix:///run/user/1000/docker.sock}. */
    public static DockerClient connect(String dockerHost) {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build());
    }

    private static DockerClient connect(DefaultDockerClientConfig config) {
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofMinutes(2))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * Starts {@code replicas} containers. Refuses when containers of this {@link Spec#name()} exist already (an
     * earlier run's: remove them with {@link #removeAll}).
     */
    @Override
    public synchronized void start(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be at least 0: " + replicas);
        }
        run("reach the daemon", () -> docker.pingCmd().exec());
        if (running.isEmpty()) {
            var leftovers = containersOf(docker, spec.name());
            if (!leftovers.isEmpty()) {
                throw new ProviderException(leftovers.size() + " container(s) labelled " + GROUP + "=" + spec.name()
                        + " exist already (an earlier run's?): "
                        + leftovers.stream().map(c -> c.getNames()[0]).toList()
                        + "; remove them with DockerProvider.removeAll or"
                        + " 'docker rm -f $(docker ps -aq --filter label=" + GROUP + "=" + spec.name() + ")'");
            }
        }
        scale(replicas);
    }

    /** What the image says of itself: its labels and the limits its manifest asks for. */
    private ImagePlan plan() {
        if (plan == null) {
            Map<String, String> labels;
            try {
                var image = docker.inspectImageCmd(spec.image()).exec();
                labels = image.getConfig() == null || image.getConfig().getLabels() == null
                        ? Map.of()
                        : image.getConfig().getLabels();
            } catch (NotFoundException e) {
                throw new ProviderException(
                        "Docker has no image " + spec.image() + " (HTTP 404: " + daemonMessage(e)
                                + "); load it ('docker load -i') or pull it first: the provider does not pull",
                        e);
            } catch (RuntimeException e) {
                throw translate("inspect image " + spec.image(), e);
            }
            String manifest = labels.get("io.openenv.manifest");
            String manifestPath = labels.get("io.openenv.manifest-path");
            if (manifestPath != null) {
                manifest = readFromImage(manifestPath);
            }
            plan = new ImagePlan(labels, ManifestResources.parse(manifest, spec.image()));
        }
        return plan;
    }

    private record ImagePlan(Map<String, String> labels, ManifestResources resources) {
        boolean builtIn() {
            return labels.containsKey("io.openenv4j.family");
        }
    }

    /** A file of the image: a container is created (not started), the file copied out, the container removed. */
    private String readFromImage(String path) {
        String id = call(
                "create a container to read " + path + " from " + spec.image(),
                () -> docker.createContainerCmd(spec.image())
                        .withLabels(Map.of(MANAGED_BY, MANAGER, GROUP, spec.name()))
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                        .exec()
                        .getId());
        try (InputStream archive = call(
                        "copy " + path + " out of " + spec.image(),
                        () -> docker.copyArchiveFromContainerCmd(id, path).exec());
                var tar = new TarArchiveInputStream(archive)) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            throw new ProviderException(
                    spec.image() + " has no file " + path + " (its io.openenv.manifest-path label)");
        } catch (IOException e) {
            throw new ProviderException("cannot read " + path + " of " + spec.image() + ": " + e.getMessage(), e);
        } finally {
            run(
                    "remove container " + id,
                    () -> docker.removeContainerCmd(id).withForce(true).exec());
        }
    }

    /** The host configuration of a replica: host networking, the limits, then the {@link Spec}'s changes. */
    HostConfig hostConfig() {
        var resources = plan().resources();
        Double cpus = spec.cpus() != null ? spec.cpus() : resources.cpus();
        Long memory = spec.memoryBytes() != null ? spec.memoryBytes() : resources.memoryBytes();
        var config = (spec.systemPathsUnconfined() ? new UnconfinedPathsHostConfig() : HostConfig.newHostConfig())
                .withNetworkMode("host")
                .withInit(false);
        if (cpus != null) {
            config.withNanoCPUs(Math.round(cpus * 1e9));
        }
        if (memory != null) {
            config.withMemory(memory).withMemorySwap(memory);
        }
        spec.hostConfig().accept(config);
        return config;
    }

    /**
     * A host configuration with empty {@code MaskedPaths} and {@code ReadonlyPaths}, which the Engine API has (since
     * 1.40) and docker-java 3.7's {@link HostConfig} does not; docker-java serializes the object it is given, so the
     * two fields go to the daemon with the rest.
     */
    static final class UnconfinedPathsHostConfig extends HostConfig {
        private static final long serialVersionUID = 1L;

        @JsonProperty("MaskedPaths")
        public List<String> getMaskedPaths() {
            return List.of();
        }

        @JsonProperty("ReadonlyPaths")
        public List<String> getReadonlyPaths() {
            return List.of();
        }
    }

    /** The command of a replica: the image's own {@code server} with the {@link Spec}'s arguments and drain. */
    List<String> command() {
        var command = new ArrayList<String>();
        command.addAll(spec.args());
        if (spec.drainSeconds() > 0 && plan().builtIn()) {
            command.add("--drain-seconds");
            command.add(String.valueOf(spec.drainSeconds()));
        }
        if (command.isEmpty()) {
            return List.of();
        }
        command.addFirst("server");
        return command;
    }

    @Override
    public synchronized void scale(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be at least 0: " + replicas);
        }
        while (running.size() < replicas) {
            running.add(launch());
        }
        if (running.size() > replicas) {
            var leaving = new ArrayList<>(running.subList(replicas, running.size()));
            running.subList(replicas, running.size()).clear();
            end(docker, leaving.stream().map(Replica::id).toList(), spec.drainSeconds());
        }
    }

    private Replica launch() {
        var config = hostConfig();
        var command = command();
        int port = freePort();
        String name = spec.name() + "-" + port;
        var env = new LinkedHashMap<>(spec.env());
        env.put("PORT", String.valueOf(port));
        env.put("HOST", "127.0.0.1");
        env.put("MAX_CONCURRENT_ENVS", String.valueOf(spec.maxSessions()));
        var labels = Map.of(MANAGED_BY, MANAGER, GROUP, spec.name(), PORT_LABEL, String.valueOf(port));
        CreateContainerCmd create = docker.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels)
                .withEnv(env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList())
                .withHostConfig(config);
        if (!command.isEmpty()) {
            create.withCmd(command);
        }
        var created = call("create container " + name + " from " + spec.image(), create::exec);
        for (String warning : created.getWarnings() == null ? new String[0] : created.getWarnings()) {
            System.getLogger(DockerProvider.class.getName())
                    .log(System.Logger.Level.WARNING, "Docker on container " + name + ": " + warning);
        }
        try {
            run(
                    "start container " + name,
                    () -> docker.startContainerCmd(created.getId()).exec());
        } catch (ProviderException e) {
            run(
                    "remove container " + name,
                    () -> docker.removeContainerCmd(created.getId())
                            .withForce(true)
                            .exec());
            throw e;
        }
        return new Replica(created.getId(), name, port, URI.create("http://127.0.0.1:" + port));
    }

    private final Set<Integer> ports = new HashSet<>();

    /** A free port on 127.0.0.1, not one this provider gave out before (a closed probe's port can come back). */
    private int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (ports.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new ProviderException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
            }
        }
        throw new ProviderException("cannot find a free port on 127.0.0.1 that was not used before");
    }

    /**
     * Waits until every replica's {@code GET /health} answers 200 on 127.0.0.1.
     *
     * @throws ProviderException when one exits first (its exit code, whether the kernel killed it for memory, and
     *     the end of its output) or is not healthy in time
     */
    @Override
    public void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Replica replica : snapshot()) {
            while (!HealthCheck.answers(replica.url)) {
                var state = call(
                                "inspect container " + replica.name,
                                () -> docker.inspectContainerCmd(replica.id).exec())
                        .getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    throw new ProviderException("replica " + replica.name + " (" + replica.url + ") exited with "
                            + state.getExitCodeLong()
                            + (Boolean.TRUE.equals(state.getOOMKilled())
                                    ? " (killed by the kernel: out of memory; raise the memory limit)"
                                    : "")
                            + "; its output: " + logs(replica.id));
                }
                if (System.nanoTime() > deadline) {
                    throw new ProviderException("replica " + replica.name + " (" + replica.url + ") not healthy within "
                            + within + "; its output: " + logs(replica.id));
                }
                Thread.sleep(200);
            }
        }
    }

    /** The last 40 lines a container wrote. */
    private String logs(String id) throws InterruptedException {
        var out = new StringBuilder();
        var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            docker.logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(40)
                    .exec(callback)
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        synchronized (out) {
            return out.toString().strip();
        }
    }

    private synchronized List<Replica> snapshot() {
        return List.copyOf(running);
    }

    /** The first replica's URL (put {@code openenv4j place} in front of {@link #replicas()} for one URL over all). */
    @Override
    public URI url() {
        var all = snapshot();
        if (all.isEmpty()) {
            throw new IllegalStateException("no replica is running");
        }
        return all.getFirst().url;
    }

    @Override
    public List<URI> replicas() {
        return snapshot().stream().map(Replica::url).toList();
    }

    /** The ids of the containers that run the replicas now, in the order of {@link #replicas()}. */
    public List<String> containerIds() {
        return snapshot().stream().map(Replica::id).toList();
    }

    /**
     * Stops (SIGTERM, so a replica drains; SIGKILL after the drain plus 10 s) and removes every container of this
     * {@link Spec#name()}: this provider's and any an earlier run left. Idempotent.
     */
    @Override
    public synchronized void stop() {
        running.clear();
        removeAll(docker, spec.name(), spec.drainSeconds());
    }

    /**
     * Stops and removes every container labelled {@value #GROUP}={@code name} (for example what a run that died
     * left), giving each {@code drainSeconds} plus 10 s after SIGTERM.
     *
     * @return how many were removed
     */
    public static int removeAll(DockerClient docker, String name, int drainSeconds) {
        var ids = containersOf(docker, name).stream().map(Container::getId).toList();
        end(docker, ids, drainSeconds);
        return ids.size();
    }

    /** The containers labelled {@value #GROUP}={@code name}, running or not. */
    public static List<Container> containersOf(DockerClient docker, String name) {
        return call(
                "list containers labelled " + GROUP + "=" + name,
                () -> docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(GROUP, name))
                        .exec());
    }

    /** SIGTERM to each (together), then wait for them to exit, SIGKILL at the deadline, then remove them. */
    private static void end(DockerClient docker, List<String> ids, int drainSeconds) {
        if (ids.isEmpty()) {
            return;
        }
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var ends = new ArrayList<Future<?>>();
            for (String id : ids) {
                ends.add(threads.submit(() -> {
                    endOne(docker, id, drainSeconds);
                    return null;
                }));
            }
            for (var end : ends) {
                try {
                    end.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new ProviderException(e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException("interrupted while stopping containers", e);
                }
            }
        }
    }

    private static void endOne(DockerClient docker, String id, int drainSeconds) throws InterruptedException {
        try {
            signal(docker, id, "TERM");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds + 10L);
            while (running(docker, id)) {
                if (System.nanoTime() > deadline) {
                    signal(docker, id, "KILL");
                    break;
                }
                Thread.sleep(100);
            }
            run(
                    "remove container " + id,
                    () -> docker.removeContainerCmd(id).withForce(true).exec());
        } catch (ProviderException e) {
            if (!(e.getCause() instanceof NotFoundException)) {
                throw e;
            }
            // removed by someone else meanwhile: nothing left to do
        }
    }

    private static void signal(DockerClient docker, String id, String signal) {
        try {
            docker.killContainerCmd(id).withSignal(signal).exec();
        } catch (DockerException e) {
            if (e.getHttpStatus() != 409 && !(e instanceof NotModifiedException)) { // 409: not running any more
                throw translate("send SIG" + signal + " to container " + id, e);
            }
        } catch (RuntimeException e) {
            throw translate("send SIG" + signal + " to container " + id, e);
        }
    }

    private static boolean running(DockerClient docker, String id) {
        InspectContainerResponse inspect = call(
                "inspect container " + id, () -> docker.inspectContainerCmd(id).exec());
        return Boolean.TRUE.equals(inspect.getState().getRunning());
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    /** A daemon's refusal, with its own message; a daemon that cannot be reached, with the socket's error. */
    static ProviderException translate(String what, RuntimeException e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof DockerException d) {
            return new ProviderException(
                    "Docker refused to " + what + " (HTTP " + d.getHttpStatus() + "): " + daemonMessage(d), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return new ProviderException(
                        "cannot reach the Docker daemon to " + what + " (is it running, and does"
                                + " DOCKER_HOST name its socket?): " + io,
                        e);
            }
        }
        return new ProviderException("Docker: cannot " + what + ": " + e, e);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The daemon's {@code {"message": ...}} (docker-java puts the reply's body in its message), else that message. */
    static String daemonMessage(DockerException e) {
        String text = Objects.requireNonNullElse(e.getMessage(), "").strip();
        int body = text.indexOf('{');
        if (body >= 0) {
            try {
                var message = JSON.readTree(text.substring(body)).path("message");
                if (message.isString()) {
                    return message.asString();
                }
            } catch (JacksonException notJson) {
                // not the daemon's JSON: quote it whole
            }
        }
        return text;
    }

    private static void run(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }
}
