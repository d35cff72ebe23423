package io.openenv4j.envs.browser;

import io.openenv4j.envs.browser.BrowserTask.Line;
import io.openenv4j.envs.browser.BrowserTask.Product;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The HTML of the embedded shop site: plain, labelled markup that reads well as an accessibility tree. */
final class Pages {

    private Pages() {}

    static String page(String title, int cartCount, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + " · Corner Shop</title><style>body{font:16px sans-serif;margin:2em}"
                + "label{display:block;margin:.5em 0}</style></head><body>"
                + "<nav aria-label=\"Site\"><a href=\"/\">Home</a> | <a href=\"/signup\">Newsletter</a> | "
                + "<a href=\"/search\">Search</a> | <a href=\"/shop\">All products</a> | <a href=\"/cart\" id=\"cart-link\">Cart ("
                + cartCount + ")</a></nav><main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    static String home() {
        return "<p>Welcome to the Corner Shop. Sign up for our newsletter, search the catalogue or browse all products.</p>";
    }

    static String signUpForm(Map<String, String> values, List<String> errors) {
        String plans = BrowserTask.PLANS.stream()
                .map(plan -> "<label><input type=\"radio\" name=\"plan\" id=\"plan-" + plan
                        + "\" value=\"" + plan + "\"" + (plan.equals(values.get("plan")) ? " checked" : "") + "> "
                        + Character.toUpperCase(plan.charAt(0)) + plan.substring(1) + "</label>")
                .collect(Collectors.joining());
        return errorList(errors) + "<form method=\"post\" action=\"/signup\" id=\"signup\">"
                + "<label for=\"name\">Name</label><input id=\"name\" name=\"name\" value=\""
                + esc(values.getOrDefault("name", "")) + "\">"
                + "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" value=\""
                + esc(values.getOrDefault("email", "")) + "\">"
                + "<fieldset><legend>Plan</legend>" + plans + "</fieldset>"
                + "<label><input type=\"checkbox\" id=\"terms\" name=\"terms\""
                + ("on".equals(values.get("terms")) ? " checked" : "")
                + "> I accept the terms</label>"
                + "<button type=\"submit\" id=\"submit\">Sign up</button></form>";
    }

    static String signedUp(String name, String plan) {
        return "<p role=\"status\">Thanks, " + esc(name) + "! You are signed up for the " + esc(plan) + " plan.</p>";
    }

    static String search(String query, List<Product> results) {
        String form = "<form method=\"get\" action=\"/search\" role=\"search\"><label for=\"q\">Search products</label>"
                + "<input id=\"q\" name=\"q\" type=\"search\" value=\"" + esc(query) + "\">"
                + "<button type=\"submit\" id=\"search-button\">Search</button></form>";
        if (query.isBlank()) {
            return form;
        }
        return form + "<h2>" + results.size() + " result" + (results.size() == 1 ? "" : "s") + " for \"" + esc(query)
                + "\"</h2>" + productList(results);
    }

    static String productList(List<Product> products) {
        return "<ul id=\"results\">"
                + products.stream()
                        .map(p -> "<li><a href=\"/item/" + p.id() + "\">" + esc(p.name()) + "</a> — " + p.price()
                                + "</li>")
                        .collect(Collectors.joining())
                + "</ul>";
    }

    static String item(Product product) {
        return "<p>Price: <span id=\"price\">" + product.price() + "</span></p>"
                + "<form method=\"post\" action=\"/cart/add\"><input type=\"hidden\" name=\"id\" value=\""
                + product.id() + "\">"
                + "<label for=\"quantity\">Quantity</label><input id=\"quantity\" name=\"quantity\" type=\"number\" min=\"1\" max=\"9\" value=\"1\">"
                + "<button type=\"submit\" id=\"add-to-cart\">Add to cart</button></form>"
                + "<form method=\"post\" action=\"/favourites\"><input type=\"hidden\" name=\"id\" value=\""
                + product.id() + "\">"
                + "<button type=\"submit\" id=\"add-to-favourites\">Add to favourites</button></form>";
    }

    static String favourites(List<Product> products) {
        return products.isEmpty() ? "<p>No favourites yet.</p>" : productList(products);
    }

    static String cart(List<Line> lines, List<Product> catalogue) {
        if (lines.isEmpty()) {
            return "<p>Your cart is empty.</p>";
        }
        String rows = lines.stream()
                .map(line -> {
                    Product p = catalogue.get(line.productId() - 1);
                    return "<tr><td>" + esc(p.name()) + "</td><td>" + line.quantity()
                            + "</td><td><form method=\"post\" "
                            + "action=\"/cart/remove\"><input type=\"hidden\" name=\"id\" value=\"" + p.id()
                            + "\"><button type=\"submit\">"
                            + "Remove " + esc(p.name()) + "</button></form></td></tr>";
                })
                .collect(Collectors.joining());
        return "<table id=\"cart\"><thead><tr><th>Product</th><th>Quantity</th><th></th></tr></thead><tbody>" + rows
                + "</tbody></table><p><a href=\"/checkout\" id=\"checkout\">Checkout</a></p>";
    }

    static String checkoutForm(Map<String, String> values, List<String> errors) {
        return errorList(errors) + "<form method=\"post\" action=\"/checkout\" id=\"checkout-form\">"
                + "<label for=\"fullname\">Full name</label><input id=\"fullname\" name=\"fullname\" value=\""
                + esc(values.getOrDefault("fullname", "")) + "\">"
                + "<label for=\"address\">Address</label><input id=\"address\" name=\"address\" value=\""
                + esc(values.getOrDefault("address", "")) + "\">"
                + "<button type=\"submit\" id=\"place-order\">Place order</button></form>";
    }

    static String ordered(int orderNumber) {
        return "<p role=\"status\">Thank you! Your order number is " + orderNumber + ".</p>";
    }

    static String notFound() {
        return "<p>There is no such page.</p>";
    }

    private static String errorList(List<String> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        return "<div role=\"alert\"><ul>"
                + errors.stream().map(e -> "<li>" + esc(e) + "</li>").collect(Collectors.joining()) + "</ul></div>";
    }

    static String esc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
