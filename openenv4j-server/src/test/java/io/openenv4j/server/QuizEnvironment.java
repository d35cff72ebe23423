package io.openenv4j.server;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.rewards.Matching;
import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.Rubrics;
import io.openenv4j.rewards.Selector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool test environment with a hidden answer: {@code answer(text)} says only "right" or "wrong", {@code
 * hint()} gives the answer's length. The episode ends on the right answer or after three answers. Its own
 * reward is always 0; the answer is in its {@link Outcome} only, so a test can scan every agent-facing
 * frame for {@link #SECRET}.
 */
final class QuizEnvironment implements ToolEnvironment<BasicState>, OutcomeReporting {

    static final String SECRET = "xylophone";
    /** 1 when the last answer equals the hidden one. */
    static final Rubric RUBRIC = Rubrics.exactMatch(
            "quiz-correct",
            Selector.path("last.action.arguments.text"),
            Selector.path("outcome.final_state.answer"),
            Matching.EXACT);

    private final Toolbox toolbox = Toolbox.builder()
            .tool(
                    new Tool(
                            "answer",
                            "Answers the quiz.",
                            Map.of(
                                    "type",
                                    "object",
                                    "properties",
                                    Map.of("text", Map.of("type", "string")),
                                    "required",
                                    List.of("text"))),
                    args -> answer(String.valueOf(args.get("text"))))
            .tool(new Tool("hint", "The answer's length.", null), args -> SECRET.length())
            .build();
    private BasicState state = new BasicState(null, 0);
    private Long seed;
    private int answers;
    private boolean solved;

    static EnvSpec<ToolAction, ToolObservation, BasicState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of("quiz", "Guess the hidden word."),
                ToolAction.class,
                ToolObservation.class,
                BasicState.class,
                QuizEnvironment::new);
    }

    private String answer(String text) {
        answers++;
        solved = SECRET.equals(text);
        return solved ? "right" : "wrong";
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(request.episodeIdIfPresent().orElse("quiz"), 0);
        seed = request.seedIfPresent().isPresent() ? request.seedIfPresent().getAsLong() : null;
        answers = 0;
        solved = false;
        return Step.of(new ToolObservation.Ready(), 0.0, false);
    }

    @Override
    public Step<ToolObservation> step(ToolAction action) {
        state = new BasicState(state.episodeId(), state.stepCount() + 1);
        ToolObservation observation = dispatch(action);
        return Step.of(observation, 0.0, solved || answers >= 3);
    }

    @Override
    public BasicState state() {
        return state;
    }

    @Override
    public Optional<Outcome> outcome() {
        if (state.episodeId() == null) {
            return Optional.empty();
        }
        return Optional.of(Outcome.of(
                "quiz:" + SECRET.length(), seed, solved || answers >= 3, Map.of("answer", SECRET, "answers", answers)));
    }

    @Override
    public List<Tool> tools() {
        return toolbox.tools();
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        return toolbox.call(name, arguments);
    }
}
