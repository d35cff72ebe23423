package io.openenv4j.envs.chess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Perft: leaf counts of the legal move tree, compared with the published counts of the Chess Programming
 * Wiki's perft suite. The default depths (about 15 million nodes) run in a few seconds; {@code
 * -Dopenenv4j.perft.deep=true} adds deeper ones (about 770 million nodes, roughly a minute).
 */
class MoveGeneratorTest {

    static final String START = Position.START_FEN;
    static final String KIWIPETE = "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1";
    static final String POSITION_3 = "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1";
    static final String POSITION_4 = "r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1";
    static final String POSITION_4_MIRRORED = "r2q1rk1/pP1p2pp/Q4n2/bbp1p3/Np6/1B3NBn/pPPP1PPP/R3K2R b KQ - 0 1";
    static final String POSITION_5 = "rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8";
    static final String POSITION_6 = "r4rk1/1pp1qppp/p1np1n2/2b1p1B1/2B1P1b1/P1NP1N2/1PP1QPPP/R4RK1 w - - 0 10";

    @ParameterizedTest(name = "{0} depth {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "start;" + START + ";1;20",
                "start;" + START + ";2;400",
                "start;" + START + ";3;8902",
                "start;" + START + ";4;197281",
                "start;" + START + ";5;4865609",
                "kiwipete;" + KIWIPETE + ";1;48",
                "kiwipete;" + KIWIPETE + ";2;2039",
                "kiwipete;" + KIWIPETE + ";3;97862",
                "kiwipete;" + KIWIPETE + ";4;4085603",
                "position 3;" + POSITION_3 + ";1;14",
                "position 3;" + POSITION_3 + ";2;191",
                "position 3;" + POSITION_3 + ";3;2812",
                "position 3;" + POSITION_3 + ";4;43238",
                "position 3;" + POSITION_3 + ";5;674624",
                "position 4;" + POSITION_4 + ";1;6",
                "position 4;" + POSITION_4 + ";2;264",
                "position 4;" + POSITION_4 + ";3;9467",
                "position 4;" + POSITION_4 + ";4;422333",
                "position 4 mirrored;" + POSITION_4_MIRRORED + ";1;6",
                "position 4 mirrored;" + POSITION_4_MIRRORED + ";2;264",
                "position 4 mirrored;" + POSITION_4_MIRRORED + ";3;9467",
                "position 4 mirrored;" + POSITION_4_MIRRORED + ";4;422333",
                "position 5;" + POSITION_5 + ";1;44",
                "position 5;" + POSITION_5 + ";2;1486",
                "position 5;" + POSITION_5 + ";3;62379",
                "position 5;" + POSITION_5 + ";4;2103487",
                "position 6;" + POSITION_6 + ";1;46",
                "position 6;" + POSITION_6 + ";2;2079",
                "position 6;" + POSITION_6 + ";3;89890",
                "position 6;" + POSITION_6 + ";4;3894594"
            })
    void perftMatchesThePublishedCounts(String name, String fen, int depth, long nodes) {
        assertThat(MoveGenerator.perft(Position.fromFen(fen), depth)).isEqualTo(nodes);
    }

    @ParameterizedTest(name = "{0} depth {2}")
    @EnabledIfSystemProperty(named = "openenv4j.perft.deep", matches = "true")
    @CsvSource(
            delimiter = ';',
            value = {
                "start;" + START + ";6;119060324", "kiwipete;" + KIWIPETE + ";5;193690690",
                "position 3;" + POSITION_3 + ";6;11030083", "position 3;" + POSITION_3 + ";7;178633661",
                "position 4;" + POSITION_4 + ";5;15833292", "position 5;" + POSITION_5 + ";5;89941194",
                "position 6;" + POSITION_6 + ";5;164075551"
            })
    void deepPerftMatchesThePublishedCounts(String name, String fen, int depth, long nodes) {
        assertThat(MoveGenerator.perft(Position.fromFen(fen), depth)).isEqualTo(nodes);
    }

    @Test
    void perftLeavesThePositionAsItFoundIt() {
        Position position = Position.fromFen(KIWIPETE);
        long key = position.key();
        MoveGenerator.perft(position, 3);
        assertThat(position.fen()).isEqualTo(KIWIPETE);
        assertThat(position.key()).isEqualTo(key);
    }

    @Test
    void fenSurvivesARoundTrip() {
        for (String fen : new String[] {
            START,
            KIWIPETE,
            POSITION_3,
            POSITION_4,
            POSITION_5,
            POSITION_6,
            "rnbqkbnr/ppp1pppp/8/3pP3/8/8/PPPP1PPP/RNBQKBNR w KQkq d6 0 3"
        }) {
            assertThat(Position.fromFen(fen).fen()).isEqualTo(fen);
        }
    }
}
