package io.openenv4j.envs.browser;

import io.openenv4j.core.EnvironmentException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * One page in its own browser context (CDP {@code Target.createBrowserContext}): cookies, storage and cache
 * are private to it and disappear with it. Drives the page the way a user would: real mouse and keyboard
 * events through the {@code Input} domain, and waits for any navigation an action starts to finish.
 *
 * <p>Not thread-safe: one episode uses it from one thread at a time.
 */
final class Tab implements AutoCloseable {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_GRACE = Duration.ofSeconds(2);

    /** Live browser contexts (one per tab), for {@code /metrics} and the bound of the warm pool. */
    private static final io.openenv4j.core.LiveResources CONTEXTS =
            io.openenv4j.core.LiveResources.named("browser_context");

    private final Cdp cdp;
    private final String contextId;
    private final String targetId;
    private final String session;
    private final BiConsumer<String, JsonNode> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Sequence numbers of the main frame's loading events, for telling which came after an action. */
    private long sequence;

    private long requested;
    private long started;
    private long stopped;
    private boolean closed;

    private Tab(Cdp cdp, String contextId, String targetId, String session) {
        this.cdp = cdp;
        this.contextId = contextId;
        this.targetId = targetId;
        this.session = session;
        this.listener = this::onEvent;
    }

    /** Opens a blank page in a fresh browser context of {@code browser}. */
    static Tab open(Chromium browser) {
        Cdp cdp = browser.cdp();
        String context = cdp.send("Target.createBrowserContext", Map.of("disposeOnDetach", true), COMMAND_TIMEOUT)
                .path("browserContextId")
                .asString();
        try {
            String target = cdp.send(
                            "Target.createTarget",
                            Map.of("url", "about:blank", "browserContextId", context),
                            COMMAND_TIMEOUT)
                    .path("targetId")
                    .asString();
            String session = cdp.send(
                            "Target.attachToTarget", Map.of("targetId", target, "flatten", true), COMMAND_TIMEOUT)
                    .path("sessionId")
                    .asString();
            Tab tab = new Tab(cdp, context, target, session);
            cdp.listen(tab.listener);
            tab.command("Page.enable", Map.of());
            tab.command("Page.setLifecycleEventsEnabled", Map.of("enabled", true));
            tab.command(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1024, "height", 768, "deviceScaleFactor", 1, "mobile", false));
            CONTEXTS.opened();
            return tab;
        } catch (RuntimeException e) {
            disposeQuietly(cdp, context);
            throw e;
        }
    }

    private void onEvent(String sessionId, JsonNode message) {
        if (!session.equals(sessionId)) {
            return;
        }
        String method = message.path("method").asString("");
        JsonNode params = message.path("params");
        boolean mainFrame = targetId.equals(params.path("frameId").asString(""));
        if (!mainFrame) {
            return;
        }
        lock.lock();
        try {
            switch (method) {
                case "Page.frameRequestedNavigation" -> requested = ++sequence;
                case "Page.frameStartedLoading" -> started = ++sequence;
                case "Page.frameStoppedLoading" -> stopped = ++sequence;
                default -> {
                    return;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends a command to the page. */
    JsonNode command(String method, Map<String, Object> params) {
        return cdp.send(session, method, params, COMMAND_TIMEOUT);
    }

    /** Loads {@code url} and waits until it has loaded. */
    void navigate(String url) {
        long before = mark();
        JsonNode result = command("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) {
            throw new EnvironmentException("navigation to " + url + " failed: "
                    + result.get("errorText").asString());
        }
        awaitLoaded(before, true);
    }

    /**
     * Runs {@code action} and, if it started a navigation (a link, a form submission), waits until the new
     * page has loaded.
     */
    void act(Runnable action) {
        long before = mark();
        action.run();
        // One round trip through the page's event loop lets a navigation the action scheduled begin.
        try {
            command(
                    "Runtime.evaluate",
                    Map.of("expression", "new Promise(r => setTimeout(r, 0))", "awaitPromise", true));
        } catch (EnvironmentException e) {
            // the document went away under the evaluation: a navigation started
        }
        awaitLoaded(before, false);
    }

    /** Waits until no navigation of the main frame is loading (for a read that raced with one). */
    void settle() {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        lock.lock();
        try {
            while (started > stopped && System.nanoTime() < deadline) {
                changed.awaitNanos(deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private long mark() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a navigation that began after {@code mark} (requested by the page or started) has stopped
     * loading. A request that never starts loading (cancelled, or within the same document) is given up on
     * after a short while; {@code mustStart} says a navigation is certain to come.
     */
    private void awaitLoaded(long mark, boolean mustStart) {
        long now = System.nanoTime();
        long deadline = now + LOAD_TIMEOUT.toNanos();
        long startDeadline = now + Math.min(LOAD_TIMEOUT.toNanos(), REQUEST_GRACE.toNanos());
        lock.lock();
        try {
            while (true) {
                boolean began = started > mark;
                boolean asked = requested > mark;
                if (!began && !asked && !mustStart) {
                    return;
                }
                if (began && stopped > Math.max(started, requested)) {
                    return;
                }
                if (!began && asked && !mustStart && System.nanoTime() > startDeadline) {
                    return;
                }
                long left = (began || mustStart ? deadline : startDeadline) - System.nanoTime();
                if (left <= 0) {
                    if (!began && !mustStart) {
                        return;
                    }
                    throw new EnvironmentException(
                            "the page did not finish loading within " + LOAD_TIMEOUT.toSeconds() + " s");
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while waiting for the page to load", e);
        } finally {
            lock.unlock();
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value (JSON-shaped). */
    JsonNode evaluate(String expression) {
        JsonNode result = command(
                "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new EnvironmentException("script failed: "
                    + result.path("exceptionDetails")
                            .path("exception")
                            .path("description")
                            .asString(
                                    result.path("exceptionDetails").path("text").asString("")));
        }
        return result.path("result").path("value");
    }

    /** The remote object id of the first element matching {@code selector}. */
    String elementBySelector(String selector) {
        JsonNode result = command(
                "Runtime.evaluate",
                Map.of("expression", "document.querySelector(" + io.openenv4j.wire.WireJson.write(selector) + ")"));
        if (result.has("exceptionDetails")) {
            throw new EnvironmentException("invalid CSS selector '" + selector + "'");
        }
        JsonNode object = result.path("result");
        if (!object.hasNonNull("objectId")) {
            throw new EnvironmentException("no element matches the selector '" + selector + "'");
        }
        return object.get("objectId").asString();
    }

    /** The remote object id of the DOM node with {@code backendNodeId}. */
    String elementByBackendId(long backendNodeId) {
        try {
            return command("DOM.resolveNode", Map.of("backendNodeId", backendNodeId))
                    .path("object")
                    .path("objectId")
                    .asString();
        } catch (Cdp.CdpException e) {
            throw new EnvironmentException("the node is no longer in the page; take a new snapshot");
        }
    }

    /** Calls {@code function} (JavaScript source) with the element as {@code this}; returns its value. */
    JsonNode callOn(String objectId, String function) {
        JsonNode result = command(
                "Runtime.callFunctionOn",
                Map.of(
                        "objectId",
                        objectId,
                        "functionDeclaration",
                        function,
                        "returnByValue",
                        true,
                        "awaitPromise",
                        true));
        if (result.has("exceptionDetails")) {
            throw new EnvironmentException(result.path("exceptionDetails")
                    .path("exception")
                    .path("description")
                    .asString("script failed"));
        }
        return result.path("result").path("value");
    }

    /** Clicks the element like a mouse would: scrolled into view, pressed and released at its centre. */
    void click(String objectId) {
        JsonNode point = callOn(objectId, """
                function() {
                  const element = this.nodeType === Node.ELEMENT_NODE ? this : this.parentElement;
                  element.scrollIntoView({block: 'center', inline: 'center'});
                  const box = element.getBoundingClientRect();
                  if (box.width === 0 || box.height === 0) return null;
                  return [box.x + box.width / 2, box.y + box.height / 2];
                }""");
        if (point == null || !point.isArray()) {
            throw new EnvironmentException("the element is not visible, so it cannot be clicked");
        }
        double x = point.get(0).asDouble();
        double y = point.get(1).asDouble();
        command("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        command(
                "Input.dispatchMouseEvent",
                Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        command(
                "Input.dispatchMouseEvent",
                Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** Focuses the element and replaces its text with {@code text}, as typed. */
    void type(String objectId, String text) {
        JsonNode editable = callOn(objectId, """
                function() {
                  const element = this.nodeType === Node.ELEMENT_NODE ? this : this.parentElement;
                  const field = element.isContentEditable || element instanceof HTMLTextAreaElement
                      || (element instanceof HTMLInputElement && !['checkbox','radio','submit','button','hidden','file','image','reset'].includes(element.type));
                  if (!field) return false;
                  element.scrollIntoView({block: 'center'});
                  element.focus();
                  if (element.select) element.select(); else document.execCommand('selectAll');
                  return true;
                }""");
        if (!editable.asBoolean(false)) {
            throw new EnvironmentException("the element is not a text field, so it cannot be typed into");
        }
        command("Input.insertText", Map.of("text", text));
    }

    /** Presses and releases one key (on whatever has the focus). */
    void press(Keys.Key key) {
        var down = new LinkedHashMap<String, Object>(Map.of(
                "type",
                key.text().isEmpty() ? "rawKeyDown" : "keyDown",
                "key",
                key.key(),
                "code",
                key.code(),
                "windowsVirtualKeyCode",
                key.keyCode()));
        if (!key.text().isEmpty()) {
            down.put("text", key.text());
        }
        command("Input.dispatchKeyEvent", down);
        command(
                "Input.dispatchKeyEvent",
                Map.of("type", "keyUp", "key", key.key(), "code", key.code(), "windowsVirtualKeyCode", key.keyCode()));
    }

    /** The page's accessibility tree, as CDP reports it. */
    List<JsonNode> accessibilityTree() {
        JsonNode nodes = command("Accessibility.getFullAXTree", Map.of()).path("nodes");
        var list = new java.util.ArrayList<JsonNode>();
        nodes.forEach(list::add);
        return list;
    }

    /** A PNG of the viewport, base64-encoded. */
    String screenshot() {
        return command("Page.captureScreenshot", Map.of("format", "png"))
                .path("data")
                .asString();
    }

    /** The cookies of this tab's context, by name (for tests of isolation). */
    Map<String, String> cookies() {
        var cookies = new HashMap<String, String>();
        command("Network.getCookies", Map.of())
                .path("cookies")
                .forEach(cookie -> cookies.put(
                        cookie.path("name").asString(), cookie.path("value").asString()));
        return cookies;
    }

    String contextId() {
        return contextId;
    }

    /** Whether the tab has not been closed and its browser connection is open. */
    boolean isOpen() {
        return !closed && cdp.isOpen();
    }

    /** Closes the page and disposes of its browser context (its cookies and storage go with it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CONTEXTS.closed();
        cdp.unlisten(listener);
        if (!cdp.isOpen()) {
            return;
        }
        try {
            cdp.send("Target.closeTarget", Map.of("targetId", targetId), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            // disposing of the context below closes the target too
        }
        disposeQuietly(cdp, contextId);
    }

    private static void disposeQuietly(Cdp cdp, String context) {
        try {
            cdp.send("Target.disposeBrowserContext", Map.of("browserContextId", context), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            // the browser is gone or the context already disposed
        }
    }
}
