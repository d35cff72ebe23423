package io.openenv4j.envs.browser;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.browser.BrowserEnvironment.Action;
import io.openenv4j.envs.browser.BrowserEnvironment.BrowserState;
import io.openenv4j.envs.browser.BrowserEnvironment.Observation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completes every browser task the way a careful user would, from what an agent may know: the task's
 * public parameters (the state repeats the instruction's facts) and the pages it sees. It finds products
 * and prices by reading the accessibility tree, never the checker's goal. Form: 6 steps; search: 5; shop: 12.
 *
 * <p>One instance per episode.
 */
public final class BrowserOracle implements Policy<Action, Observation, BrowserState> {

    /** A link followed by its price: {@code [7] link "Red Kettle"} then {@code [8] text "— $23.50"}. */
    private static final Pattern PRICED_LINK =
            Pattern.compile("\\[(\\d+)] link \"([^\"]+)\"\\n\\s*\\[\\d+] text \"— \\$(\\d+)\\.(\\d{2})\"");

    private final List<Function<Observation, Action>> plan = new ArrayList<>();
    private int next;

    @Override
    public Action act(Step<Observation> last, BrowserState state) {
        if (plan.isEmpty()) {
            plan(state);
        }
        if (next >= plan.size()) {
            throw new EnvironmentException("the oracle's plan is done but the episode is not");
        }
        return plan.get(next++).apply(last.observation());
    }

    @SuppressWarnings("unchecked")
    private void plan(BrowserState state) {
        Map<String, Object> p = state.parameters();
        switch (state.task()) {
            case "form" -> {
                fixed(Action.navigate("/signup"));
                fixed(Action.type("#name", (String) p.get("name")));
                fixed(Action.type("#email", (String) p.get("email")));
                fixed(Action.click("#plan-" + p.get("plan")));
                fixed(Action.click("#terms"));
                fixed(Action.click("#submit"));
            }
            case "search" -> {
                String query = (String) p.get("query");
                fixed(Action.navigate("/search"));
                fixed(Action.type("#q", query));
                fixed(new Action("press", null, "#q", null, null, "Enter"));
                plan.add(observation -> Action.clickRef(cheapest(observation.tree(), query)));
                fixed(Action.click("#add-to-favourites"));
            }
            case "shop" -> {
                for (Map<String, Object> item : (List<Map<String, Object>>) p.get("items")) {
                    String product = (String) item.get("product");
                    fixed(Action.navigate("/search?q=" + URLEncoder.encode(product, StandardCharsets.UTF_8)));
                    plan.add(observation -> Action.clickRef(linkNamed(observation.tree(), product)));
                    fixed(Action.type("#quantity", String.valueOf(item.get("quantity"))));
                    fixed(Action.click("#add-to-cart"));
                }
                fixed(Action.navigate("/checkout"));
                fixed(Action.type("#fullname", (String) p.get("name")));
                fixed(Action.type("#address", (String) p.get("address")));
                fixed(Action.click("#place-order"));
            }
            default -> throw new EnvironmentException("the oracle knows no task '" + state.task() + "'");
        }
    }

    private void fixed(Action action) {
        plan.add(observation -> action);
    }

    /** The reference of the cheapest listed product whose name contains {@code query}. */
    static int cheapest(String tree, String query) {
        Matcher m = PRICED_LINK.matcher(tree);
        int best = -1;
        int bestCents = Integer.MAX_VALUE;
        while (m.find()) {
            int cents = Integer.parseInt(m.group(3)) * 100 + Integer.parseInt(m.group(4));
            if (m.group(2).toLowerCase(Locale.ROOT).contains(query.toLowerCase(Locale.ROOT)) && cents < bestCents) {
                best = Integer.parseInt(m.group(1));
                bestCents = cents;
            }
        }
        if (best < 0) {
            throw new EnvironmentException("no priced result for '" + query + "' in the page");
        }
        return best;
    }

    /** The reference of the link named exactly {@code name}. */
    static int linkNamed(String tree, String name) {
        Matcher m = PRICED_LINK.matcher(tree);
        while (m.find()) {
            if (m.group(2).equals(name)) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new EnvironmentException("no link named '" + name + "' in the page");
    }
}
