package io.openenv4j.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Providers found through ServiceLoader, and what happens when one is broken: the others stay available. */
class EnvironmentsTest {

    @TempDir
    Path dir;

    record Move(int by) {}

    record Seen(int total) {}

    /** A minimal environment for the providers below. */
    static final class Tiny implements Environment<Move, Seen, BasicState> {
        private int total;

        @Override
        public Step<Seen> reset(ResetRequest request) {
            total = 0;
            return Step.of(new Seen(0), 0.0, false);
        }

        @Override
        public Step<Seen> step(Move action) {
            total += action.by();
            return Step.of(new Seen(total), 0.0, false);
        }

        @Override
        public BasicState state() {
            return new BasicState(null, 0);
        }
    }

    static EnvSpec<Move, Seen, BasicState> tinySpec(String name) {
        return EnvSpec.of(
                EnvironmentMetadata.of(name, "a test environment"),
                Move.class,
                Seen.class,
                BasicState.class,
                Tiny::new);
    }

    public static final class Good implements EnvironmentProvider {
        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of(
                    EnvironmentDefinition.named("tiny")
                            .description("Adds up moves.")
                            .actionExample("{\"by\":1}")
                            .spec(() -> tinySpec("tiny"))
                            .build(),
                    EnvironmentDefinition.named("tiny-options")
                            .description("Adds up moves, sized.")
                            .option("size", "how big", "3")
                            .spec(options -> {
                                int size = Integer.parseInt(options.get("size"));
                                if (size < 1) {
                                    throw new IllegalArgumentException("size must be at least 1");
                                }
                                return tinySpec("tiny-" + size);
                            })
                            .build());
        }
    }

    public static final class AlsoTiny implements EnvironmentProvider {
        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of(
                    EnvironmentDefinition.named("tiny")
                            .description("A second tiny.")
                            .spec(() -> tinySpec("other"))
                            .build(),
                    EnvironmentDefinition.named("other")
                            .description("Another.")
                            .spec(() -> tinySpec("other"))
                            .build());
        }
    }

    public static final class ThrowingConstructor implements EnvironmentProvider {
        public ThrowingConstructor() {
            throw new IllegalStateException("no licence file found");
        }

        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of();
        }
    }

    public static final class NoSpec implements EnvironmentProvider {
        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of(EnvironmentDefinition.named("nospec")
                    .description("Has no spec.")
                    .build());
        }
    }

    public static final class BrokenSpec implements EnvironmentProvider {
        @Override
        public List<EnvironmentDefinition> environments() {
            return List.of(
                    EnvironmentDefinition.named("broken")
                            .description("Its factory fails.")
                            .spec(() -> {
                                throw new IllegalStateException("model file missing");
                            })
                            .build(),
                    EnvironmentDefinition.named("null-spec")
                            .description("Its factory returns null.")
                            .spec(() -> null)
                            .build());
        }
    }

    private Environments load(String... providers) throws Exception {
        Path services = dir.resolve("META-INF/services/" + EnvironmentProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", providers) + "\n");
        try (var loader = new URLClassLoader(
                new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            return Environments.load(loader);
        }
    }

    @Test
    void environmentsOfEveryProviderAreFoundInServicesFileOrder() throws Exception {
        Environments environments = load(Good.class.getName(), AlsoTiny.class.getName());

        assertThat(environments.names()).containsExactly("tiny", "tiny-options", "other");
        assertThat(environments.require("tiny").provider()).isEqualTo(Good.class.getName());
        assertThat(environments.require("tiny").description()).isEqualTo("Adds up moves.");
        assertThat(environments.require("tiny").actionExample()).isEqualTo("{\"by\":1}");
        assertThat(environments.require("tiny").spec().metadata().name()).isEqualTo("tiny");
    }

    @Test
    void aDuplicateNameIsReportedWithBothProvidersAndTheFirstOneWins() throws Exception {
        Environments environments = load(Good.class.getName(), AlsoTiny.class.getName());

        assertThat(environments.require("tiny").description()).isEqualTo("Adds up moves.");
        assertThat(environments.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.provider()).isEqualTo(AlsoTiny.class.getName());
            assertThat(problem.toString()).contains("'tiny' is already registered by " + Good.class.getName());
        });
    }

    @Test
    void aMissingProviderClassIsNamedAndTheOtherProvidersStillLoad() throws Exception {
        Environments environments = load("com.example.NotThere", Good.class.getName());

        assertThat(environments.names()).containsExactly("tiny", "tiny-options");
        assertThat(environments.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.provider()).isEqualTo("com.example.NotThere");
            assertThat(problem.message()).contains("not found");
        });
    }

    @Test
    void aConstructorThatThrowsIsNamedWithItsCause() throws Exception {
        Environments environments = load(ThrowingConstructor.class.getName(), Good.class.getName());

        assertThat(environments.names()).containsExactly("tiny", "tiny-options");
        assertThat(environments.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.provider()).isEqualTo(ThrowingConstructor.class.getName());
            assertThat(problem.message()).contains("could not be instantiated").contains("no licence file found");
        });
    }

    @Test
    void aDefinitionWithoutSpecFailsItsProviderWithTheReason() throws Exception {
        Environments environments = load(NoSpec.class.getName(), Good.class.getName());

        assertThat(environments.names()).containsExactly("tiny", "tiny-options");
        assertThat(environments.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.provider()).isEqualTo(NoSpec.class.getName());
            assertThat(problem.message()).contains("environment 'nospec' has no spec");
        });
    }

    @Test
    void aSpecFactoryThatFailsNamesTheEnvironmentAndItsProviderWhenAsked() throws Exception {
        Environments environments = load(BrokenSpec.class.getName(), Good.class.getName());

        assertThat(environments.problems()).isEmpty();
        assertThatThrownBy(() -> environments.require("broken").spec())
                .isInstanceOf(EnvironmentProviderException.class)
                .hasMessageContaining("environment 'broken' (provider " + BrokenSpec.class.getName() + ")")
                .hasMessageContaining("model file missing");
        assertThatThrownBy(() -> environments.require("null-spec").spec())
                .isInstanceOf(EnvironmentProviderException.class)
                .hasMessageContaining("returned null");
        assertThat(environments.require("tiny").spec().metadata().name()).isEqualTo("tiny");
    }

    @Test
    void optionsTakeDefaultsAndUnknownOrRefusedValuesAreClearErrors() throws Exception {
        EnvironmentDefinition sized = load(Good.class.getName()).require("tiny-options");

        assertThat(sized.options())
                .extracting(EnvironmentDefinition.Option::name)
                .containsExactly("size");
        assertThat(sized.spec().metadata().name()).isEqualTo("tiny-3");
        assertThat(sized.spec(Map.of("size", "5")).metadata().name()).isEqualTo("tiny-5");
        assertThatThrownBy(() -> sized.spec(Map.of("colour", "red")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment 'tiny-options' has no option 'colour'; its options: size");
        assertThatThrownBy(() -> sized.spec(Map.of("size", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size must be at least 1");
    }

    @Test
    void anUnknownNameListsTheEnvironmentsFoundAndTheProblems() throws Exception {
        Environments environments = load("com.example.NotThere", Good.class.getName());

        assertThatThrownBy(() -> environments.require("counter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown environment 'counter'; environments found: tiny, tiny-options")
                .hasMessageContaining("environment provider com.example.NotThere");
    }

    @Test
    void namesThatCannotBeTypedAfterServeAreRefused() {
        assertThatThrownBy(() -> EnvironmentDefinition.named("my env"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my env'");
        assertThatThrownBy(() -> EnvironmentDefinition.named("")).isInstanceOf(IllegalArgumentException.class);
    }
}
