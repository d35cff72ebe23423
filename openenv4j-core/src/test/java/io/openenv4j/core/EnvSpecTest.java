package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSpecTest {

    private static final EnvironmentFactory<String, String, Map<String, Object>> NO_FACTORY = () -> {
        throw new IllegalStateException("not called");
    };

    @SuppressWarnings("unchecked")
    private static EnvSpec<String, String, Map<String, Object>> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of("echo", "says it back"),
                String.class,
                String.class,
                (Class<Map<String, Object>>) (Class<?>) Map.class,
                NO_FACTORY);
    }

    @Test
    void aSpecServesConcurrentSessionsMayBlockAndPlaysNoTasksUnlessItSaysSo() {
        var spec = spec();
        assertThat(spec.concurrency()).isEqualTo(Concurrency.CONCURRENT_SESSIONS);
        assertThat(spec.execution()).isEqualTo(Execution.BLOCKING);
        assertThat(spec.tasks()).isNull();
        assertThat(spec.factoryName()).isEqualTo("echo");
        assertThat(spec.isToolEnvironment()).isFalse();
    }

    @Test
    void eachWitherChangesItsOwnComponentAndKeepsTheOthers() {
        TaskCatalogue none = new TaskCatalogue() {
            @Override
            public List<String> splits() {
                return List.of();
            }

            @Override
            public long count(String split) {
                throw new UnknownSplitException(split, splits());
            }

            @Override
            public Map<String, Object> task(String split, long index) {
                throw new UnknownSplitException(split, splits());
            }
        };
        var changed = spec().withConcurrency(Concurrency.SINGLE_SESSION)
                .withExecution(Execution.NON_BLOCKING)
                .withTasks(none)
                .withMetadata(EnvironmentMetadata.of("echo2", "again"));
        assertThat(changed.concurrency()).isEqualTo(Concurrency.SINGLE_SESSION);
        assertThat(changed.execution()).isEqualTo(Execution.NON_BLOCKING);
        assertThat(changed.tasks()).isSameAs(none);
        assertThat(changed.factoryName()).isEqualTo("echo2");
        assertThat(changed.factory()).isSameAs(NO_FACTORY);
        assertThat(changed.actionType()).isEqualTo(String.class);
        assertThat(changed.withTasks(null).tasks()).isNull();
        assertThat(changed.withTasks(null).execution()).isEqualTo(Execution.NON_BLOCKING);
    }

    @Test
    void aToolEnvironmentIsOneWhoseActionsAreToolActions() {
        var tools = new EnvSpec<>(
                EnvironmentMetadata.of("tools", "calls tools"),
                ToolAction.class,
                ToolObservation.class,
                String.class,
                () -> {
                    throw new IllegalStateException("not called");
                },
                Concurrency.SINGLE_SESSION);
        assertThat(tools.isToolEnvironment()).isTrue();
        assertThat(tools.execution()).isEqualTo(Execution.BLOCKING);
    }

    @Test
    void everyComponentButTheTaskCatalogueIsRequired() {
        var metadata = EnvironmentMetadata.of("echo", "says it back");
        assertThatThrownBy(() -> new EnvSpec<>(
                        metadata, String.class, String.class, String.class, null, Concurrency.SINGLE_SESSION))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("factory");
        assertThatThrownBy(() -> new EnvSpec<String, String, String>(
                        metadata,
                        String.class,
                        String.class,
                        String.class,
                        () -> null,
                        Concurrency.SINGLE_SESSION,
                        null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("execution");
        assertThatThrownBy(() -> new EnvSpec<String, String, String>(
                        null, String.class, String.class, String.class, () -> null, Concurrency.SINGLE_SESSION))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("metadata");
    }
}
