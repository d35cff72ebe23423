package io.openenv4j.envs.code;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.WarmPool;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.envs.code.CodeEnvironment.Action;
import io.openenv4j.envs.code.CodeEnvironment.Observation;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The code environment with a warm pool: real sandboxes, a real Python interpreter and a real jshell session. */
class WarmCodePoolTest {

    private static final ResetRequest FREE = new ResetRequest(null, null, Map.of("task", "none"));

    @AfterEach
    void poolsOff() {
        WarmPools.configure(WarmPools.Settings.off());
    }

    private static void fullPool(int size) throws InterruptedException {
        CodeEnvironment.warmPool();
        assertThat(WarmPools.open().getFirst().awaitReady(size, 300_000))
                .as("the pool fills")
                .isTrue();
    }

    private static Observation python(CodeEnvironment env, String code) {
        return env.step(Action.python(code)).observation();
    }

    private static Observation java(CodeEnvironment env, String code) {
        return env.step(new Action(code, "java", null, null)).observation();
    }

    @Test
    void aPooledPythonInterpreterHasNoGlobalsEnvironmentVariablesFilesOrModulesOfAnEarlierEpisode() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(2));
        fullPool(2);
        long hits = WarmPool.stats().get(CodeEnvironment.POOL).hits();
        try (var first = new CodeEnvironment();
                var second = new CodeEnvironment()) {
            first.reset(FREE);
            assertThat(python(
                                    first,
                                    "import os, json\nleft = 42\nos.environ['LEFT'] = 'secret'\n"
                                            + "open('/work/left.txt', 'w').write('x')\nopen('/tmp/left.txt', 'w').write('x')\nleft")
                            .stdout())
                    .isEqualTo("42\n");
            first.close();

            second.reset(FREE);
            Observation clean = python(
                    second,
                    "import os, sys\n"
                            + "print(sorted(k for k in globals() if not k.startswith('__')))\n"
                            + "print(os.environ.get('LEFT'), os.listdir('/work'), [f for f in os.listdir('/tmp') if 'left' in f])\n"
                            + "print('json' in globals())");
            assertThat(clean.stdout()).isEqualTo("['os', 'sys']\nNone [] []\nFalse\n");
            assertThat(WarmPool.stats().get(CodeEnvironment.POOL).hits()).isEqualTo(hits + 2);
        }
    }

    @Test
    void aPooledJavaSessionIsWarmedYetHasNoVariablesMethodsOrClassesOfAnEarlierEpisode() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(2).withJava(true));
        fullPool(2);
        long hits = WarmPool.stats().get(CodeEnvironment.POOL).hits();
        try (var first = new CodeEnvironment();
                var second = new CodeEnvironment()) {
            first.reset(FREE);
            assertThat(java(
                                    first,
                                    "int left = 42;\nString twice(String s) { return s + s; }\nclass Left {}\n"
                                            + "var before = System.setProperty(\"left\", \"secret\");\nleft")
                            .stdout())
                    .isEqualTo("42\n");
            first.close();

            second.reset(FREE);
            // the warm-up's own declarations were dropped: none of their names is left
            Observation first2 = java(second, "1 + 1");
            assertThat(first2.stdout()).isEqualTo("2\n");
            Observation missing = java(second, "left");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.stderr()).contains("cannot find symbol");
            assertThat(java(second, "openenv4jWarm").stderr()).contains("cannot find symbol");
            assertThat(java(second, "openenv4jTwice(\"a\")").stderr()).contains("cannot find symbol");
            assertThat(java(second, "new OpenEnv4jWarm(1)").stderr()).contains("cannot find symbol");
            assertThat(java(second, "new Left()").stderr()).contains("cannot find symbol");
            assertThat(java(second, "System.getProperty(\"left\")").stdout()).isEqualTo("null\n");
            assertThat(java(second, "$1").stdout())
                    .as("the episode's first value is $1")
                    .isEqualTo("2\n");
            assertThat(WarmPool.stats().get(CodeEnvironment.POOL).hits()).isEqualTo(hits + 2);
        }
    }

    @Test
    void submissionsAreGradedInAPooledSandbox() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(1));
        fullPool(1);
        try (var env = new CodeEnvironment()) {
            env.reset(new ResetRequest(3L, null, Map.of()));
            var step = env.step(new CodeOracle().act(null, env.state()));
            assertThat(step.reward()).isEqualTo(1.0);
        }
    }
}
