package io.openenv4j.envs.browser;

import io.openenv4j.envs.browser.BrowserTask.Goal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hidden judge of a browser task: compares what the site recorded on its server with the task's goal.
 * It never looks at the page, and nothing it says reaches an observation.
 */
final class Checker {

    /** Whether the task succeeded, and why (for the outcome record). */
    record Verdict(boolean success, String reason) {}

    private Checker() {}

    /** Whether the site recorded the event that ends this kind of task (a sign-up, a favourite, an order). */
    static boolean finished(BrowserTask task, Site.Record record) {
        return switch (task.kind()) {
            case FORM -> !record.signUps().isEmpty();
            case SEARCH -> !record.favourites().isEmpty();
            case SHOP -> !record.orders().isEmpty();
        };
    }

    static Verdict judge(BrowserTask task, Site.Record record) {
        return switch (task.goal()) {
            case Goal.SignUp goal -> {
                if (record.signUps().size() != 1) {
                    yield new Verdict(
                            false,
                            "expected one sign-up, the site recorded "
                                    + record.signUps().size());
                }
                Map<String, String> got = record.signUps().get(0);
                boolean ok = got.get("name").equals(goal.name())
                        && got.get("email").equalsIgnoreCase(goal.email())
                        && got.get("plan").equals(goal.plan());
                yield new Verdict(ok, ok ? "signed up as asked" : "signed up with " + got + ", expected " + goal);
            }
            case Goal.Favourite goal -> {
                boolean ok = record.favourites().equals(List.of(goal.productId()));
                yield new Verdict(
                        ok,
                        ok
                                ? "the cheapest match is the only favourite"
                                : "favourites " + record.favourites() + ", expected [" + goal.productId() + "]");
            }
            case Goal.Order goal -> {
                if (record.orders().size() != 1) {
                    yield new Verdict(
                            false,
                            "expected one order, the site recorded "
                                    + record.orders().size());
                }
                Site.Order order = record.orders().get(0);
                var wanted = goal.lines().stream()
                        .sorted(Comparator.comparingInt(BrowserTask.Line::productId))
                        .toList();
                boolean ok = order.lines().equals(wanted)
                        && order.name().equals(goal.name())
                        && order.address().equals(goal.address());
                yield new Verdict(ok, ok ? "ordered as asked" : "ordered " + order + ", expected " + goal);
            }
        };
    }

    /** The outcome's final state: the task, its goal, what the site recorded, and the verdict. */
    static Map<String, Object> facts(BrowserTask task, Site.Record record, String status, Verdict verdict) {
        var facts = new LinkedHashMap<String, Object>();
        facts.put("task", task.kind().wireName());
        facts.put("instruction", task.instruction());
        facts.put("goal", describe(task.goal()));
        facts.put("sign_ups", record.signUps());
        facts.put("favourites", record.favourites());
        facts.put(
                "orders",
                record.orders().stream()
                        .map(o -> Map.of(
                                "lines",
                                o.lines().stream()
                                        .map(l -> Map.of("product_id", l.productId(), "quantity", l.quantity()))
                                        .toList(),
                                "name",
                                o.name(),
                                "address",
                                o.address()))
                        .toList());
        facts.put("status", status);
        facts.put("success", verdict.success());
        facts.put("reason", verdict.reason());
        return facts;
    }

    /** The goal as plain JSON values, for the outcome's final state. */
    static Map<String, Object> describe(Goal goal) {
        var map = new LinkedHashMap<String, Object>();
        switch (goal) {
            case Goal.SignUp g -> {
                map.put("name", g.name());
                map.put("email", g.email());
                map.put("plan", g.plan());
            }
            case Goal.Favourite g -> map.put("product_id", g.productId());
            case Goal.Order g -> {
                map.put(
                        "lines",
                        g.lines().stream()
                                .map(l -> Map.of("product_id", l.productId(), "quantity", l.quantity()))
                                .toList());
                map.put("name", g.name());
                map.put("address", g.address());
            }
        }
        return map;
    }
}
