package io.openenv4j.envs.qa;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.rewards.Matching;
import io.openenv4j.rewards.RewardStream;
import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.Rubrics;
import io.openenv4j.rewards.Selector;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.rewards.Transition;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskBinding;
import io.openenv4j.tasks.TaskEnvironment;
import io.openenv4j.tasks.TaskSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Question answering over a dataset of word problems with numeric answers (grade-school math by default:
 * the bundled {@link QaDataset}). Each episode plays one task, chosen at reset by the {@link TaskBinding}
 * fields ({@code split}, {@code task_index}, {@code task_id}, {@code task_seed}, {@code task_position}, …);
 * the agent answers in free text and the final number in it is checked against the task's hidden answer.
 *
 * <p>Reward: {@code 1} for a correct answer (numerically within {@code 1e-6}, or the same text ignoring case
 * and surrounding spaces), else {@code 0}; the episode ends at the correct answer or when the attempts
 * (reset option {@code max_attempts}, 1 to 10, default 1) are used up. The answer is read from the text
 * after {@code ####} when there is one, else from the last number in the text ({@code "$1,200."} reads as
 * 1200). The expected answer comes from the hidden field {@code final_answer}, {@code answer}, {@code
 * solution} or {@code target} (the first present), also read after {@code ####}.
 *
 * <p>Neither observation nor state ever holds the expected answer, even after the episode: it is in the
 * {@link #outcome()} for scoring. Not thread-safe; the server gives each session its own instance.
 */
public final class QaEnvironment
        implements TaskEnvironment<QaEnvironment.Action, QaEnvironment.Observation, QaEnvironment.QaState>,
                OutcomeReporting {

    public static final String NAME = "qa";
    static final List<String> ANSWER_FIELDS = List.of("final_answer", "answer", "solution", "target");
    private static final Set<String> OPTIONS = Set.of("max_attempts");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");
    private static final String INSTRUCTIONS =
            "Solve the following problem. Think it through if you like, then end your"
                    + " reply with the final answer as a plain number.";

    /** Correct when the numbers agree, or the texts do. */
    static final Rubric CORRECT = Rubrics.max(
            "qa-correct",
            List.of(
                    Rubrics.numericTolerance(
                            "qa-numeric",
                            t -> extract(Selector.path("last.action.answer").select(t)),
                            Selector.path("outcome.final_state.answer"),
                            1e-6,
                            0),
                    Rubrics.exactMatch(
                            "qa-exact",
                            Selector.path("last.action.answer"),
                            Selector.path("outcome.final_state.answer"),
                            Matching.TRIMMED_IGNORE_CASE)));

    /** The agent's answer. */
    @Description("An answer to the problem.")
    public record Action(
            @Description(
                    "The answer as text; the final number in it counts (after '####' if present)." + " Example: 42")
            @Required
            String answer) {}

    /** What the agent sees. */
    @Description("The problem as a prompt, and how the answering went.")
    public record Observation(
            @Description("The text to show a language model: instructions and the problem")
            String prompt,

            @Description("The problem alone") String question,

            @Description("answering, correct or wrong (attempts used up)")
            String status,

            @Description("Attempts the agent still has") int attemptsLeft,

            @Description("Whether the last answer was right, in words; null at reset")
            String feedback) {}

    /** The episode as it stands; never the expected answer. */
    @Description("The episode's state; the expected answer is never part of it.")
    public record QaState(
            String episodeId,
            long stepCount,
            @Description("answering, correct or wrong") String status,
            @Description("Attempts left") int attemptsLeft,
            @Description("The attempt limit of the episode") int maxAttempts)
            implements State {}

    private Task task;
    private String expected;
    private final Episode episode = new Episode();
    private Long seed;
    private int maxAttempts;
    private int attemptsLeft;
    private String status;
    private final List<String> answers = new ArrayList<>();
    private RewardStream rewards = RewardStream.of(CORRECT);

    /** The environment alone: it needs a task at each reset, so serve it through {@link #spec(TaskSource, TaskBinding.Options)}. */
    public static EnvSpec<Action, Observation, QaState> unboundSpec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Word problems with numeric answers from a dataset (grade-school math"
                                + " by default); reset picks the task by split, index, id or seed; reward 1 for the right number."),
                Action.class,
                Observation.class,
                QaState.class,
                QaEnvironment::new);
    }

    /** Served on the bundled dataset, train split by default. */
    public static EnvSpec<Action, Observation, Map<String, Object>> spec() {
        return spec(QaDataset.bundled(), TaskBinding.Options.defaults());
    }

    /** Served on {@code source}. */
    public static EnvSpec<Action, Observation, Map<String, Object>> spec(
            TaskSource source, TaskBinding.Options options) {
        return TaskBinding.wrap(unboundSpec(), source, options);
    }

    /** The expected answer of {@code task}: its first answer-like hidden field, after {@code ####} when present. */
    static String expectedAnswer(Task task) {
        for (String field : ANSWER_FIELDS) {
            Object value = task.hidden(field);
            if (value != null) {
                String text = value instanceof String s ? s : String.valueOf(value);
                int mark = text.lastIndexOf("####");
                return (mark >= 0 ? text.substring(mark + 4) : text).trim();
            }
        }
        throw new EnvironmentException(
                "task '" + task.id() + "' has no hidden answer: qa needs one of the hidden fields " + ANSWER_FIELDS
                        + " (name it with --task-mapping hidden=<column>)");
    }

    /** The number an answer text gives, or {@code null} (the text after {@code ####}, else its last number). */
    static Double extract(Object answer) {
        if (answer == null) {
            return null;
        }
        String text = answer.toString();
        int mark = text.lastIndexOf("####");
        if (mark >= 0) {
            text = text.substring(mark + 4);
        }
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        if (last == null) {
            return null;
        }
        try {
            return Double.valueOf(last.replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Step<Observation> reset(ResetRequest request, Task newTask) {
        var unknown = request.options().keySet().stream()
                .filter(key -> !OPTIONS.contains(key))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new EnvironmentException("unknown reset option(s) " + unknown + "; qa accepts " + OPTIONS
                    + " and the task" + " selection fields " + TaskBinding.SELECTION_FIELDS);
        }
        long limit = request.longOption("max_attempts", 1);
        if (limit < 1 || limit > 10) {
            throw new EnvironmentException("reset option 'max_attempts' must be within 1..10, got " + limit);
        }
        expected = expectedAnswer(newTask);
        task = newTask;
        seed = request.seed();
        maxAttempts = (int) limit;
        attemptsLeft = maxAttempts;
        episode.begin(request);
        status = "answering";
        answers.clear();
        rewards = RewardStream.of(CORRECT);
        return Step.of(observation(null), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.advance();
        attemptsLeft--;
        String given = action == null || action.answer() == null ? "" : action.answer();
        answers.add(given);
        boolean right = CORRECT.score(Trajectory.of(
                                List.of(Transition.of(new Action(given), null, null, false)),
                                outcome().orElseThrow()))
                        .value()
                >= 1;
        status = right ? "correct" : attemptsLeft == 0 ? "wrong" : "answering";
        var observation =
                observation(right ? "Correct." : attemptsLeft == 0 ? "Not correct." : "Not correct. Try again.");
        if (!status.equals("answering")) {
            episode.end(status);
        }
        double reward = rewards.next(
                new Action(given), observation, episode.over(), () -> outcome().orElseThrow());
        return Step.of(observation, reward, episode.over());
    }

    @Override
    public QaState state() {
        return new QaState(episode.id(), episode.steps(), status, attemptsLeft, maxAttempts);
    }

    /** The problem with its expected answer and the answers given, for rubrics and reward providers. */
    @Override
    public Optional<Outcome> outcome() {
        if (task == null) {
            return Optional.empty();
        }
        var facts = new LinkedHashMap<String, Object>();
        facts.put("answer", expected);
        facts.put("question", task.prompt());
        facts.put("answers", List.copyOf(answers));
        facts.put("status", status);
        return Optional.of(Outcome.of(task.id(), seed, !status.equals("answering"), facts));
    }

    private Observation observation(String feedback) {
        return new Observation(
                INSTRUCTIONS + "\n\nProblem: " + task.prompt(), task.prompt(), status, attemptsLeft, feedback);
    }
}
