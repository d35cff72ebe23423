package io.openenv4j.envs.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.envs.browser.BrowserTask.Line;
import io.openenv4j.envs.browser.BrowserTask.Product;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shop site an episode's tasks happen on, served by the environment itself on {@code 127.0.0.1} (a
 * port of its own), with its state on the server side: newsletter sign-ups, favourites, carts (keyed by a
 * {@code sid} cookie, as real shops do) and orders. The checker reads that state, never the page.
 *
 * <p>Thread-safe: requests arrive on the server's threads while the environment reads the state.
 */
final class Site implements AutoCloseable {

    /** What the site has recorded in this episode. */
    record Record(
            List<Map<String, String>> signUps,
            List<Integer> favourites,
            List<Order> orders,
            Map<Integer, Integer> cart,
            int foreignCookies) {
        Record {
            signUps = List.copyOf(signUps);
            favourites = List.copyOf(favourites);
            orders = List.copyOf(orders);
            cart = Map.copyOf(cart);
        }
    }

    /** A placed order. */
    record Order(List<Line> lines, String name, String address) {
        Order {
            lines = List.copyOf(lines);
        }
    }

    private static final AtomicLong SITES = new AtomicLong();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final String cookiePrefix = "s" + SITES.incrementAndGet() + "-";
    private List<Product> catalogue = List.of();
    private final List<Map<String, String>> signUps = new ArrayList<>();
    private final List<Integer> favourites = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();
    private final Map<String, Map<Integer, Integer>> carts = new HashMap<>();
    private int foreignCookies;
    private int sessions;

    private Site(HttpServer server) {
        this.server = server;
    }

    /** Starts the site on a free loopback port, with an empty catalogue until {@link #reset}. */
    static Site start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Site site = new Site(server);
            server.setExecutor(site.executor);
            server.createContext("/", site::handle);
            server.start();
            return site;
        } catch (IOException e) {
            throw new EnvironmentException("cannot start the embedded site: " + e.getMessage(), e);
        }
    }

    /** Where the site is: {@code http://127.0.0.1:<port>}. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets everything and sells {@code newCatalogue} from now on. */
    void reset(List<Product> newCatalogue) {
        lock.lock();
        try {
            catalogue = List.copyOf(newCatalogue);
            signUps.clear();
            favourites.clear();
            orders.clear();
            carts.clear();
            foreignCookies = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sells {@code newCatalogue} from now on, keeping what was recorded: for a site whose only visit so far was
     * its home page (which shows no product), opened ahead of the episode by a pool.
     */
    void stock(List<Product> newCatalogue) {
        lock.lock();
        try {
            catalogue = List.copyOf(newCatalogue);
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of what the site recorded; the cart is the first session's. */
    Record record() {
        lock.lock();
        try {
            Map<Integer, Integer> cart = carts.values().stream().findFirst().orElse(Map.of());
            return new Record(signUps, favourites, orders, new LinkedHashMap<>(cart), foreignCookies);
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            lock.lock();
            try {
                response = route(exchange);
            } finally {
                lock.unlock();
            }
            byte[] body =
                    response.html() == null ? new byte[0] : response.html().getBytes(StandardCharsets.UTF_8);
            if (response.location() != null) {
                exchange.getResponseHeaders().add("Location", response.location());
            }
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private record Response(int status, String html, String location) {
        static Response page(String title, int cartCount, String body) {
            return new Response(200, Pages.page(title, cartCount, body), null);
        }

        static Response seeOther(String location) {
            return new Response(303, null, location);
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        Map<Integer, Integer> cart = cartOf(exchange);
        int count = cart.values().stream().mapToInt(Integer::intValue).sum();
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        boolean post = exchange.getRequestMethod().equalsIgnoreCase("POST");
        Map<String, String> form = post
                ? parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                : parse(uri.getRawQuery());
        if (path.equals("/")) {
            return Response.page("Corner Shop", count, Pages.home());
        }
        if (path.equals("/signup")) {
            return post
                    ? signUp(form, count)
                    : Response.page("Newsletter", count, Pages.signUpForm(Map.of(), List.of()));
        }
        if (path.equals("/search")) {
            String query = form.getOrDefault("q", "").trim();
            List<Product> results = query.isEmpty()
                    ? List.of()
                    : catalogue.stream()
                            .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(query.toLowerCase(Locale.ROOT)))
                            .toList();
            return Response.page("Search", count, Pages.search(query, results));
        }
        if (path.equals("/shop")) {
            return Response.page("All products", count, Pages.productList(catalogue));
        }
        if (path.startsWith("/item/")) {
            Product product = product(path.substring("/item/".length()));
            return product == null
                    ? new Response(404, Pages.page("Not found", count, Pages.notFound()), null)
                    : Response.page(product.name(), count, Pages.item(product));
        }
        if (post && path.equals("/cart/add")) {
            Product product = product(form.get("id"));
            int quantity = parseInt(form.get("quantity"), 1);
            if (product != null && quantity >= 1 && quantity <= 9) {
                cart.merge(product.id(), quantity, Integer::sum);
            }
            return Response.seeOther("/cart");
        }
        if (post && path.equals("/cart/remove")) {
            Product product = product(form.get("id"));
            if (product != null) {
                cart.remove(product.id());
            }
            return Response.seeOther("/cart");
        }
        if (path.equals("/cart")) {
            return Response.page("Cart", count, Pages.cart(lines(cart), catalogue));
        }
        if (post && path.equals("/favourites")) {
            Product product = product(form.get("id"));
            if (product != null) {
                favourites.add(product.id());
            }
            return Response.seeOther("/favourites");
        }
        if (path.equals("/favourites")) {
            return Response.page(
                    "Favourites",
                    count,
                    Pages.favourites(
                            favourites.stream().map(id -> catalogue.get(id - 1)).toList()));
        }
        if (path.equals("/checkout")) {
            return post
                    ? checkout(form, cart)
                    : Response.page("Checkout", count, Pages.checkoutForm(Map.of(), List.of()));
        }
        return new Response(404, Pages.page("Not found", count, Pages.notFound()), null);
    }

    private Response signUp(Map<String, String> form, int count) {
        var errors = new ArrayList<String>();
        if (form.getOrDefault("name", "").isBlank()) {
            errors.add("Enter your name.");
        }
        if (!form.getOrDefault("email", "").matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            errors.add("Enter a valid email address.");
        }
        if (!BrowserTask.PLANS.contains(form.getOrDefault("plan", ""))) {
            errors.add("Choose a plan.");
        }
        if (!"on".equals(form.get("terms"))) {
            errors.add("Accept the terms to sign up.");
        }
        if (!errors.isEmpty()) {
            return Response.page("Newsletter", count, Pages.signUpForm(form, errors));
        }
        signUps.add(Map.of(
                "name", form.get("name").trim(), "email", form.get("email").trim(), "plan", form.get("plan")));
        return Response.page("Signed up", count, Pages.signedUp(form.get("name").trim(), form.get("plan")));
    }

    private Response checkout(Map<String, String> form, Map<Integer, Integer> cart) {
        var errors = new ArrayList<String>();
        if (cart.isEmpty()) {
            errors.add("Your cart is empty.");
        }
        if (form.getOrDefault("fullname", "").isBlank()) {
            errors.add("Enter your full name.");
        }
        if (form.getOrDefault("address", "").isBlank()) {
            errors.add("Enter your address.");
        }
        int count = cart.values().stream().mapToInt(Integer::intValue).sum();
        if (!errors.isEmpty()) {
            return Response.page("Checkout", count, Pages.checkoutForm(form, errors));
        }
        orders.add(new Order(
                lines(cart), form.get("fullname").trim(), form.get("address").trim()));
        cart.clear();
        return Response.page("Order confirmed", 0, Pages.ordered(orders.size()));
    }

    private static List<Line> lines(Map<Integer, Integer> cart) {
        return cart.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Line(e.getKey(), e.getValue()))
                .toList();
    }

    /** The cart of the request's {@code sid} cookie, issuing a new session when it has none of ours. */
    private Map<Integer, Integer> cartOf(HttpExchange exchange) {
        String sid = null;
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals("sid")) {
                    sid = pair[1];
                }
            }
        }
        if (sid != null && carts.containsKey(sid)) {
            return carts.get(sid);
        }
        if (sid != null) {
            foreignCookies++;
        }
        String fresh = cookiePrefix + (++sessions);
        exchange.getResponseHeaders().add("Set-Cookie", "sid=" + fresh + "; Path=/; HttpOnly; SameSite=Lax");
        var cart = new LinkedHashMap<Integer, Integer>();
        carts.put(fresh, cart);
        return cart;
    }

    private Product product(String id) {
        int n = parseInt(id, -1);
        return n >= 1 && n <= catalogue.size() ? catalogue.get(n - 1) : null;
    }

    private static int parseInt(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> parse(String encoded) {
        var values = new LinkedHashMap<String, String>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
