package io.openenv4j.envs.qa;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates the bundled dataset of {@code qa}: grade-school arithmetic word problems from templates, with a
 * numeric answer, a worked solution ending in {@code #### <answer>} (the GSM8K convention), the template's
 * name and a level (the number of operations). Everything follows from the seed ({@link Random} is
 * specified to the bit), so the same seed gives the same bytes on every JVM. A problem whose answer also
 * appears as a number in its question is drawn again, and no question repeats across splits.
 *
 * <p>A test source, not shipped: {@code QaProblemsTest} checks that the committed files are exactly what it
 * generates. Regenerate them with {@code java -cp openenv4j-envs/target/test-classes:openenv4j-envs/target/classes:<the
 * wire module's classpath> io.openenv4j.envs.qa.QaProblems openenv4j-envs/src/main/resources/io/openenv4j/envs/qa}.
 */
final class QaProblems {

    /** The committed splits: name, size and seed. */
    static final List<Object[]> SPLITS = List.of(new Object[] {"train", 200, 2024L}, new Object[] {"test", 50, 2025L});

    private static final List<String> NAMES = List.of(
            "Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hugo", "Isla", "Jonas", "Kira", "Liam", "Maya",
            "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara");
    private static final List<String> ITEMS =
            List.of("apple", "marble", "sticker", "pencil", "cookie", "stamp", "shell", "card", "button", "balloon");

    private record Problem(String template, String question, BigDecimal answer, List<String> steps) {}

    private QaProblems() {}

    /** The rows of one split, as written to its JSON Lines file. */
    static List<Map<String, Object>> generate(String split, int count, long seed, Set<String> taken) {
        var random = new Random(seed);
        var rows = new ArrayList<Map<String, Object>>();
        var seen = new HashSet<>(taken);
        while (rows.size() < count) {
            Problem p = draw(random);
            String answer = text(p.answer());
            if (mentions(p.question(), answer) || !seen.add(p.question())) {
                continue;
            }
            var row = new LinkedHashMap<String, Object>();
            row.put("id", String.format("qa-%s-%04d", split, rows.size()));
            row.put("question", p.question());
            row.put("answer", answer);
            row.put("solution", String.join("\n", p.steps()) + "\n#### " + answer);
            row.put("template", p.template());
            row.put("level", p.steps().size());
            rows.add(row);
        }
        return rows;
    }

    /** The committed files' content, by split name. */
    static Map<String, String> files() {
        var out = new LinkedHashMap<String, String>();
        var taken = new HashSet<String>();
        for (Object[] split : SPLITS) {
            var rows = generate((String) split[0], (Integer) split[1], (Long) split[2], taken);
            var text = new StringBuilder();
            for (var row : rows) {
                taken.add((String) row.get("question"));
                text.append(WireJson.write(row)).append('\n');
            }
            out.put(split[0] + ".jsonl", text.toString());
        }
        return out;
    }

    /** Writes the files into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (var file : files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static Problem draw(Random r) {
        String name = pick(r, NAMES);
        String other = pick(r, NAMES);
        while (other.equals(name)) {
            other = pick(r, NAMES);
        }
        String item = pick(r, ITEMS);
        return switch (r.nextInt(8)) {
            case 0 -> {
                int a = 12 + r.nextInt(60), b = 5 + r.nextInt(40), c = 3 + r.nextInt(a);
                yield new Problem(
                        "buy-give",
                        name + " has " + a + " " + item + "s. " + name + " buys " + b + " more and then gives " + c
                                + " to " + other + ". How many " + item + "s does " + name + " have now?",
                        n(a + b - c),
                        List.of(a + " + " + b + " = " + (a + b), (a + b) + " - " + c + " = " + (a + b - c)));
            }
            case 1 -> {
                int per = 4 + r.nextInt(21), boxes = 3 + r.nextInt(10), sold = 2 + r.nextInt(per * boxes - 2);
                yield new Problem(
                        "boxes-sold",
                        "A box holds " + per + " " + item + "s. " + name + " fills " + boxes + " boxes and sells "
                                + sold + " " + item + "s. How many " + item + "s are left?",
                        n(per * boxes - sold),
                        List.of(
                                per + " * " + boxes + " = " + per * boxes,
                                per * boxes + " - " + sold + " = " + (per * boxes - sold)));
            }
            case 2 -> {
                int daily = 5 + r.nextInt(30), days = 2 + r.nextInt(12), extra = 10 + r.nextInt(200);
                int pages = daily * days + extra;
                yield new Problem(
                        "pages-left",
                        name + " reads " + daily + " pages every day for " + days + " days. The book has " + pages
                                + " pages. How many pages are left to read?",
                        n(extra),
                        List.of(
                                daily + " * " + days + " = " + daily * days,
                                pages + " - " + daily * days + " = " + extra));
            }
            case 3 -> {
                int price = 3 + r.nextInt(25), count = 2 + r.nextInt(9);
                int paid = ((price * count) / 10 + 1 + r.nextInt(5)) * 10;
                yield new Problem(
                        "change",
                        "Tickets cost $" + price + " each. " + name + " buys " + count + " tickets and pays with $"
                                + paid + ". How many dollars of change does " + name + " get?",
                        n(paid - price * count),
                        List.of(
                                price + " * " + count + " = " + price * count,
                                paid + " - " + price * count + " = " + (paid - price * count)));
            }
            case 4 -> {
                int each = 3 + r.nextInt(30), friends = 2 + r.nextInt(11);
                yield new Problem(
                        "share",
                        name + " shares " + each * friends + " " + item + "s equally among " + friends
                                + " friends. How many " + item + "s does each friend get?",
                        n(each),
                        List.of(each * friends + " / " + friends + " = " + each));
            }
            case 5 -> {
                int wage = 8 + r.nextInt(23), monday = 2 + r.nextInt(8), tuesday = 2 + r.nextInt(8);
                yield new Problem(
                        "wages",
                        name + " earns $" + wage + " per hour and works " + monday + " hours on Monday and " + tuesday
                                + " hours on Tuesday. How many dollars does " + name + " earn in total?",
                        n(wage * (monday + tuesday)),
                        List.of(
                                monday + " + " + tuesday + " = " + (monday + tuesday),
                                wage + " * " + (monday + tuesday) + " = " + wage * (monday + tuesday)));
            }
            case 6 -> {
                int rows = 4 + r.nextInt(20), seats = 5 + r.nextInt(20), empty = 1 + r.nextInt(rows * seats - 1);
                yield new Problem(
                        "seats",
                        "A hall has " + rows + " rows of chairs with " + seats + " chairs in each row. " + empty
                                + " chairs are empty. How many people are sitting?",
                        n(rows * seats - empty),
                        List.of(
                                rows + " * " + seats + " = " + rows * seats,
                                rows * seats + " - " + empty + " = " + (rows * seats - empty)));
            }
            default -> {
                int price = 4 * (5 + r.nextInt(60));
                int off = List.of(10, 20, 25, 50).get(r.nextInt(4));
                BigDecimal discount = BigDecimal.valueOf(price)
                        .multiply(BigDecimal.valueOf(off))
                        .divide(BigDecimal.valueOf(100));
                BigDecimal sale = BigDecimal.valueOf(price).subtract(discount);
                yield new Problem(
                        "discount",
                        "A jacket costs $" + price + ". It is on sale for " + off + "% off. How many dollars" + " does "
                                + name + " pay for it?",
                        sale,
                        List.of(
                                price + " * " + off + " / 100 = " + text(discount),
                                price + " - " + text(discount) + " = " + text(sale)));
            }
        };
    }

    private static BigDecimal n(long value) {
        return BigDecimal.valueOf(value);
    }

    private static String text(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static boolean mentions(String question, String answer) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(answer) + "(?![\\p{L}\\p{N}])")
                .matcher(question)
                .find();
    }

    private static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }
}
