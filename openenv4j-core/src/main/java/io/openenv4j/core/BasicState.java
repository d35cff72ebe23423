package io.openenv4j.core;

/** A state with nothing beyond the episode id and step count. */
public record BasicState(String episodeId, long stepCount) implements State {

    public BasicState {
        if (stepCount < 0) {
            throw new IllegalArgumentException("stepCount must not be negative, got " + stepCount);
        }
    }
}
