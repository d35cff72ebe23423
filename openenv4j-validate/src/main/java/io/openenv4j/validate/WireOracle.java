package io.openenv4j.validate;

import tools.jackson.databind.JsonNode;

/**
 * An oracle that plays over the wire, for URL targets: it sees what a client sees (the step payload and the
 * {@code state} frame's data) and answers action JSON. One instance plays one episode.
 */
@FunctionalInterface
public interface WireOracle {

    /**
     * The next action.
     *
     * @param last the last step payload {@code {observation, reward, done}} (the reset's, at first)
     * @param state the session's state as the {@code state} frame carries it
     * @return the action JSON, or null to stop (the episode then counts as unfinished unless done)
     */
    JsonNode act(JsonNode last, JsonNode state);
}
