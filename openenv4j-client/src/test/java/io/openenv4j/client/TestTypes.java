package io.openenv4j.client;

/** Typed actions and observations the tests decode into (snake_case on the wire). */
final class TestTypes {

    private TestTypes() {}

    record MoveAction(String direction, int stepSize) {}

    record GridObservation(String board, int movesLeft, double score) {}
}
