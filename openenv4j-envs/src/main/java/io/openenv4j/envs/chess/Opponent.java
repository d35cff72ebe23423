package io.openenv4j.envs.chess;

import java.util.HashSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The built-in player the agent plays against. Every opponent draws on one seeded random source, so an
 * episode is a function of its seed and the agent's moves. Not thread-safe.
 */
sealed interface Opponent permits Opponent.RandomMover, Opponent.Greedy, Opponent.Minimax {

    int MAX_DEPTH = 4;

    /** The name the reset option and the state use: {@code random}, {@code greedy}, {@code minimax-2}. */
    String name();

    /** A legal move in {@code game}, which must not be over; the game is left as found. */
    int choose(Game game);

    /**
     * The opponent a reset option names.
     *
     * @throws IllegalArgumentException saying which names exist, when {@code name} is not one of them
     */
    static Opponent named(String name, long seed) {
        var random = new SplittableRandom(seed);
        String text = name.trim().toLowerCase(Locale.ROOT);
        if (text.equals("random")) {
            return new RandomMover(random);
        }
        if (text.equals("greedy")) {
            return new Greedy(random);
        }
        if (text.equals("minimax")) {
            return new Minimax(2, random);
        }
        if (text.matches("minimax-[0-9]+")) {
            int depth = Integer.parseInt(text.substring("minimax-".length()));
            if (depth >= 1 && depth <= MAX_DEPTH) {
                return new Minimax(depth, random);
            }
        }
        throw new IllegalArgumentException("opponent must be 'random', 'greedy' or 'minimax-N' with N from 1 to "
                + MAX_DEPTH + ", got '" + name + "'");
    }

    /** Shuffles a move list with the opponent's random source, so equal moves are chosen among fairly. */
    private static int[] shuffled(int[] moves, SplittableRandom random) {
        int[] copy = moves.clone();
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = copy[i];
            copy[i] = copy[j];
            copy[j] = swap;
        }
        return copy;
    }

    /** Plays a uniformly random legal move. */
    record RandomMover(SplittableRandom random) implements Opponent {
        @Override
        public String name() {
            return "random";
        }

        @Override
        public int choose(Game game) {
            int[] legal = game.legalMoves();
            return legal[random.nextInt(legal.length)];
        }
    }

    /** Plays the move whose resulting position evaluates best, without looking at any reply. */
    record Greedy(SplittableRandom random) implements Opponent {
        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public int choose(Game game) {
            var search = new Search(game.position(), new HashSet<>(game.keys()), false);
            return search.bestMove(shuffled(game.legalMoves(), random), 1);
        }
    }

    /** Searches {@code depth} plies with alpha-beta and a capture quiescence search. */
    record Minimax(int depth, SplittableRandom random) implements Opponent {
        @Override
        public String name() {
            return "minimax-" + depth;
        }

        @Override
        public int choose(Game game) {
            var search = new Search(game.position(), new HashSet<>(game.keys()), true);
            return search.bestMove(shuffled(game.legalMoves(), random), depth);
        }
    }
}
