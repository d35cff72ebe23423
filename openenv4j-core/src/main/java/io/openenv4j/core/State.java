package io.openenv4j.core;

/**
 * What every environment state reports. A state record implements this and adds its own fields; on the
 * wire the two appear as {@code episode_id} and {@code step_count}.
 */
public interface State {

    /** The current episode's id, or {@code null} before the first reset. */
    String episodeId();

    /** Steps taken in the current episode; never negative. */
    long stepCount();
}
