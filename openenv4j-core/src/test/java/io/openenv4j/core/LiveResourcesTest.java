package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LiveResourcesTest {

    @Test
    void theSameNameGivesTheSameCounterAndItIsListedByName() {
        LiveResources first = LiveResources.named("core_test_same");
        assertThat(LiveResources.named("core_test_same")).isSameAs(first);
        assertThat(LiveResources.all()).containsEntry("core_test_same", first);
        assertThat(first.name()).isEqualTo("core_test_same");
    }

    @Test
    void liveCountsWhatIsHeldNowAndTotalEverythingEverOpened() {
        LiveResources counter = LiveResources.named("core_test_counts");
        counter.opened();
        counter.opened();
        counter.closed();
        counter.opened();
        assertThat(counter.live()).isEqualTo(2);
        assertThat(counter.total()).isEqualTo(3);
        counter.closed();
        counter.closed();
        assertThat(counter.live()).isZero();
        assertThat(counter.total()).isEqualTo(3);
    }

    @Test
    void aNameThatIsNotAMetricLabelIsRefused() {
        for (String bad : new String[] {null, "", "Sandbox", "9lives", "with-dash", "with space"}) {
            assertThatThrownBy(() -> LiveResources.named(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case letters, digits and '_'");
        }
    }
}
