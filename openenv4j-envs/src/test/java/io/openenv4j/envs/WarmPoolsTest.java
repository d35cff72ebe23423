package io.openenv4j.envs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmPoolsTest {

    @Test
    void poolsAreOffUnlessTheEnvironmentVariablesSizeThem() {
        assertThat(WarmPools.Settings.fromEnvironment(Map.of())).isEqualTo(WarmPools.Settings.off());
        assertThat(WarmPools.Settings.off().terminal()).isZero();
        assertThat(WarmPools.Settings.fromEnvironment(Map.of(
                        "OPENENV_WARM_POOL",
                        "8",
                        "OPENENV_WARM_POOL_BROWSER",
                        "2",
                        "OPENENV_WARM_POOL_JAVA",
                        "true",
                        "MAX_CONCURRENT_ENVS",
                        "64")))
                .isEqualTo(new WarmPools.Settings(8, 8, true, 2, 64));
        assertThat(WarmPools.Settings.fromEnvironment(Map.of("OPENENV_WARM_POOL_CODE", "4")))
                .isEqualTo(new WarmPools.Settings(0, 4, false, 0, 1024));
    }

    @Test
    void badPoolSettingsAreRefusedWithTheVariablesName() {
        assertThatThrownBy(() -> WarmPools.Settings.fromEnvironment(Map.of("OPENENV_WARM_POOL", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OPENENV_WARM_POOL must be a number of 0 or more, got 'many'");
        assertThatThrownBy(() -> WarmPools.Settings.fromEnvironment(Map.of("OPENENV_WARM_POOL_TERMINAL", "-1")))
                .hasMessageContaining("OPENENV_WARM_POOL_TERMINAL");
        assertThatThrownBy(() -> WarmPools.Settings.fromEnvironment(Map.of("OPENENV_WARM_POOL_JAVA", "yes")))
                .hasMessage("OPENENV_WARM_POOL_JAVA must be true or false, got 'yes'");
        assertThatThrownBy(() -> WarmPools.Settings.of(1).withMaxLive(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environmentsWithoutAPoolStartNone() {
        WarmPools.configure(WarmPools.Settings.of(4));
        try {
            WarmPools.startFor("cartpole");
            WarmPools.startFor("echo");
            assertThat(WarmPools.open()).isEmpty();
        } finally {
            WarmPools.configure(WarmPools.Settings.off());
        }
    }
}
