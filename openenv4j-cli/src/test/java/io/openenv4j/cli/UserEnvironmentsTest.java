package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.EnvironmentProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments of --classpath next to the built-ins: listed, served, validated; a broken provider is named with
 * what is wrong and the other environments stay available. The class path here is a folder with a services file
 * naming providers of this test (and one that does not exist).
 */
class UserEnvironmentsTest {

    @TempDir
    Path dir;

    private final ClassLoader before = Thread.currentThread().getContextClassLoader();

    @AfterEach
    void restoreContextLoader() {
        Thread.currentThread().setContextClassLoader(before);
    }

    record Move(int by) {}

    record Total(int total) {}

    /** Adds up moves; the episode ends at 3. */
    public static final class Adder implements Environment<Move, Total, BasicState> {
        private int total;
        private long steps;

        @Override
        public Step<Total> reset(ResetRequest request) {
            total = 0;
            steps = 0;
            return Step.of(new Total(0), 0.0, false);
        }

        @Override
        public Step<Total> step(Move action) {
            total += action.by();
            steps++;
            return Step.of(new Total(total), total >= 3 ? 1.0 : 0.0, total >= 3);
        }

        @Override
        public BasicState state() {
            return new BasicState("adder", steps);
        }
    }

    public static final class AdderProvider implements EnvironmentProvider {
        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of(
                    EnvironmentDefinition.named("adder")
                            .description("Adds up moves to 3.")
                            .actionExample("{\"by\":1}")
                            .spec(() -> EnvSpec.of(
                                    EnvironmentMetadata.of("adder", "Adds up moves."),
                                    Move.class,
                                    Total.class,
                                    BasicState.class,
                                    Adder::new))
                            .build(),
                    EnvironmentDefinition.named("adder-broken")
                            .description("Cannot be made.")
                            .spec(() -> {
                                throw new IllegalStateException("weights file missing");
                            })
                            .build());
        }
    }

    /** Takes a built-in's name. */
    public static final class EchoThief implements EnvironmentProvider {
        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of(EnvironmentDefinition.named("echo")
                    .description("Not the real echo.")
                    .spec(() -> {
                        throw new AssertionError("never made");
                    })
                    .build());
        }
    }

    private String classpath(String... providers) throws Exception {
        Path services = dir.resolve("META-INF/services/" + EnvironmentProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", providers) + "\n");
        return dir.toString();
    }

    @Test
    void envsListsTheClassPathsEnvironmentsAfterTheBuiltInsAndNamesBrokenProviders() throws Exception {
        CliRun run = CliRun.run(
                "envs",
                "--classpath",
                classpath("com.example.Missing", AdderProvider.class.getName(), EchoThief.class.getName()));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Echoes messages back").doesNotContain("Not the real echo");
        assertThat(run.out().indexOf("gridworld@openenv")).isLessThan(run.out().indexOf("adder "));
        assertThat(run.out()).contains("Adds up moves to 3.").contains("action: {\"by\":1}");
        assertThat(run.err())
                .contains("environment provider com.example.Missing: ")
                .contains("not found")
                .contains("environment provider " + EchoThief.class.getName()
                        + ": environment 'echo' is already registered by"
                        + " io.openenv4j.envs.BuiltInEnvironments; this one is left out")
                .doesNotContain("\tat ");
    }

    @Test
    void servingAnEnvironmentWhoseSpecFailsNamesItsProviderWithoutAStackTrace() throws Exception {
        CliRun run = CliRun.run(
                "serve", "adder-broken", "--port", "0", "--classpath", classpath(AdderProvider.class.getName()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("Cannot serve 'adder-broken'")
                .contains("provider " + AdderProvider.class.getName())
                .contains("weights file missing")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownEnvironmentListsTheClassPathsToo() throws Exception {
        CliRun run = CliRun.run("serve", "nope", "--classpath", classpath(AdderProvider.class.getName()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Unknown environment 'nope'")
                .contains("echo, bench")
                .contains("adder, adder-broken");
    }

    @Test
    void aClassPathEntryThatDoesNotExistIsAClearError() {
        CliRun run = CliRun.run(
                "envs", "--classpath", dir.resolve("target/missing.jar").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--classpath: no file or folder").contains("missing.jar");
    }

    @Test
    void aClassPathEnvironmentIsValidatedInProcessByName() throws Exception {
        CliRun run =
                CliRun.run("validate", "adder", "--quiet", "--classpath", classpath(AdderProvider.class.getName()));

        assertThat(run.out()).contains("adder:");
        assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
        assertThat(run.err()).doesNotContain("Unsupported target");
    }

    @Test
    void benchTakesItsOptionsByNameAndRefusesUnknownOnes() {
        CliRun unknown = CliRun.run("serve", "bench", "--port", "0", "--option", "colour=red");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("environment 'bench' has no option 'colour'; its options: delay_ms, payload_bytes");

        CliRun refused = CliRun.run("serve", "bench", "--port", "0", "--payload-bytes", "-1");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("Invalid configuration: payloadBytes must be within");
    }
}
