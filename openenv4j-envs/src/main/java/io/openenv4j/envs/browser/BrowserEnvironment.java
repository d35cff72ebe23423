package io.openenv4j.envs.browser;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.LiveResources;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.BuiltInTasks;
import io.openenv4j.envs.WarmPools;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A real headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol, on a small
 * shop site the environment serves itself on loopback. Each episode is a task on that site: fill in and
 * submit the newsletter form, search and pick the cheapest match, or put items in the cart and check out.
 * Success is judged from the site's server-side state (what it recorded), never from the page; the verdict
 * is the reward of the episode's last step and goes to the {@link #outcome()}, never into an observation.
 *
 * <p>Every observation carries the page as an accessibility tree whose nodes are numbered; {@code click} and
 * {@code type} take such a number ({@code ref}) or a CSS {@code selector}. Navigation is limited to the
 * site: {@code url} is a path such as {@code /search?q=lamp}, and URLs are reported as paths.
 *
 * <p>Resources: by default all environments of a JVM share one Chromium process, started by the first reset
 * and stopped two seconds after the last environment closes (unless another starts meanwhile); each episode
 * gets its own browser context (cookies, storage and cache of its own), closed at the next reset or on
 * {@link #close()}. With {@code OPENENV4J_BROWSER_ISOLATION=process} each instance has a browser process of
 * its own instead. Browsers run as an unprivileged uid with Chromium's sandbox on, each in a control group
 * bounding its memory and CPU where the JVM may make one; a {@code type} text over {@value #MAX_TYPE_CHARS}
 * characters (and over-long urls and selectors) is refused with an error observation. Each instance serves its
 * own site.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class BrowserEnvironment
        implements Environment<
                        BrowserEnvironment.Action, BrowserEnvironment.Observation, BrowserEnvironment.BrowserState>,
                OutcomeReporting {

    public static final String NAME = "browser";
    static final int DEFAULT_MAX_STEPS = 30;
    private static final Set<String> OPTIONS = Set.of("task", "max_steps", "split", "index");
    private static final int MAX_TEXT = 20_000;
    /** Longest {@code text} a {@code type} action may carry (characters): more is refused before the browser sees it. */
    static final int MAX_TYPE_CHARS = 10_000;
    /** Longest {@code url} and {@code selector} (characters). */
    static final int MAX_URL_CHARS = 2_048;

    static final int MAX_SELECTOR_CHARS = 1_024;

    /** One browser action. */
    @Description("One browser action; which fields matter depends on 'action'.")
    public record Action(
            @Description("navigate, click, type, press, snapshot, text or screenshot")
            String action,

            @Description("navigate: a path of the site, such as /search?q=lamp")
            String url,

            @Description("click, type, press: a CSS selector of the element (or use ref)")
            String selector,

            @Description("click, type, press: the [number] of a node of the last accessibility tree")
            Integer ref,

            @Description("type: the text that replaces the field's content")
            String text,

            @Description("press: a key name such as Enter, Tab, Escape, ArrowDown")
            String key) {

        public static Action navigate(String url) {
            return new Action("navigate", url, null, null, null, null);
        }

        public static Action click(String selector) {
            return new Action("click", null, selector, null, null, null);
        }

        public static Action clickRef(int ref) {
            return new Action("click", null, null, ref, null, null);
        }

        public static Action type(String selector, String text) {
            return new Action("type", null, selector, null, text, null);
        }

        public static Action press(String key) {
            return new Action("press", null, null, null, null, key);
        }

        public static Action of(String action) {
            return new Action(action, null, null, null, null, null);
        }
    }

    /** What the agent sees after each action. */
    @Description("The page after the action, as an accessibility tree, plus the task.")
    public record Observation(
            @Description("What to do in this episode") String task,

            @Description("The page's address as a path of the site, e.g. /cart")
            String url,

            @Description("The page's title") String title,

            @Description("The accessibility tree, one node a line: [ref] role \"name\" and states")
            String tree,

            @Description("The page's visible text (action 'text' only), else null")
            String text,

            @Description("A PNG of the viewport, base64 (action 'screenshot' only), else null")
            String screenshot,

            @Description("Why the action could not be carried out, or null")
            String error,

            @Description("Steps left before the episode is cut off")
            int stepsLeft) {}

    /** The episode as the agent may know it: the task and where the browser is; no verdict, no goal. */
    @Description("The browser episode's state: the task and the page; the checker's goal is not part of it.")
    public record BrowserState(
            String episodeId,
            long stepCount,
            @Description("form, search or shop") String task,
            @Description("What to do, in words") String instruction,

            @Description("The instruction's facts as fields")
            Map<String, Object> parameters,

            @Description("The current page as a path of the site")
            String url,

            @Description("running, finished (the site recorded the task's final event) or truncated")
            String status,

            @Description("The step limit of the episode") int maxSteps)
            implements State {

        public BrowserState {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    private Chromium browser;
    private Site site;
    private Tab tab;
    private BrowserTask task;
    private AxTree.Snapshot snapshot = new AxTree.Snapshot("", Map.of());
    /** The page as last read: what a refused action observes again. */
    private Observation page;
    /** Ends with the wire status: {@code finished} or {@code truncated} ({@code reset failed} if no page stands). */
    private final Episode episode = new Episode();

    private int maxSteps = DEFAULT_MAX_STEPS;
    private String url = "/";
    private Checker.Verdict verdict;

    /** The pool's name in {@code /metrics}. */
    static final String POOL = "browser";

    private static final LiveResources CONTEXTS = LiveResources.named("browser_context");

    /**
     * What a reset needs, made ahead of need: a reference to the shared browser, a site of its own that no
     * episode has seen, and a fresh browser context with a page on the site's home page (the only visit the
     * site has had). Only with {@link Chromium.Isolation#CONTEXT}: a browser process per episode is not pooled.
     */
    record Warm(Chromium browser, Site site, Tab tab) implements AutoCloseable {

        static Warm make() {
            Chromium browser = Chromium.acquire(Chromium.Isolation.CONTEXT);
            Site site = null;
            Tab tab = null;
            try {
                site = Site.start();
                tab = Tab.open(browser);
                tab.navigate(site.origin() + "/");
                return new Warm(browser, site, tab);
            } catch (RuntimeException e) {
                if (tab != null) {
                    tab.close();
                }
                if (site != null) {
                    site.close();
                }
                Chromium.release(browser);
                throw e;
            }
        }

        boolean usable() {
            return browser.isAlive() && tab.isOpen();
        }

        @Override
        public void close() {
            try {
                tab.close();
            } finally {
                try {
                    site.close();
                } finally {
                    Chromium.release(browser);
                }
            }
        }
    }

    /** Contexts to keep ready: the configured size, at most {@link WarmPools#MAX_BROWSER_POOL}; 0 with a browser per episode. */
    private static int poolSize() {
        if (Chromium.Isolation.configured() != Chromium.Isolation.CONTEXT) {
            return 0;
        }
        return Math.min(WarmPools.MAX_BROWSER_POOL, WarmPools.settings().browser());
    }

    /** Starts filling the pool of browser contexts the served environment takes from, when pools are on. */
    public static void warmPool() {
        WarmPools.pool(POOL, Chromium.Isolation.CONTEXT, poolSize(), Warm::make, CONTEXTS, Warm::usable);
    }

    /** How to serve it. */
    public static EnvSpec<Action, Observation, BrowserState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "Headless Chromium over the DevTools protocol on a shop site the"
                                        + " environment serves itself: fill in a form, search, shop and check out; judged from the site's"
                                        + " server-side state."),
                        Action.class,
                        Observation.class,
                        BrowserState.class,
                        BrowserEnvironment::new)
                .withTasks(tasks());
    }

    /**
     * The task API's view of the seeded tasks: task {@code i} is the task {@code reset(seed=i)} plays, shown as its
     * instruction, kind and public facts, never the expected outcome.
     */
    static io.openenv4j.core.TaskCatalogue tasks() {
        return BuiltInTasks.of(BuiltInTasks.SEEDED, index -> {
            BrowserTask task = BrowserTask.draw(BrowserTask.Kind.values()[(int) Math.floorMod(index, 3L)], index);
            return BuiltInTasks.task(
                    "seed-" + index,
                    index,
                    task.instruction(),
                    java.util.Map.of("kind", task.kind().wireName(), "parameters", task.publicParameters()));
        });
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        request.requireKnownOptions("browser", OPTIONS);
        var index = BuiltInTasks.index(request, BuiltInTasks.SEEDED, "task");
        long newSeed = index.isPresent() ? index.getAsLong() : Episode.seedFor(request);
        BrowserTask.Kind kind = request.options().containsKey("task")
                ? BrowserTask.Kind.parse(request.option("task", ""))
                : BrowserTask.Kind.values()[(int) Math.floorMod(newSeed, 3L)];
        long limit = request.longOption("max_steps", DEFAULT_MAX_STEPS);
        if (limit < 1 || limit > 500) {
            throw new EnvironmentException("reset option 'max_steps' must be within 1..500, got " + limit);
        }
        closeTab();
        if (episode.running()) {
            episode.end("reset failed"); // what a step sees if no new page stands after this reset
        }
        if (browser != null && !browser.isAlive()) {
            Chromium dead = browser;
            browser = null;
            Chromium.release(dead);
        }
        task = BrowserTask.draw(kind, newSeed);
        Warm warm = poolSize() == 0
                ? null
                : WarmPools.take(POOL, Chromium.Isolation.CONTEXT, poolSize(), Warm::make, CONTEXTS, Warm::usable);
        if (warm != null) {
            // a site no one else has seen, a fresh context on its home page: the page does not depend on the catalogue
            if (site != null) {
                site.close();
            }
            if (browser != null) {
                Chromium.release(browser);
            }
            browser = warm.browser();
            site = warm.site();
            site.stock(task.catalogue());
        } else {
            if (browser == null) {
                browser = Chromium.acquire();
            }
            if (site == null) {
                site = Site.start();
            }
            site.reset(task.catalogue());
        }
        maxSteps = (int) limit;
        verdict = null;
        episode.begin(request, newSeed);
        if (warm != null) {
            tab = warm.tab();
            return Step.of(observe(null, null, null), 0.0, false);
        }
        Tab opened = Tab.open(browser);
        try {
            opened.navigate(site.origin() + "/");
        } catch (RuntimeException e) {
            opened.close();
            episode.end("reset failed");
            throw e;
        }
        tab = opened;
        return Step.of(observe(null, null, null), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.advance();
        String text = null;
        String screenshot = null;
        String kind = action == null || action.action() == null
                ? ""
                : action.action().trim().toLowerCase(Locale.ROOT);
        // An action refused before it reaches the browser leaves the page as it was: no need to read it again.
        String error = refusal(kind, action);
        boolean touched = error == null;
        if (touched) {
            try {
                switch (kind) {
                    case "navigate" -> tab.navigate(resolve(action.url()));
                    case "click" -> {
                        String element = element(action);
                        tab.act(() -> tab.click(element));
                    }
                    case "type" -> {
                        String element = element(action);
                        tab.act(() -> tab.type(element, action.text()));
                    }
                    case "press" -> {
                        Keys.Key key = Keys.named(action.key());
                        if (action.selector() != null || action.ref() != null) {
                            String element = element(action);
                            tab.callOn(element, "function() { this.focus(); }");
                        }
                        tab.act(() -> tab.press(key));
                    }
                    case "snapshot" -> {
                        // the observation below carries a fresh tree
                    }
                    case "text" ->
                        text = clip(tab.evaluate("document.body ? document.body.innerText : ''")
                                .asString(""));
                    case "screenshot" -> screenshot = tab.screenshot();
                    default -> throw new IllegalStateException("refusal() lets no other action through: " + kind);
                }
            } catch (Cdp.CdpException e) {
                error = "the browser refused the action: " + e.getMessage();
            } catch (EnvironmentException e) {
                if (!browser.isAlive()) {
                    throw new EnvironmentException(
                            "Chromium stopped during the episode; call reset to start a new one", e);
                }
                error = e.getMessage();
            }
        }
        Site.Record record = site.record();
        double reward = 0.0;
        if (Checker.finished(task, record)) {
            episode.end("finished");
        } else {
            episode.endAfter(maxSteps, "truncated");
        }
        if (episode.over()) {
            verdict = Checker.judge(task, record);
            reward = verdict.success() ? 1.0 : 0.0;
        }
        Observation observation = touched
                ? observe(error, text, screenshot)
                : new Observation(page.task(), page.url(), page.title(), page.tree(), null, null, error, stepsLeft());
        return Step.of(observation, reward, episode.over());
    }

    /** Why {@code action} cannot even be tried (checked without the browser), or {@code null}. */
    private String refusal(String kind, Action action) {
        String tooLong = tooLong(action);
        if (tooLong != null) {
            return tooLong;
        }
        try {
            switch (kind) {
                case "navigate" -> resolve(action.url());
                case "click", "type" -> {
                    if (kind.equals("type") && action.text() == null) {
                        return "type needs 'text'";
                    }
                    checkTarget(action);
                }
                case "press" -> {
                    Keys.named(action.key());
                    if (action.selector() != null || action.ref() != null) {
                        checkTarget(action);
                    }
                }
                case "snapshot", "text", "screenshot" -> {
                    return null;
                }
                default -> {
                    return "unknown action '" + (action == null ? null : action.action())
                            + "'; expected navigate, click, type, press, snapshot, text or screenshot";
                }
            }
            return null;
        } catch (EnvironmentException e) {
            return e.getMessage();
        }
    }

    /** Why a field of {@code action} is too long to hand to the browser, or {@code null}. */
    private static String tooLong(Action action) {
        if (action == null) {
            return null;
        }
        if (action.text() != null && action.text().length() > MAX_TYPE_CHARS) {
            return "type text is " + action.text().length() + " characters long; at most " + MAX_TYPE_CHARS
                    + " are accepted";
        }
        if (action.url() != null && action.url().length() > MAX_URL_CHARS) {
            return "url is " + action.url().length() + " characters long; at most " + MAX_URL_CHARS + " are accepted";
        }
        if (action.selector() != null && action.selector().length() > MAX_SELECTOR_CHARS) {
            return "selector is " + action.selector().length() + " characters long; at most " + MAX_SELECTOR_CHARS
                    + " are accepted";
        }
        return null;
    }

    private void checkTarget(Action action) {
        if (action.ref() != null) {
            if (!snapshot.nodes().containsKey(action.ref())) {
                throw new EnvironmentException("no node [" + action.ref() + "] in the last accessibility tree");
            }
        } else if (action.selector() == null || action.selector().isBlank()) {
            throw new EnvironmentException(action.action() + " needs a 'selector' or a 'ref'");
        }
    }

    private int stepsLeft() {
        return (int) Math.max(0, maxSteps - episode.steps());
    }

    private String element(Action action) {
        if (action.ref() != null) {
            Long node = snapshot.nodes().get(action.ref());
            if (node == null) {
                throw new EnvironmentException("no node [" + action.ref() + "] in the last accessibility tree");
            }
            return tab.elementByBackendId(node);
        }
        if (action.selector() == null || action.selector().isBlank()) {
            throw new EnvironmentException(action.action() + " needs a 'selector' or a 'ref'");
        }
        return tab.elementBySelector(action.selector());
    }

    private String resolve(String target) {
        if (target == null || target.isBlank()) {
            throw new EnvironmentException("navigate needs a 'url': a path of the site such as /search");
        }
        String trimmed = target.trim();
        if (trimmed.startsWith(site.origin() + "/") || trimmed.equals(site.origin())) {
            return trimmed;
        }
        if (trimmed.startsWith("/") && !trimmed.startsWith("//")) {
            return site.origin() + trimmed;
        }
        throw new EnvironmentException(
                "only the site's own pages can be opened: give a path such as /search, not '" + target + "'");
    }

    private Observation observe(String error, String text, String screenshot) {
        try {
            return read(error, text, screenshot);
        } catch (EnvironmentException raced) {
            // A navigation the action started late replaced the document while it was being read.
            tab.settle();
            return read(error, text, screenshot);
        }
    }

    private Observation read(String error, String text, String screenshot) {
        JsonNode page = tab.evaluate("[location.href, document.title]");
        String href = page.path(0).asString("");
        url = href.startsWith(site.origin()) ? href.substring(site.origin().length()) : href;
        if (url.isEmpty()) {
            url = "/";
        }
        snapshot = AxTree.render(tab.accessibilityTree());
        this.page = new Observation(
                task.instruction(), url, page.path(1).asString(""), snapshot.text(), null, null, null, 0);
        return new Observation(
                task.instruction(), url, this.page.title(), snapshot.text(), text, screenshot, error, stepsLeft());
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    @Override
    public BrowserState state() {
        if (task == null) {
            return new BrowserState(episode.id(), episode.steps(), null, null, Map.of(), null, null, maxSteps);
        }
        return new BrowserState(
                episode.id(),
                episode.steps(),
                task.kind().wireName(),
                task.instruction(),
                task.publicParameters(),
                url,
                status(),
                maxSteps);
    }

    /** {@code running}, or how the episode ended. */
    private String status() {
        return episode.over() ? episode.ending() : "running";
    }

    /**
     * The site's record, the goal and the verdict: for rubrics and reward providers, never for the agent. Empty
     * before the first reset and after close.
     */
    @Override
    public Optional<Outcome> outcome() {
        if (task == null || site == null) {
            return Optional.empty();
        }
        Site.Record record = site.record();
        Checker.Verdict judged = verdict != null ? verdict : Checker.judge(task, record);
        Map<String, Object> facts = Checker.facts(task, record, status(), judged);
        return Optional.of(new Outcome(
                NAME + ":" + task.kind().wireName() + ":" + episode.seed(),
                episode.seed(),
                episode.over(),
                facts,
                Map.of("task_completed", judged.success()),
                List.of(),
                Map.of()));
    }

    /** The current episode's page, for tests in this package. */
    Tab tab() {
        return tab;
    }

    Site site() {
        return site;
    }

    Chromium browser() {
        return browser;
    }

    private void closeTab() {
        if (tab != null) {
            tab.close();
            tab = null;
        }
    }

    /** Closes the episode's browser context and the site, and lets go of the shared Chromium. Idempotent. */
    @Override
    public void close() {
        try {
            closeTab();
        } finally {
            if (site != null) {
                site.close();
                site = null;
            }
            if (browser != null) {
                Chromium held = browser;
                browser = null;
                Chromium.release(held);
            }
        }
    }
}
