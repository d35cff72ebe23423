package io.openenv4j.server;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.EnvironmentProviderException;
import io.openenv4j.core.spi.Environments;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Serves an environment from a program's own {@code main}: what a jar with its environments (and OpenEnv4j's
 * server on its class path) needs to run on its own, as a container image's command does.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Launcher.main(args);            // or Launcher.serve("counter", args)
 * }
 * }</pre>
 *
 * <p>The environment is the one named in {@code OPENENV_ENV} or as the first argument, else the only one the
 * {@link io.openenv4j.core.spi.EnvironmentProvider}s on the class path register. Configuration comes from the
 * variables {@link ServerConfig#fromEnvironment} reads ({@code PORT}, {@code HOST}, {@code MAX_CONCURRENT_ENVS},
 * {@code OPENENV_*}); {@code --port N} and {@code --host ADDRESS} override them. With neither, it serves on
 * {@code 0.0.0.0:8000}. SIGTERM (or Ctrl+C) closes every session and environment and exits.
 */
public final class Launcher {

    private Launcher() {}

    /** Serves the environment the arguments or {@code OPENENV_ENV} name, or the only one found; exits 2 on a bad setup. */
    public static void main(String[] args) {
        String name = System.getenv("OPENENV_ENV");
        String[] rest = args;
        if (args.length > 0 && !args[0].startsWith("--")) {
            name = args[0];
            rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        System.exit(run(name, rest, System.getenv(), System.out, System.err));
    }

    /** Serves the environment {@code name} found on the class path until SIGTERM; exits 2 on a bad setup. */
    public static void serve(String name, String... args) {
        System.exit(run(name, args, System.getenv(), System.out, System.err));
    }

    /**
     * Serves {@code name} (or the only environment found, when {@code null}) until the process is stopped, and
     * returns the exit code: 0 after a stop, 1 when the server cannot start, 2 for a bad setup (unknown
     * environment, bad arguments or variables, a broken provider); problems are written to {@code err}.
     */
    static int run(String name, String[] args, Map<String, String> variables, PrintStream out, PrintStream err) {
        Environments environments = Environments.load(
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader()
                        : Launcher.class.getClassLoader());
        environments.problems().forEach(problem -> err.println("openenv4j: " + problem + " (left out)"));
        EnvSpec<?, ?, ?> spec;
        ServerConfig config;
        EnvironmentDefinition definition;
        try {
            if (name == null || name.isBlank()) {
                if (environments.definitions().size() != 1) {
                    throw new IllegalArgumentException(
                            "name the environment to serve (first argument or OPENENV_ENV);" + " environments found: "
                                    + (environments.definitions().isEmpty()
                                            ? "none"
                                            : String.join(", ", environments.names())));
                }
                definition = environments.definitions().getFirst();
            } else {
                definition = environments.require(name);
            }
            config = config(args, ServerConfig.fromEnvironment(variables));
            spec = definition.spec();
        } catch (IllegalArgumentException | EnvironmentProviderException e) {
            err.println("openenv4j: " + e.getMessage());
            return 2;
        }
        try {
            serveUntilStopped(spec, config, Observability.fromEnvironment(variables), baseUrl -> {
                out.println(servingLine(definition.name(), baseUrl));
                out.flush();
            });
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            err.println("openenv4j: cannot serve '" + definition.name() + "': " + e.getMessage());
            return 1;
        }
    }

    /**
     * Starts a server for {@code spec}, hands its base URL to {@code started}, and blocks until the process is
     * stopped (SIGTERM, Ctrl+C), when a shutdown hook closes the server (sessions get close code 1001).
     */
    public static void serveUntilStopped(
            EnvSpec<?, ?, ?> spec,
            ServerConfig config,
            Observability observability,
            java.util.function.Consumer<String> started)
            throws Exception {
        serveUntilStopped(spec, config, observability, java.time.Duration.ZERO, started);
    }

    /**
     * As {@link #serveUntilStopped(EnvSpec, ServerConfig, Observability, java.util.function.Consumer)}, draining first
     * when stopped: for up to {@code drain} no new sessions are taken ({@code GET /capacity} says draining) while open
     * ones run on, then the server closes.
     */
    public static void serveUntilStopped(
            EnvSpec<?, ?, ?> spec,
            ServerConfig config,
            Observability observability,
            java.time.Duration drain,
            java.util.function.Consumer<String> started)
            throws Exception {
        EnvServer server = EnvServer.create(spec, config, observability).start();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (drain.isPositive()) {
                                try {
                                    server.drain(drain);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            server.close();
                            stopped.countDown();
                        },
                        "openenv4j-shutdown"));
        exitZeroOnTerm();
        started.accept(server.baseUrl());
        stopped.await();
    }

    /**
     * SIGTERM (docker stop, Kubernetes, a Space restarting) is the ordinary way a container is asked to stop: the
     * server closes as on Ctrl+C (the shutdown hook: no new connections, sessions closed with 1001, environments
     * closed) and the process exits 0 rather than the JVM's default 143, so supervisors record a clean stop.
     */
    private static void exitZeroOnTerm() {
        try {
            onSignal("TERM", () -> System.exit(0));
        } catch (IllegalArgumentException unsupported) {
            // No SIGTERM on this platform (or the JVM reserves it, -Xrs): the default handling stays.
        }
    }

    /**
     * Installs {@code action} as the handler of the named signal through {@code sun.misc.Signal} (jdk.unsupported,
     * the JDK's only signal API), reached reflectively so that the build's {@code -Werror} does not stop at javac's
     * unsuppressible "internal proprietary API" warning.
     *
     * @throws IllegalArgumentException when the platform has no such signal or the JVM reserves it
     */
    private static void onSignal(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(
                    handlerType.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "SignalHandler(" + name + ")";
                    });
            signal.getMethod("handle", signal, handlerType)
                    .invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException unsupported) {
                throw unsupported;
            }
            throw new IllegalStateException("cannot handle SIG" + name, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIG" + name, e);
        }
    }

    /** What a started server says: where it listens, over HTTP and WebSocket. */
    public static String servingLine(String name, String baseUrl) {
        return "Serving '" + name + "' at " + baseUrl + " (WebSocket " + baseUrl.replaceFirst("^http", "ws")
                + "/ws). Press Ctrl+C to stop.";
    }

    private static ServerConfig config(String[] args, ServerConfig config) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--port") || arg.equals("--host")) && i + 1 < args.length) {
                String value = args[++i];
                if (arg.equals("--port")) {
                    try {
                        config = config.withPort(Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port takes a number, not '" + value + "'");
                    }
                } else {
                    config = config.withHost(value);
                }
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; the launcher takes [ENV] [--port N]"
                        + " [--host ADDRESS] and the variables PORT, HOST, MAX_CONCURRENT_ENVS, OPENENV_*");
            }
        }
        return config;
    }
}
