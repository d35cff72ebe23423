package io.openenv4j.core.spi;

import java.util.List;

/**
 * Registers environments with OpenEnv4j: {@code openenv4j envs} lists them, {@code openenv4j serve <name>} serves
 * them and {@code openenv4j validate <name>} checks them. Found with {@link java.util.ServiceLoader}: a jar names its
 * providers, one class name a line, in {@code META-INF/services/io.openenv4j.core.spi.EnvironmentProvider}; every
 * built-in environment is registered this way too.
 *
 * <p>Implementations have a public no-argument constructor, and their {@link #environments()} is cheap: it
 * describes environments without making them (a definition makes its spec only when asked). A provider that
 * fails (a class missing, a constructor or {@code environments()} throwing, a definition whose name another
 * provider already took) is reported by {@link Environments} with its class name and left out; the other
 * providers' environments stay available.
 *
 * <pre>{@code
 * public final class CounterProvider implements EnvironmentProvider {
 *     public List<EnvironmentDefinition> environments() {
 *         return List.of(EnvironmentDefinition.named("counter")
 *                 .description("Count up to a target.")
 *                 .actionExample("{\"increment\":1}")
 *                 .spec(CounterEnvironment::spec)
 *                 .oracle(CounterOracle::new)
 *                 .build());
 *     }
 * }
 * }</pre>
 */
public interface EnvironmentProvider {

    /** The environments this provider registers, in the order {@code openenv4j envs} lists them. */
    List<EnvironmentDefinition> environments();
}
