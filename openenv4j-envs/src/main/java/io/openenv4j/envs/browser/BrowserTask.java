package io.openenv4j.envs.browser;

import io.openenv4j.core.EnvironmentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One task on the embedded shop site, drawn from a seed: what the agent is told, and the goal the hidden
 * checker compares the site's final server-side state with. The goal never reaches an observation or the
 * state; the instruction and its public parameters do.
 *
 * @param kind which template
 * @param instruction what the agent is asked to do, in words
 * @param catalogue the products the site sells in this episode
 * @param goal what the site's state must show at the end (the checker's ground truth)
 */
record BrowserTask(Kind kind, String instruction, List<Product> catalogue, Goal goal) {

    /** The task templates; the wire names are what reset option {@code task} takes. */
    enum Kind {
        FORM,
        SEARCH,
        SHOP;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(Object value) {
            for (Kind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(String.valueOf(value).trim())) {
                    return kind;
                }
            }
            throw new EnvironmentException(
                    "reset option 'task' must be one of form, search, shop; got '" + value + "'");
        }
    }

    /** A product of the catalogue; price in cents. */
    record Product(int id, String name, int priceCents) {
        String price() {
            return String.format(Locale.ROOT, "$%d.%02d", priceCents / 100, priceCents % 100);
        }
    }

    /** One order line. */
    record Line(int productId, int quantity) {}

    /** What the checker expects, per template. */
    sealed interface Goal {
        record SignUp(String name, String email, String plan) implements Goal {}

        record Favourite(int productId) implements Goal {}

        record Order(List<Line> lines, String name, String address) implements Goal {
            public Order {
                lines = List.copyOf(lines);
            }
        }
    }

    static final List<String> PLANS = List.of("free", "pro", "team");
    private static final List<String> ADJECTIVES =
            List.of("Red", "Blue", "Green", "Steel", "Oak", "Compact", "Deluxe", "Travel");
    private static final List<String> NOUNS = List.of("Kettle", "Lamp", "Mug", "Chair", "Backpack", "Clock");
    private static final List<String> FIRST =
            List.of("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken");
    private static final List<String> LAST =
            List.of("Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson");
    private static final List<String> STREETS = List.of("Elm Street", "Harbour Road", "Mill Lane", "Station Square");

    BrowserTask {
        catalogue = List.copyOf(catalogue);
    }

    /** The task of {@code kind} for {@code seed}. */
    static BrowserTask draw(Kind kind, long seed) {
        var random = new Random(seed);
        List<Product> catalogue = catalogue(random);
        String first = FIRST.get(random.nextInt(FIRST.size()));
        String last = LAST.get(random.nextInt(LAST.size()));
        String name = first + " " + last;
        return switch (kind) {
            case FORM -> {
                String email = (first + "." + last).toLowerCase(Locale.ROOT) + "@example.com";
                String plan = PLANS.get(random.nextInt(PLANS.size()));
                yield new BrowserTask(
                        kind,
                        "Sign up for the newsletter as " + name + " with the email address " + email + ", choose the "
                                + capitalise(plan) + " plan and accept the terms.",
                        catalogue,
                        new Goal.SignUp(name, email, plan));
            }
            case SEARCH -> {
                String noun = NOUNS.get(random.nextInt(NOUNS.size()));
                Product cheapest = catalogue.stream()
                        .filter(p -> p.name().contains(noun))
                        .min(java.util.Comparator.comparingInt(Product::priceCents))
                        .orElseThrow();
                yield new BrowserTask(
                        kind,
                        "Search the catalogue for \"" + noun.toLowerCase(Locale.ROOT)
                                + "\" and add the cheapest matching product to your favourites.",
                        catalogue,
                        new Goal.Favourite(cheapest.id()));
            }
            case SHOP -> {
                var picks = new ArrayList<>(catalogue);
                java.util.Collections.shuffle(picks, random);
                var lines = List.of(
                        new Line(picks.get(0).id(), 1 + random.nextInt(3)),
                        new Line(picks.get(1).id(), 1 + random.nextInt(3)));
                String address = (1 + random.nextInt(99)) + " " + STREETS.get(random.nextInt(STREETS.size()));
                String what = lines.stream()
                        .map(l -> l.quantity() + " × "
                                + catalogue.get(l.productId() - 1).name())
                        .reduce((a, b) -> a + " and " + b)
                        .orElseThrow();
                yield new BrowserTask(
                        kind,
                        "Buy " + what + " (nothing else), then check out with the name " + name + " and the address "
                                + address + ".",
                        catalogue,
                        new Goal.Order(lines, name, address));
            }
        };
    }

    /** Twelve distinct products with distinct prices, so that "the cheapest" is always one product. */
    private static List<Product> catalogue(Random random) {
        var names = new ArrayList<String>();
        for (String noun : NOUNS) {
            var adjectives = new ArrayList<>(ADJECTIVES);
            java.util.Collections.shuffle(adjectives, random);
            names.add(adjectives.get(0) + " " + noun);
            names.add(adjectives.get(1) + " " + noun);
        }
        java.util.Collections.shuffle(names, random);
        var prices = new java.util.LinkedHashSet<Integer>();
        while (prices.size() < names.size()) {
            prices.add(500 + random.nextInt(9500));
        }
        var products = new ArrayList<Product>();
        var priceList = new ArrayList<>(prices);
        for (int i = 0; i < names.size(); i++) {
            products.add(new Product(i + 1, names.get(i), priceList.get(i)));
        }
        return products;
    }

    /** The instruction's facts as fields, for the state: nothing the instruction does not say. */
    Map<String, Object> publicParameters() {
        var params = new LinkedHashMap<String, Object>();
        switch (goal) {
            case Goal.SignUp signUp -> {
                params.put("name", signUp.name());
                params.put("email", signUp.email());
                params.put("plan", signUp.plan());
            }
            case Goal.Favourite ignored -> params.put("query", instruction.replaceAll(".*\"(.*)\".*", "$1"));
            case Goal.Order order -> {
                params.put(
                        "items",
                        order.lines().stream()
                                .map(l -> Map.of(
                                        "product",
                                        catalogue.get(l.productId() - 1).name(),
                                        "quantity",
                                        l.quantity()))
                                .toList());
                params.put("name", order.name());
                params.put("address", order.address());
            }
        }
        return params;
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
