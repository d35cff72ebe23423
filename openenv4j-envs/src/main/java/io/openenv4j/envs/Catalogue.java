package io.openenv4j.envs;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.envs.chess.ChessEnvironment;
import io.openenv4j.envs.chess.ChessOracle;
import io.openenv4j.envs.connectfour.ConnectFourEnvironment;
import io.openenv4j.envs.connectfour.ConnectFourOracle;
import io.openenv4j.envs.echo.EchoEnvironment;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The built-in environments, by name: what {@code openenv4j envs} lists and {@code openenv4j serve} serves. */
public final class Catalogue {

    /**
     * One built-in environment.
     *
     * @param name what to type after {@code openenv4j serve}
     * @param summary one line on what it is
     * @param actionFormat an example action, as JSON
     * @param spec makes its spec with default settings
     * @param oracle makes a fresh oracle policy for one episode (reaches the best return), or {@code null}
     */
    public record Entry(String name, String summary, String actionFormat, Supplier<EnvSpec<?, ?, ?>> spec,
                        Supplier<Policy<?, ?, ?>> oracle) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry(EchoEnvironment.NAME, "Echoes messages back through MCP tools (wire-identical to the reference's echo_env).",
                    "{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"hi\"}}",
                    EchoEnvironment::spec, null),
            new Entry(BenchEnvironment.NAME, "Load-test environment: configurable step delay and observation size.",
                    "{\"tag\":\"a\",\"delay_ms\":0}",
                    () -> BenchEnvironment.spec(BenchEnvironment.Settings.immediate()), null),
            new Entry(ChessEnvironment.NAME, "Chess against a built-in opponent (random, greedy, minimax-N); UCI moves, FEN and ASCII board.",
                    "{\"move\":\"e2e4\"}", ChessEnvironment::spec, ChessOracle::new),
            new Entry(ConnectFourEnvironment.NAME, "Connect Four (7x6) against a random or minimax opponent; ASCII board.",
                    "{\"column\":3}", ConnectFourEnvironment::spec, ConnectFourOracle::new));

    private Catalogue() {}

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }
}
