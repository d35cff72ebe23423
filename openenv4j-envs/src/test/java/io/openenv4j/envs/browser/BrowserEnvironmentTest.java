package io.openenv4j.envs.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.browser.BrowserEnvironment.Action;
import io.openenv4j.envs.browser.BrowserEnvironment.BrowserState;
import io.openenv4j.envs.browser.BrowserEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.WireJson;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The browser environment with real headless Chromium. The class holds the shared browser for its whole run
 * so that the tests do not start one each.
 */
class BrowserEnvironmentTest extends EnvironmentContract<Action, Observation, BrowserState> {

    private static Chromium held;

    @BeforeAll
    static void holdTheBrowser() {
        held = Chromium.acquire(Chromium.Isolation.CONTEXT);
    }

    @AfterAll
    static void releaseTheBrowser() {
        Chromium.release(held);
    }

    @Override
    protected EnvSpec<Action, Observation, BrowserState> spec() {
        return BrowserEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(
                Action.navigate("/search"), Action.type("#q", "lamp"), Action.press("Enter"), Action.of("snapshot"));
    }

    @Override
    protected Policy<Action, Observation, BrowserState> oracle() {
        return new BrowserOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    @Override
    protected int oracleStepLimit() {
        return 20;
    }

    private static Step<Observation> playOracle(BrowserEnvironment env, Step<Observation> step) {
        var oracle = new BrowserOracle();
        while (!step.done()) {
            step = env.step(oracle.act(step, env.state()));
            assertThat(step.observation().error()).isNull();
        }
        return step;
    }

    @ParameterizedTest
    @ValueSource(strings = {"form", "search", "shop"})
    void oracleCompletesEveryTaskJudgedFromTheSitesServerSideState(String task) {
        try (var env = new BrowserEnvironment()) {
            for (long seed : new long[] {1, 2}) {
                Step<Observation> last = playOracle(env, env.reset(new ResetRequest(seed, null, Map.of("task", task))));
                assertThat(last.reward()).isEqualTo(1.0);
                assertThat(env.state().status()).isEqualTo("finished");
                var outcome = env.outcome().orElseThrow();
                assertThat(outcome.fact("success")).isEqualTo(true);
                assertThat(outcome.testResults()).containsEntry("task_completed", true);
            }
        }
    }

    @Test
    void aWrongSubmissionEndsTheEpisodeWithZeroRewardAndTheVerdictStaysOutOfTheObservation() {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(5L, null, Map.of("task", "form")));
            var wanted = env.state().parameters();
            String wrongPlan = BrowserTask.PLANS.stream()
                    .filter(p -> !p.equals(wanted.get("plan")))
                    .findFirst()
                    .orElseThrow();
            env.step(Action.navigate("/signup"));
            env.step(Action.type("#name", (String) wanted.get("name")));
            env.step(Action.type("#email", (String) wanted.get("email")));
            env.step(Action.click("#plan-" + wrongPlan));
            env.step(Action.click("#terms"));
            Step<Observation> last = env.step(Action.click("#submit"));
            assertThat(last.done()).isTrue();
            assertThat(last.reward()).isEqualTo(0.0);
            assertThat(env.outcome().orElseThrow().fact("success")).isEqualTo(false);
            String visible =
                    WireJson.write(codec().encodeStep(last)) + WireJson.write(codec().encodeState(env.state()));
            assertThat(visible).doesNotContain("success", "verdict", "goal", "reason");
        }
    }

    @Test
    void anInvalidFormIsRefusedByTheSiteAndTheEpisodeGoesOn() {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(5L, null, Map.of("task", "form")));
            env.step(Action.navigate("/signup"));
            Step<Observation> step = env.step(Action.click("#submit"));
            assertThat(step.done()).isFalse();
            assertThat(step.observation().tree()).contains("alert", "Enter your name.", "Accept the terms to sign up.");
        }
    }

    @Test
    void actionsThatCannotBeCarriedOutAreErrorObservationsNotCrashes() {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(1L, null, Map.of("task", "search")));
            assertThat(env.step(Action.of("fly")).observation().error()).contains("unknown action 'fly'");
            assertThat(env.step(Action.click("#nothing-here")).observation().error())
                    .contains("no element matches");
            assertThat(env.step(Action.click("<<<")).observation().error()).contains("invalid CSS selector");
            assertThat(env.step(Action.clickRef(9999)).observation().error()).contains("no node [9999]");
            assertThat(env.step(Action.navigate("https://example.com/"))
                            .observation()
                            .error())
                    .contains("only the site's own pages");
            assertThat(env.step(Action.press("Hyper")).observation().error()).contains("unknown key 'Hyper'");
            assertThat(env.step(Action.type("a[href='/']", "x")).observation().error())
                    .contains("not a text field");
            assertThat(env.step(Action.of("snapshot")).observation().error()).isNull();
            assertThat(env.state().stepCount()).isEqualTo(8);
        }
    }

    @Test
    void clicksByAccessibilityReferenceFollowLinks() {
        try (var env = new BrowserEnvironment()) {
            Step<Observation> step = env.reset(new ResetRequest(1L, null, Map.of("task", "search")));
            String line = step.observation()
                    .tree()
                    .lines()
                    .filter(l -> l.contains("link \"All products\""))
                    .findFirst()
                    .orElseThrow();
            int ref = Integer.parseInt(line.substring(line.indexOf('[') + 1, line.indexOf(']')));
            step = env.step(Action.clickRef(ref));
            assertThat(step.observation().url()).isEqualTo("/shop");
            assertThat(step.observation().title()).startsWith("All products");
        }
    }

    @Test
    void textAndScreenshotActionsReadThePage() {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(1L, null, Map.of("task", "shop")));
            Observation text = env.step(Action.of("text")).observation();
            assertThat(text.text()).contains("Welcome to the Corner Shop");
            Observation shot = env.step(Action.of("screenshot")).observation();
            byte[] png = Base64.getDecoder().decode(shot.screenshot());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void theEpisodeIsCutOffAtTheStepLimit() {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(1L, null, Map.of("task", "form", "max_steps", 2)));
            assertThat(env.step(Action.of("snapshot")).done()).isFalse();
            Step<Observation> last = env.step(Action.of("snapshot"));
            assertThat(last.done()).isTrue();
            assertThat(last.reward()).isEqualTo(0.0);
            assertThat(env.state().status()).isEqualTo("truncated");
            assertThatThrownBy(() -> env.step(Action.of("snapshot")))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("call reset");
        }
    }

    @Test
    void concurrentEpisodesHaveTheirOwnCookiesAndCarts() throws Exception {
        try (var a = new BrowserEnvironment();
                var b = new BrowserEnvironment()) {
            a.reset(new ResetRequest(1L, null, Map.of("task", "shop")));
            b.reset(new ResetRequest(1L, null, Map.of("task", "shop")));
            a.step(Action.navigate("/item/1"));
            a.step(Action.click("#add-to-cart"));
            Observation inB = b.step(Action.navigate("/cart")).observation();
            assertThat(inB.tree()).contains("Your cart is empty.", "Cart (0)");
            assertThat(a.tab().cookies().get("sid"))
                    .isNotEqualTo(b.tab().cookies().get("sid"));
            assertThat(a.tab().contextId()).isNotEqualTo(b.tab().contextId());
            // Cookies ignore ports: without separate contexts b's site would have received a's cookie.
            assertThat(a.site().record().foreignCookies()).isZero();
            assertThat(b.site().record().foreignCookies()).isZero();
            assertThat(a.site().record().cart()).isEqualTo(Map.of(1, 1));
        }
    }

    @Test
    void aNewEpisodeStartsWithAFreshBrowserContext() {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(1L, null, Map.of("task", "shop")));
            String first = env.tab().contextId();
            String sid = env.tab().cookies().get("sid");
            env.reset(new ResetRequest(1L, null, Map.of("task", "shop")));
            assertThat(env.tab().contextId()).isNotEqualTo(first);
            assertThat(env.tab().cookies().get("sid")).isNotEqualTo(sid);
            assertThat(env.site().record().foreignCookies()).isZero();
        }
    }

    @Test
    void badResetOptionsAreClearErrors() {
        try (var env = new BrowserEnvironment()) {
            assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("task", "fly"))))
                    .hasMessageContaining("form, search, shop");
            assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("colour", "red"))))
                    .hasMessageContaining("unknown reset option");
            assertThatThrownBy(() -> env.step(Action.of("snapshot"))).hasMessageContaining("call reset");
        }
    }

    @Test
    void aMissingChromiumIsAnErrorNamingTheDebianPackage() {
        assertThatThrownBy(() -> Chromium.launch(Path.of("/nonexistent/chromium")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("package 'chromium'");
    }
}
