package io.openenv4j.rewards;

/**
 * One step of a trajectory: the action taken, the observation that followed, the environment's own reward
 * and whether the episode ended. Action and observation are records in-process or plain JSON values
 * ({@code Map}, {@code List}, …) after a trip over the wire.
 */
public record Transition(Object action, Object observation, Double reward, boolean done) {

    public static Transition of(Object action, Object observation, Double reward, boolean done) {
        return new Transition(action, observation, reward, done);
    }
}
