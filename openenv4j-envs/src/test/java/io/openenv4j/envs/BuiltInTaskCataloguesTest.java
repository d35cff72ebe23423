package io.openenv4j.envs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.TaskCatalogue;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.apitools.ApiToolsEnvironment;
import io.openenv4j.envs.browser.BrowserEnvironment;
import io.openenv4j.envs.code.CodeEnvironment;
import io.openenv4j.envs.qa.QaEnvironment;
import io.openenv4j.envs.terminal.TerminalEnvironment;
import io.openenv4j.envs.terminal.TerminalToolEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in environments that play tasks offer them on the task API and play task {@code index} on reset. */
class BuiltInTaskCataloguesTest {

    @Test
    void everyTaskPlayingBuiltInOffersACatalogueAndTheOthersNone() {
        for (var entry : Environments.load().definitions()) {
            if (entry.name().equals(io.openenv4j.envs.mcpbridge.McpBridgeEnvironment.NAME)) {
                continue; // needs an MCP server to bridge; plays no tasks
            }
            boolean plays = java.util.Set.of("qa", "code", "terminal", "terminal-tools", "apitools", "browser")
                    .contains(entry.name());
            assertThat(entry.spec().tasks() != null).as(entry.name()).isEqualTo(plays);
        }
    }

    @Test
    void codeTasksShowTheProblemAndResetWithIndexPlaysIt() throws Exception {
        TaskCatalogue tasks = CodeEnvironment.spec().tasks();
        assertThat(tasks.splits()).containsExactly("train");
        Map<String, Object> second = tasks.task("train", 1);
        assertThat(second).containsOnlyKeys("id", "split", "index", "prompt", "metadata");
        try (var env = CodeEnvironment.spec().factory().create()) {
            var step = env.reset(new ResetRequest(null, null, Map.of("split", "train", "index", 1)));
            assertThat(env.state().task()).isEqualTo(second.get("id"));
            assertThat(step.observation().prompt()).contains((String) second.get("prompt"));
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("index", 1, "task", "fizzbuzz"))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("both name a task");
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("split", "test", "index", 0))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("'split' must be 'train'");
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("index", tasks.count("train")))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("'index' must be within");
        }
    }

    @Test
    void terminalTasksAreTheSameForTheTerminalAndItsToolFlavour() throws Exception {
        TaskCatalogue tasks = TerminalEnvironment.spec().tasks();
        assertThat(TerminalToolEnvironment.spec().tasks().tasks("train")).isEqualTo(tasks.tasks("train"));
        long last = tasks.count("train") - 1;
        try (var env = TerminalEnvironment.spec().factory().create()) {
            env.reset(new ResetRequest(null, null, Map.of("index", last)));
            assertThat(env.state().task()).isEqualTo(tasks.task("train", last).get("id"));
        }
    }

    @Test
    void seededTasksAreTheTasksOfTheirSeed() throws Exception {
        TaskCatalogue tasks = ApiToolsEnvironment.spec().tasks();
        assertThat(tasks.count("train")).isEqualTo(BuiltInTasks.SEEDED);
        try (var byIndex = ApiToolsEnvironment.spec().factory().create();
                var bySeed = ApiToolsEnvironment.spec().factory().create()) {
            byIndex.reset(new ResetRequest(null, null, Map.of("split", "train", "index", 7)));
            bySeed.reset(new ResetRequest(7L, null, Map.of()));
            assertThat(byIndex.state().instruction())
                    .isEqualTo(bySeed.state().instruction())
                    .isEqualTo(tasks.task("train", 7).get("prompt"));
            assertThat(tasks.task("train", 7).get("metadata"))
                    .isEqualTo(Map.of(
                            "kind",
                            bySeed.state().task(),
                            "parameters",
                            bySeed.state().parameters()));
        }
        assertThat(BrowserEnvironment.spec().tasks().range("train", 0L, 3L))
                .extracting(task -> task.get("id"))
                .containsExactly("seed-0", "seed-1", "seed-2");
    }

    @Test
    void qaOffersItsDatasetWithoutTheAnswers() {
        EnvSpec<?, ?, ?> qa = QaEnvironment.spec();
        String split = qa.tasks().splits().getFirst();
        assertThat(qa.tasks().task(split, 0)).containsOnlyKeys("id", "split", "index", "prompt", "metadata");
    }
}
