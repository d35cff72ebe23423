package io.openenv4j.envs.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.WarmPool;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.envs.browser.BrowserEnvironment.Observation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The browser with a warm pool of contexts, in real headless Chromium. */
class WarmBrowserPoolTest {

    private static Chromium held;

    @BeforeAll
    static void holdTheBrowser() {
        held = Chromium.acquire(Chromium.Isolation.CONTEXT);
    }

    @AfterAll
    static void releaseTheBrowser() {
        Chromium.release(held);
    }

    @AfterEach
    void poolsOff() {
        WarmPools.configure(WarmPools.Settings.off());
    }

    private static void fullPool(int size) throws InterruptedException {
        BrowserEnvironment.warmPool();
        assertThat(WarmPools.open().getFirst().awaitReady(size, 120_000))
                .as("the pool fills")
                .isTrue();
    }

    /** The pages (targets) of one browser context. */
    private static List<JsonNode> pagesOf(String context) {
        var pages = new java.util.ArrayList<JsonNode>();
        held.cdp()
                .send("Target.getTargets", Map.of(), Tab.COMMAND_TIMEOUT)
                .path("targetInfos")
                .forEach(target -> {
                    if (context.equals(target.path("browserContextId").asString(""))
                            && target.path("type").asString("").equals("page")) {
                        pages.add(target);
                    }
                });
        return pages;
    }

    @Test
    void anEpisodeFromThePoolHasNoCookiesStorageOrPagesOfAnEarlierEpisode() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(2));
        fullPool(2);
        long hits = WarmPool.stats().get(BrowserEnvironment.POOL).hits();
        try (var first = new BrowserEnvironment();
                var second = new BrowserEnvironment()) {
            first.reset(new ResetRequest(1L, null, Map.of("task", "shop")));
            first.step(BrowserEnvironment.Action.navigate("/item/1"));
            first.step(BrowserEnvironment.Action.click("#add-to-cart"));
            first.tab()
                    .evaluate("document.cookie = 'left=secret; max-age=3600'; localStorage.setItem('left', 'secret');"
                            + " sessionStorage.setItem('left', 'secret'); indexedDB.open('left'); 1");
            String firstContext = first.tab().contextId();
            held.cdp()
                    .send(
                            "Target.createTarget",
                            Map.of("url", first.site().origin() + "/cart", "browserContextId", firstContext),
                            Tab.COMMAND_TIMEOUT);
            assertThat(pagesOf(firstContext)).hasSize(2);
            assertThat(first.tab().cookies()).containsKey("left");
            first.close();
            assertThat(pagesOf(firstContext))
                    .as("the episode's pages went with it")
                    .isEmpty();

            Observation start = second.reset(new ResetRequest(1L, null, Map.of("task", "shop")))
                    .observation();
            assertThat(start.url()).isEqualTo("/");
            assertThat(start.tree()).contains("Cart (0)");
            Tab tab = second.tab();
            assertThat(tab.contextId()).isNotEqualTo(firstContext);
            assertThat(tab.cookies()).doesNotContainKey("left");
            JsonNode storage = tab.evaluate("[localStorage.length, sessionStorage.length, history.length]");
            assertThat(storage.path(0).asInt()).isZero();
            assertThat(storage.path(1).asInt()).isZero();
            assertThat(storage.path(2).asInt())
                    .as("its history: the blank page it opened with and the home page," + " as without a pool")
                    .isEqualTo(2);
            assertThat(pagesOf(tab.contextId())).hasSize(1);
            Observation cart =
                    second.step(BrowserEnvironment.Action.navigate("/cart")).observation();
            assertThat(cart.tree()).contains("Your cart is empty.");
            assertThat(second.site().record().foreignCookies()).isZero();
            assertThat(WarmPool.stats().get(BrowserEnvironment.POOL).hits()).isEqualTo(hits + 2);
        }
    }

    @Test
    void theOracleCompletesEveryTaskInPooledEpisodesJudgedFromTheSitesState() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(2));
        fullPool(2);
        try (var env = new BrowserEnvironment()) {
            for (String task : List.of("form", "search", "shop")) {
                Step<Observation> step = env.reset(new ResetRequest(2L, null, Map.of("task", task)));
                var oracle = new BrowserOracle();
                while (!step.done()) {
                    step = env.step(oracle.act(step, env.state()));
                }
                assertThat(step.reward()).as(task).isEqualTo(1.0);
                assertThat(env.site().record().foreignCookies()).isZero();
            }
        }
    }

    @Test
    void aBrowserProcessPerEpisodeIsNotPooled() {
        System.setProperty("openenv4j.browser.isolation", "process");
        try {
            WarmPools.configure(WarmPools.Settings.of(2));
            BrowserEnvironment.warmPool();
            assertThat(WarmPools.open()).isEmpty();
        } finally {
            System.clearProperty("openenv4j.browser.isolation");
        }
    }
}
