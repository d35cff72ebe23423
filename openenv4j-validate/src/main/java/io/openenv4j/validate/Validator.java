package io.openenv4j.validate;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.validate.internal.Validations;
import java.util.function.Supplier;

/**
 * Validates OpenEnv environments (RFC 008): protocol conformance and runtime behaviour over the wire for
 * any server, plus semantic and statistical checks for an environment in process with its oracle.
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
     * Validates a running server at {@code baseUrl} (protocol and runtime levels; semantic and statistical
     * checks are reported as skipped).
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
    public static <A, O, S> Report validateEnvironment(EnvSpec<A, O, S> spec,
                                                       Supplier<? extends Policy<A, O, S>> oracle,
                                                       ValidationOptions options) {
        return Validations.environment(spec, oracle, options);
    }
}
