package io.openenv4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an episode (or the part of it played so far) came to, for whoever scores it: the final state
 * including ground truth, test results, the tool trace, the task id, the seed and any artifacts. An
 * outcome travels to rubrics and reward providers only; it is never part of an observation or of anything
 * else the agent receives (see {@link OutcomeReporting}).
 *
 * <p>Map values may be {@code null}; maps and lists are copied and unmodifiable.
 *
 * @param taskId the task the episode played, or {@code null}
 * @param seed the seed of the episode, or {@code null}
 * @param done whether the episode is over
 * @param finalState a snapshot of the state as plain JSON values, ground truth included
 * @param testResults named checks and whether each passed (for example unit tests run on the agent's code)
 * @param toolTrace the tool calls made, in order, each as plain JSON values
 * @param artifacts further named results (files, logs), as plain JSON values
 */
public record Outcome(
        String taskId,
        Long seed,
        boolean done,
        Map<String, Object> finalState,
        Map<String, Boolean> testResults,
        List<Map<String, Object>> toolTrace,
        Map<String, Object> artifacts) {

    public Outcome {
        finalState = copy(finalState);
        testResults = testResults == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(testResults));
        toolTrace = toolTrace == null
                ? List.of()
                : toolTrace.stream().map(Outcome::copy).toList();
        artifacts = copy(artifacts);
    }

    /** An outcome with a state snapshot and nothing else. */
    public static Outcome of(String taskId, Long seed, boolean done, Map<String, Object> finalState) {
        return new Outcome(taskId, seed, done, finalState, Map.of(), List.of(), Map.of());
    }

    /** The value of one final-state field, or {@code null}. */
    public Object fact(String key) {
        return finalState.get(Objects.requireNonNull(key, "key"));
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
