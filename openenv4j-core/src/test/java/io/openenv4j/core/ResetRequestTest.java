package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResetRequestTest {

    @Test
    void seedAndEpisodeIdAreFieldsNeverOptions() {
        assertThatThrownBy(() -> new ResetRequest(null, null, Map.of("seed", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResetRequest(null, null, Map.of("episode_id", "e")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsAreACopyThatKeepsTheClientsOrderAndCannotBeChanged() {
        var sent = new HashMap<String, Object>();
        sent.put("b", 1);
        var request = new ResetRequest(null, null, sent);
        sent.put("a", 2);
        assertThat(request.options()).containsOnlyKeys("b");
        assertThatThrownBy(() -> request.options().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ResetRequest(null, null, null).options()).isEmpty();
    }

    @Test
    void absentSeedAndEpisodeIdAreEmptyOptionals() {
        assertThat(ResetRequest.empty().seedIfPresent()).isEmpty();
        assertThat(ResetRequest.empty().episodeIdIfPresent()).isEmpty();
        assertThat(ResetRequest.withSeed(7).seedIfPresent()).hasValue(7);
        assertThat(new ResetRequest(null, "ep", Map.of()).episodeIdIfPresent()).hasValue("ep");
    }

    @Test
    void knownOptionsPassAndTheRequestIsReturned() {
        var request = new ResetRequest(1L, null, Map.of("word", "crane"));
        assertThat(request.requireKnownOptions("wordle", Set.of("word", "max_guesses")))
                .isSameAs(request);
    }

    @Test
    void anOptionFallsBackWhenAbsentOrNull() {
        var options = new HashMap<String, Object>();
        options.put("nothing", null);
        options.put("word", "crane");
        var request = new ResetRequest(null, null, options);
        assertThat(request.option("word", "x")).isEqualTo("crane");
        assertThat(request.option("nothing", "x")).isEqualTo("x");
        assertThat(request.option("missing", "x")).isEqualTo("x");
    }

    @Test
    void aLongOptionAcceptsIntegralNumbersAndDigitsAndRefusesTheRest() {
        var request =
                new ResetRequest(null, null, Map.of("n", 3, "whole", 4.0, "text", " 12 ", "half", 2.5, "word", "many"));
        assertThat(request.longOption("n", 0)).isEqualTo(3);
        assertThat(request.longOption("whole", 0)).isEqualTo(4);
        assertThat(request.longOption("text", 0)).isEqualTo(12);
        assertThat(request.longOption("missing", 9)).isEqualTo(9);
        assertThatThrownBy(() -> request.longOption("half", 0))
                .isInstanceOf(EnvironmentException.class)
                .hasMessage("reset option 'half' must be an integer, got 2.5");
        assertThatThrownBy(() -> request.longOption("word", 0))
                .isInstanceOf(EnvironmentException.class)
                .hasMessage("reset option 'word' must be an integer, got many");
    }
}
