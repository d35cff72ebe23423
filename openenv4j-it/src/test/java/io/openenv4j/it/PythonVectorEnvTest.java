package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.envs.cartpole.CartPoleEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure-Python vector client ({@code openenv4j-python/src/openenv4j/vector.py}) against our server on
 * loopback: its unittest suite ({@code openenv4j-python/tests/test_vector*.py}) runs in a venv with nothing but
 * {@code websockets} (the trainer of issue #20's Done-when) and in the interop venv with Gymnasium and numpy,
 * where the client is a {@code gymnasium.vector.VectorEnv}. Among the cases: 1,024 remote CartPoles stepped
 * as one vector environment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonVectorEnvTest {

    private EnvServer cartPoles;
    private EnvServer counters;

    @BeforeAll
    void startServers() throws Exception {
        PythonReference.assumeAvailable();
        // Room for two groups of 1,024: a closed group's slots are freed after its close frame, asynchronously.
        cartPoles = EnvServer.create(
                        CartPoleEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(2048))
                .start();
        // Exactly 64 sessions: the suite asks for a group of 65 and expects CAPACITY_REACHED.
        counters = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(64))
                .start();
    }

    @AfterAll
    void stopServers() {
        if (cartPoles != null) {
            cartPoles.close();
        }
        if (counters != null) {
            counters.close();
        }
    }

    @ParameterizedTest(name = "with {0}")
    @ValueSource(strings = {"websockets alone", "gymnasium and numpy"})
    void thePythonVectorClientPassesItsSuiteAgainstOurServer(String venv) throws Exception {
        Path python = venv.startsWith("websockets")
                ? Path.of(System.getProperty("openenv4j.python.vector", "target/pyvector/bin/python"))
                : PythonReference.python();
        assertThat(python).as("the venv of %s (scripts/pyref-venv.sh)", venv).isExecutable();
        Path tests = Path.of(System.getProperty("openenv4j.pyclient", "../openenv4j-python"))
                .resolve("tests");
        Path log = Files.createTempFile("test-vector", ".log");
        var builder = new ProcessBuilder(List.of(
                        python.toString(),
                        "-m",
                        "unittest",
                        "discover",
                        "-v",
                        "-s",
                        tests.toString(),
                        "-p",
                        "test_vector*.py"))
                .directory(tests.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OPENENV4J_CARTPOLE_URL", cartPoles.baseUrl());
        builder.environment().put("OPENENV4J_COUNTER_URL", counters.baseUrl());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the Python vector suite did not finish: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .containsPattern(
                        "test_a_trainer_steps_1024_remote_cartpoles_as_one_vector_environment \\(.*\\) \\.\\.\\. ok")
                .contains("Ran 13 tests")
                .doesNotContain("skipped");
    }
}
