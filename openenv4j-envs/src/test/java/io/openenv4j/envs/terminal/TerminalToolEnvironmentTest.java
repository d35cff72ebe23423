package io.openenv4j.envs.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.envs.terminal.TerminalToolEnvironment.ToolState;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TerminalToolEnvironmentTest extends EnvironmentContract<ToolAction, ToolObservation, ToolState> {

    private final TerminalToolEnvironment env = new TerminalToolEnvironment();

    @AfterEach
    void closeEnv() {
        env.close();
    }

    @Override
    protected EnvSpec<ToolAction, ToolObservation, ToolState> spec() {
        return TerminalToolEnvironment.spec();
    }

    @Override
    protected List<ToolAction> script() {
        return List.of(
                ToolAction.listTools(),
                ToolAction.callTool("run_command", Map.of("command", "ls")),
                ToolAction.callTool("describe_task", Map.of()));
    }

    @Override
    protected io.openenv4j.core.Policy<ToolAction, ToolObservation, ToolState> oracle() {
        return new TerminalToolOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    @Test
    void theToolsAreListed() {
        assertThat(env.tools())
                .extracting(tool -> tool.name())
                .containsExactlyInAnyOrder("run_command", "read_file", "write_file", "describe_task");
    }

    @Test
    void writingTheAnswerThroughTheToolsSolvesTheTask() {
        env.reset(new ResetRequest(1L, null, Map.of("task", "hello_dir")));
        Step<ToolObservation> step = env.step(
                ToolAction.callTool("write_file", Map.of("path", "out/hello.txt", "content", "hello world\n")));
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isTrue();
    }

    @Test
    void runCommandKeepsTheShellAndReadFileSeesItsWork() throws Exception {
        env.reset(new ResetRequest(null, null, Map.of("task", "none")));
        var result = env.callTool("run_command", Map.of("command", "mkdir d && cd d && echo made > f.txt && pwd"));
        assertThat(result.isError()).isFalse();
        assertThat(result.data())
                .isEqualTo(Map.of(
                        "stdout",
                        "/work/d\n",
                        "stderr",
                        "",
                        "exit_code",
                        0,
                        "stdout_truncated",
                        false,
                        "stderr_truncated",
                        false,
                        "elapsed_ms",
                        ((Map<?, ?>) result.data()).get("elapsed_ms"),
                        "timed_out",
                        false,
                        "shell_restarted",
                        false));
        assertThat(env.callTool("read_file", Map.of("path", "d/f.txt")).data()).isEqualTo("made\n");
        assertThat(env.callTool("run_command", Map.of("command", "pwd")).text()).contains("/work/d");
    }

    @Test
    void readingOutsideTheSandboxSeesOnlyTheSandbox() throws Exception {
        env.reset(new ResetRequest(null, null, Map.of("task", "none")));
        env.callTool("run_command", Map.of("command", "ln -s /root/.bashrc link"));
        var viaLink = env.callTool("read_file", Map.of("path", "link"));
        assertThat(viaLink.isError()).isTrue();
        assertThat(viaLink.text()).contains("No such file");
        var shadow = env.callTool("read_file", Map.of("path", "/etc/shadow"));
        assertThat(shadow.isError()).isTrue();
        assertThat(env.callTool("write_file", Map.of("path", "/etc/evil", "content", "x"))
                        .text())
                .contains("Read-only");
    }

    @Test
    void toolCallsBeforeResetGetAFreeTerminal() throws Exception {
        assertThat(env.callTool("run_command", Map.of("command", "echo ok")).text())
                .contains("ok");
    }
}
