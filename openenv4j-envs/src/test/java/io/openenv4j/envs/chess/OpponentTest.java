package io.openenv4j.envs.chess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OpponentTest {

    private static final int MAX_PLIES = 600;

    /** Plays a game between two built-in opponents; returns 1 if white wins, -1 if black wins, 0 for a draw. */
    private static int match(String white, String black, long seed) {
        var game = new Game(Position.START_FEN);
        Opponent[] players = {Opponent.named(white, seed), Opponent.named(black, seed + 1_000)};
        while (!game.status().over() && game.moves().size() < MAX_PLIES) {
            game.play(players[game.position().side].choose(game));
        }
        if (game.status() != Game.Status.CHECKMATE) {
            return 0;
        }
        return game.position().side == Position.WHITE ? -1 : 1;
    }

    private static long wins(String player, String against, int games) {
        return LongStream.range(0, games)
                .map(seed -> seed % 2 == 0 ? match(player, against, seed) : -match(against, player, seed))
                .filter(result -> result == 1)
                .count();
    }

    @Test
    void minimaxBeatsRandom() {
        assertThat(wins("minimax-2", "random", 10)).isEqualTo(10);
    }

    @Test
    void greedyBeatsRandom() {
        assertThat(wins("greedy", "random", 10)).isEqualTo(10);
    }

    @Test
    void minimaxBeatsGreedy() {
        assertThat(wins("minimax-2", "greedy", 10)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void deeperMinimaxBeatsShallower() {
        assertThat(wins("minimax-3", "minimax-1", 6)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theRandomOpponentIsSeeded() {
        var sameSeed = new HashSet<String>();
        var differentSeeds = new HashSet<String>();
        for (long seed = 0; seed < 8; seed++) {
            var game = new Game(Position.START_FEN);
            sameSeed.add(Move.uci(Opponent.named("random", 42).choose(game)));
            differentSeeds.add(Move.uci(Opponent.named("random", seed).choose(game)));
        }
        assertThat(sameSeed).hasSize(1);
        assertThat(differentSeeds).hasSizeGreaterThan(1);
    }

    @Test
    void minimaxMatesInOne() {
        var game = new Game("k7/8/1K6/8/8/8/8/7R w - - 0 1");
        assertThat(Move.uci(Opponent.named("minimax-1", 3).choose(game))).isEqualTo("h1h8");
    }

    @Test
    void greedyTakesAHangingQueen() {
        var game = new Game("4k3/8/8/3q4/8/8/3R4/4K3 w - - 0 1");
        assertThat(Move.uci(Opponent.named("greedy", 3).choose(game))).isEqualTo("d2d5");
    }

    @Test
    void minimaxDoesNotTakeAPoisonedPawn() {
        var game = new Game("3rk3/8/8/3p4/8/8/8/3QK3 w - - 0 1");
        assertThat(Move.uci(Opponent.named("minimax-2", 3).choose(game))).isNotEqualTo("d1d5");
    }

    @Test
    void unknownOpponentNamesAreRejected() {
        assertThatThrownBy(() -> Opponent.named("stockfish", 1))
                .hasMessageContaining("'random', 'greedy' or 'minimax-N'");
        assertThatThrownBy(() -> Opponent.named("minimax-9", 1)).hasMessageContaining("1 to 4");
        assertThat(Opponent.named(" Minimax-3 ", 1).name()).isEqualTo("minimax-3");
        assertThat(Opponent.named("minimax", 1).name()).isEqualTo("minimax-2");
    }
}
