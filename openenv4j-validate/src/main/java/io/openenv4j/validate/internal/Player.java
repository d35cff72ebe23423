package io.openenv4j.validate.internal;

import tools.jackson.databind.JsonNode;

/** Plays episodes of the environment under validation: in process ({@link Episodes}) or over the wire ({@link RemoteEpisodes}). */
interface Player {

    /** The action as the player takes it; throws when it is not one. */
    Object decode(JsonNode action);

    JsonNode encode(Object action);

    JsonNode actionSchema();

    int stepLimit();

    Episodes.Episode play(long seed, Episodes.Chooser chooser, int limit);

    default Episodes.Episode play(long seed, Episodes.Chooser chooser) {
        return play(seed, chooser, stepLimit());
    }
}
