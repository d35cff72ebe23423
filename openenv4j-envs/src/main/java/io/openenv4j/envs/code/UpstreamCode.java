package io.openenv4j.envs.code;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.HashMap;

/**
 * {@code code@openenv}: our sandboxed Python interpreter in the shapes of the reference repository's {@code
 * coding_env} ({@code CodeAction}, {@code CodeObservation}, {@code CodeState}), so its {@code CodingEnv} client
 * (which builds the observation from every key it receives) runs code unchanged. The observation has exactly
 * {@code stdout}, {@code stderr} and {@code exit_code}; like the reference's, an episode is a free Python session
 * with no task and no reward (serve {@code code} for tasks; a step limit of {@code max_steps}, default 10000,
 * applies). A snippet that timed out or was refused
 * has exit code 1 and says why on stderr.
 */
public final class UpstreamCode
        extends Reshaped<
                CodeEnvironment.Action,
                CodeEnvironment.Observation,
                CodeEnvironment.CodeState,
                UpstreamCode.CodeAction,
                UpstreamCode.CodeObservation,
                UpstreamCode.CodeState> {

    public static final String NAME = CodeEnvironment.NAME + SUFFIX;
    static final long DEFAULT_MAX_STEPS = 10_000;

    @Description("Python code to run in the episode's interpreter.")
    public record CodeAction(
            @Description("Python statements; the interpreter keeps its state between steps") @Required
            String code) {}

    @Description("What the code printed and how it ended.")
    public record CodeObservation(
            @Description("What the code wrote to stdout, including a final expression's value")
            String stdout,

            @Description("What it wrote to stderr, including a traceback when it raised")
            String stderr,

            @Description("0 when it ran through, 1 when it raised, timed out or was refused")
            int exitCode) {}

    @Description("The session.")
    public record CodeState(
            String episodeId,
            long stepCount,

            @Description("The exit code of the last snippet")
            int lastExitCode) implements State {}

    private int lastExitCode;

    public UpstreamCode() {
        super(new CodeEnvironment());
    }

    public static EnvSpec<CodeAction, CodeObservation, CodeState> spec() {
        var inner = CodeEnvironment.spec();
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "A sandboxed Python session as the reference's coding_env shapes it"
                                        + " (CodingEnv client): code in, exactly stdout, stderr and exit_code out."),
                        CodeAction.class,
                        CodeObservation.class,
                        CodeState.class,
                        UpstreamCode::new)
                .withConcurrency(inner.concurrency())
                .withExecution(inner.execution());
    }

    @Override
    protected ResetRequest inwardReset(ResetRequest request) {
        if (request.options().containsKey("task")) {
            throw new EnvironmentException("reset option 'task' is not offered by " + NAME
                    + ", a free Python session like the reference's coding_env; serve 'code' to play tasks");
        }
        var options = new HashMap<>(request.options());
        options.put("task", "none");
        options.putIfAbsent("max_steps", DEFAULT_MAX_STEPS);
        return new ResetRequest(request.seed(), request.episodeId(), options);
    }

    @Override
    protected CodeEnvironment.Action inward(CodeAction action) {
        return CodeEnvironment.Action.python(action == null ? null : action.code());
    }

    @Override
    protected CodeObservation outward(Step<CodeEnvironment.Observation> step, boolean reset) {
        var observation = step.observation();
        if (reset) {
            lastExitCode = 0;
            return new CodeObservation("", "", 0);
        }
        String stderr = observation.stderr() == null ? "" : observation.stderr();
        if (observation.error() != null) {
            stderr = stderr + (stderr.isEmpty() ? "" : "\n") + observation.error();
        }
        if (observation.timedOut()) {
            stderr = stderr + (stderr.isEmpty() ? "" : "\n") + "timed out";
        }
        lastExitCode = observation.exitCode() != null ? observation.exitCode() : 1;
        return new CodeObservation(observation.stdout() == null ? "" : observation.stdout(), stderr, lastExitCode);
    }

    @Override
    protected CodeState outwardState(CodeEnvironment.CodeState state) {
        return new CodeState(state.episodeId(), state.stepCount(), lastExitCode);
    }
}
