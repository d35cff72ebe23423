package io.openenv4j.validate;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.validate.internal.Validations;
import java.util.function.Supplier;

/**
 * Validates OpenEnv environments (RFC 008): protocol conformance (including both {@code /mcp} surfaces),
 * runtime behaviour (timeouts honoured, resource use per episode), semantic and statistical checks, for any
 * server by URL or for an environment in process with its oracle.
 *
 * <pre>{@code
 * Report report = Validator.validateEnvironment(WordleEnvironment.spec(), WordleOracle::new, ValidationOptions.defaults());
 * Files.writeString(Path.of("report.html"), report.toHtml());
 * }</pre>
 *
 * <p>Outcomes are values: failed checks are results, never exceptions. Thread-safety: stateless; each
 * call validates independently (an in-process validation serves the environment on loopback port 0).
 */
public final class Validator {

    private Validator() {}

    /**
     * Validates a running server at {@code baseUrl} at every level, over the wire: semantic and statistical
     * episodes are played over {@code /ws} with random actions from the served action schema, the no-op
     * action and the oracle the target declares ({@link ValidationOptions#wireOracle()}); checks that need
     * an oracle are skipped when there is none.
     *
     * @throws UnsupportedTargetException when nothing OpenEnv-like answers at the URL
     */
    public static Report validateUrl(String baseUrl, ValidationOptions options) {
        return Validations.url(baseUrl, options);
    }

    /**
     * Validates an environment in process, at every level.
     *
     * @param oracle makes a fresh oracle for each episode, or null when the environment has none (checks
     *     that need it are skipped)
     */
    public static <A, O, S> Report validateEnvironment(
            EnvSpec<A, O, S> spec, Supplier<? extends Policy<A, O, S>> oracle, ValidationOptions options) {
        return Validations.environment(spec, oracle, options);
    }
}
