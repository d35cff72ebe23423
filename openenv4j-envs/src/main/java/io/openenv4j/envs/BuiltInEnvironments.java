package io.openenv4j.envs;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.EnvironmentProvider;
import io.openenv4j.envs.apitools.ApiToolsEnvironment;
import io.openenv4j.envs.apitools.ApiToolsOracle;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.envs.blackjack.BlackjackEnvironment;
import io.openenv4j.envs.blackjack.BlackjackOracle;
import io.openenv4j.envs.blackjack.UpstreamBlackjack;
import io.openenv4j.envs.browser.BrowserEnvironment;
import io.openenv4j.envs.browser.BrowserOracle;
import io.openenv4j.envs.cartpole.CartPoleEnvironment;
import io.openenv4j.envs.cartpole.CartPoleOracle;
import io.openenv4j.envs.chess.ChessEnvironment;
import io.openenv4j.envs.chess.ChessOracle;
import io.openenv4j.envs.chess.UpstreamChess;
import io.openenv4j.envs.code.CodeEnvironment;
import io.openenv4j.envs.code.CodeOracle;
import io.openenv4j.envs.code.UpstreamCode;
import io.openenv4j.envs.connectfour.ConnectFourEnvironment;
import io.openenv4j.envs.connectfour.ConnectFourOracle;
import io.openenv4j.envs.connectfour.UpstreamConnectFour;
import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.envs.gridworld.GridWorldEnvironment;
import io.openenv4j.envs.gridworld.GridWorldOracle;
import io.openenv4j.envs.gridworld.UpstreamGridWorld;
import io.openenv4j.envs.maze.MazeEnvironment;
import io.openenv4j.envs.maze.MazeOracle;
import io.openenv4j.envs.maze.UpstreamMaze;
import io.openenv4j.envs.mcpbridge.McpBridgeEnvironment;
import io.openenv4j.envs.mountaincar.MountainCarEnvironment;
import io.openenv4j.envs.mountaincar.MountainCarOracle;
import io.openenv4j.envs.qa.QaEnvironment;
import io.openenv4j.envs.qa.QaOracle;
import io.openenv4j.envs.snake.SnakeEnvironment;
import io.openenv4j.envs.snake.SnakeOracle;
import io.openenv4j.envs.snake.UpstreamSnake;
import io.openenv4j.envs.terminal.TerminalEnvironment;
import io.openenv4j.envs.terminal.TerminalOracle;
import io.openenv4j.envs.terminal.TerminalToolEnvironment;
import io.openenv4j.envs.terminal.TerminalToolOracle;
import io.openenv4j.envs.textadventure.TextAdventureEnvironment;
import io.openenv4j.envs.textadventure.TextAdventureOracle;
import io.openenv4j.envs.wordle.UpstreamWordle;
import io.openenv4j.envs.wordle.WordleEnvironment;
import io.openenv4j.envs.wordle.WordleOracle;
import io.openenv4j.tasks.TaskPlayer;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Registers every built-in environment (what {@code openenv4j envs} lists first, in this order), through the same
 * {@link EnvironmentProvider} service any user jar uses ({@code META-INF/services/io.openenv4j.core.spi.EnvironmentProvider}).
 */
public final class BuiltInEnvironments implements EnvironmentProvider {

    @Override
    public List<EnvironmentDefinition> environments() {
        return List.of(
                define(
                        EchoEnvironment.NAME,
                        "Echoes messages back through MCP tools (wire-identical to the reference's echo_env).",
                        "{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"hi\"}}",
                        EchoEnvironment::spec,
                        null),
                bench(),
                define(
                        ChessEnvironment.NAME,
                        "Chess against a built-in opponent (random, greedy, minimax-N); UCI moves, FEN and ASCII board.",
                        "{\"move\":\"e2e4\"}",
                        ChessEnvironment::spec,
                        ChessOracle::new),
                define(
                        ConnectFourEnvironment.NAME,
                        "Connect Four (7x6) against a random or minimax opponent; ASCII board.",
                        "{\"column\":3}",
                        ConnectFourEnvironment::spec,
                        ConnectFourOracle::new),
                define(
                        CartPoleEnvironment.NAME,
                        "CartPole-v1 (Gymnasium-exact): balance a pole on a cart; reward 1 per step, 500-step limit.",
                        "{\"action\":1}",
                        CartPoleEnvironment::spec,
                        CartPoleOracle::new),
                define(
                        MountainCarEnvironment.NAME,
                        "MountainCar-v0 (Gymnasium-exact): rock an underpowered car up to the flag; reward -1 per step, 200-step limit.",
                        "{\"action\":2}",
                        MountainCarEnvironment::spec,
                        MountainCarOracle::new),
                define(
                        BlackjackEnvironment.NAME,
                        "Blackjack-v1 (Gymnasium rules, infinite deck): hit (1) or stick (0) against a dealer who stands on 17.",
                        "{\"action\":1}",
                        BlackjackEnvironment::spec,
                        BlackjackOracle::new),
                define(
                        WordleEnvironment.NAME,
                        "Wordle for language agents: guess a hidden five-letter word in six tries from G/Y/_ feedback; reward 1 for solving.",
                        "{\"guess\":\"crane\"}",
                        WordleEnvironment::spec,
                        WordleOracle::new),
                define(
                        TextAdventureEnvironment.NAME,
                        "A small text adventure: unlock the study and carry the golden idol out to the garden, by typed commands.",
                        "{\"command\":\"go north\"}",
                        TextAdventureEnvironment::spec,
                        TextAdventureOracle::new),
                define(
                        QaEnvironment.NAME,
                        "Word problems with numeric answers from a dataset (bundled: generated grade-school math); reset picks the task by split, index, id or seed.",
                        "{\"answer\":\"42\"}",
                        QaEnvironment::spec,
                        QaOracle::new),
                define(
                        GridWorldEnvironment.NAME,
                        "Grid world: walk to the goal around walls and pits, with optional slips and a partial view; text and array renderings.",
                        "{\"move\":\"up\"}",
                        GridWorldEnvironment::spec,
                        GridWorldOracle::new),
                define(
                        MazeEnvironment.NAME,
                        "A seeded perfect maze (backtracker or Prim) to walk out of, full or partial view; +1 at the exit.",
                        "{\"move\":\"right\"}",
                        MazeEnvironment::spec,
                        MazeOracle::new),
                define(
                        SnakeEnvironment.NAME,
                        "Snake on a seeded board: +1 per food, -1 on death; absolute direction or relative turn.",
                        "{\"direction\":\"left\"}",
                        SnakeEnvironment::spec,
                        SnakeOracle::new),
                define(
                        ApiToolsEnvironment.NAME,
                        "A calendar and to-do service (users, events, to-dos, permissions) behind MCP tools; seeded tasks judged from the service's final state by a hidden checker.",
                        "{\"type\":\"call_tool\",\"tool_name\":\"get_task\",\"arguments\":{}}",
                        ApiToolsEnvironment::spec,
                        ApiToolsOracle::new),
                define(
                        BrowserEnvironment.NAME,
                        "Headless Chromium (Debian's package) over the DevTools protocol on a shop site served by the environment: a form, a search, a cart and checkout; judged from the site's server-side state.",
                        "{\"action\":\"click\",\"selector\":\"#submit\"}",
                        BrowserEnvironment::spec,
                        BrowserOracle::new),
                define(
                        TerminalEnvironment.NAME,
                        "A sandboxed bash terminal (bubblewrap, no network, per-command limits), persistent shell; tasks with hidden checks.",
                        "{\"command\":\"ls -la\",\"timeout_s\":10}",
                        TerminalEnvironment::spec,
                        TerminalOracle::new),
                define(
                        TerminalToolEnvironment.NAME,
                        "The sandboxed terminal as MCP tools: run_command, read_file, write_file, describe_task.",
                        "{\"type\":\"call_tool\",\"tool_name\":\"run_command\",\"arguments\":{\"command\":\"ls\"}}",
                        TerminalToolEnvironment::spec,
                        TerminalToolOracle::new),
                define(
                        CodeEnvironment.NAME,
                        "Sandboxed code execution: persistent Python and Java (jshell) sessions per episode; programming tasks graded by hidden tests.",
                        "{\"code\":\"def f(n):\\n    return n\",\"submit\":true}",
                        CodeEnvironment::spec,
                        CodeOracle::new),
                define(
                        McpBridgeEnvironment.NAME,
                        "Any MCP server (stdio command in MCP_BRIDGE_COMMAND or Streamable HTTP URL in MCP_BRIDGE_URL) as a tool environment.",
                        "{\"type\":\"call_tool\",\"tool_name\":\"<a tool of the server>\",\"arguments\":{}}",
                        () -> McpBridgeEnvironment.specFromEnvironment(System.getenv()),
                        null),
                // The same games in the shapes of their counterparts in the reference repository (docs/protocol.md,
                // "Upstream shapes"), for the reference's typed clients and the trainers built on them.
                define(
                        UpstreamChess.NAME,
                        "chess in the reference's chess_env shapes (ChessEnv client): fen, legal_moves, is_check, PGN result.",
                        "{\"move\":\"e2e4\"}",
                        UpstreamChess::spec,
                        null),
                define(
                        UpstreamWordle.NAME,
                        "wordle in the reference's textarena_env Wordle-v0 shapes (TextArenaEnv client, TRL's Wordle example).",
                        "{\"message\":\"[crane]\"}",
                        UpstreamWordle::spec,
                        null),
                define(
                        UpstreamConnectFour.NAME,
                        "connect-four in the reference's connect4_env shapes (Connect4Env client): board as int rows, legal_actions.",
                        "{\"column\":3}",
                        UpstreamConnectFour::spec,
                        null),
                define(
                        UpstreamCode.NAME,
                        "A sandboxed Python session in the reference's coding_env shapes (CodingEnv client): stdout, stderr, exit_code.",
                        "{\"code\":\"print(1 + 1)\"}",
                        UpstreamCode::spec,
                        null),
                define(
                        UpstreamBlackjack.NAME,
                        "blackjack in the reference's openspiel_env shapes (OpenSpielEnv client): action_id 0 hit, 1 stand.",
                        "{\"action_id\":0}",
                        UpstreamBlackjack::spec,
                        null),
                define(
                        UpstreamSnake.NAME,
                        "snake in the reference's snake_env shapes (SnakeEnv client): action 0 straight, 1 left, 2 right.",
                        "{\"action\":1}",
                        UpstreamSnake::spec,
                        null),
                define(
                        UpstreamMaze.NAME,
                        "maze in the reference's maze_env shapes (MazeEnv client): action 0 up, 1 down, 2 left, 3 right.",
                        "{\"action\":3}",
                        UpstreamMaze::spec,
                        null),
                define(
                        UpstreamGridWorld.NAME,
                        "gridworld in the reference's grid_world_env shapes (GridWorldEnv client): UP, DOWN, LEFT, RIGHT.",
                        "{\"action\":\"UP\"}",
                        UpstreamGridWorld::spec,
                        null));
    }

    private static EnvironmentDefinition define(
            String name,
            String description,
            String actionExample,
            Supplier<? extends EnvSpec<?, ?, ?>> spec,
            Supplier<? extends Policy<?, ?, ?>> oracle) {
        var definition = EnvironmentDefinition.named(name)
                .description(description)
                .actionExample(actionExample)
                .spec(spec);
        if (oracle != null) {
            definition.oracle(oracle);
        }
        if (name.equals(QaEnvironment.NAME)) {
            definition.extension(TaskPlayer.class, QaEnvironment::spec);
        }
        return definition.build();
    }

    /** bench takes its step delay and payload size as options ({@code serve bench --delay-ms 5 --payload-bytes 1024}). */
    private static EnvironmentDefinition bench() {
        var defaults = BenchEnvironment.Settings.immediate();
        return EnvironmentDefinition.named(BenchEnvironment.NAME)
                .description("Load-test environment: configurable step delay and observation size.")
                .actionExample("{\"tag\":\"a\",\"delay_ms\":0}")
                .option(
                        BENCH_DELAY_MS,
                        "milliseconds each step waits",
                        Long.toString(defaults.delay().toMillis()))
                .option(
                        BENCH_PAYLOAD_BYTES,
                        "size of each observation's payload",
                        Integer.toString(defaults.payloadBytes()))
                .spec(options -> BenchEnvironment.spec(new BenchEnvironment.Settings(
                        Duration.ofMillis(Long.parseLong(options.get(BENCH_DELAY_MS))),
                        Integer.parseInt(options.get(BENCH_PAYLOAD_BYTES)))))
                .build();
    }

    /** The option of {@code bench} that sets each step's delay, in milliseconds. */
    public static final String BENCH_DELAY_MS = "delay_ms";
    /** The option of {@code bench} that sets the size of each observation's payload. */
    public static final String BENCH_PAYLOAD_BYTES = "payload_bytes";
}
