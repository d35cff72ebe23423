package io.openenv4j.tasks.internal;

import io.openenv4j.tasks.HiddenFieldLeakException;
import io.openenv4j.tasks.Task;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds a task's hidden values in what is about to reach the agent. The secrets are the hidden fields'
 * leaves: texts (trimmed, matched case-insensitively as whole words: {@code 42} is found in "is 42." but not
 * in "142"), the final answer after {@code ####} in GSM8K-style solutions, and numbers (found as words in
 * text in their plain decimal form, and as JSON numbers of equal value unless they are integers below 100,
 * which every counter and index produces). A secret that the prompt itself shows, or that the agent's own
 * last action contains, is not one the environment can leak. Immutable.
 */
final class LeakGuard {

    private static final Pattern FINAL_ANSWER = Pattern.compile("####\\s*(.+?)\\s*$", Pattern.DOTALL);

    private record Secret(String field, String text, Pattern word, BigDecimal number) {}

    private final Task task;
    private final List<Secret> secrets;

    private LeakGuard(Task task, List<Secret> secrets) {
        this.task = task;
        this.secrets = secrets;
    }

    static LeakGuard of(Task task) {
        var found = new ArrayList<Secret>();
        task.hidden().forEach((field, value) -> collect(field, value, found));
        String prompt = task.prompt().toLowerCase(Locale.ROOT);
        var kept = found.stream()
                .filter(secret -> !secret.word().matcher(prompt).find())
                .toList();
        return new LeakGuard(task, kept);
    }

    /**
     * Throws when {@code node} holds a secret.
     *
     * @param what what is being sent, for the message ("the observation of step 3")
     * @param exempt top-level keys not to scan (protocol and selection fields)
     * @param actionText the JSON of the agent's actions this episode, or {@code ""}
     */
    void check(JsonNode node, String what, Set<String> exempt, String actionText) {
        if (secrets.isEmpty()) {
            return;
        }
        String action = actionText.toLowerCase(Locale.ROOT);
        List<Secret> live = secrets.stream()
                .filter(secret ->
                        action.isEmpty() || !secret.word().matcher(action).find())
                .toList();
        if (live.isEmpty()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!exempt.contains(entry.getKey())) {
                    scan(entry.getValue(), entry.getKey(), live, what);
                }
            }
        } else {
            scan(node, "", live, what);
        }
    }

    private void scan(JsonNode node, String path, List<Secret> live, String what) {
        if (node.isString()) {
            String text = node.asString().toLowerCase(Locale.ROOT);
            for (Secret secret : live) {
                if (secret.word().matcher(text).find()) {
                    throw leak(secret, path, what);
                }
            }
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            boolean smallInteger =
                    value.stripTrailingZeros().scale() <= 0 && value.abs().compareTo(BigDecimal.valueOf(100)) < 0;
            if (!smallInteger) {
                for (Secret secret : live) {
                    if (secret.number() != null && secret.number().compareTo(value) == 0) {
                        throw leak(secret, path, what);
                    }
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                scan(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), live, what);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "[" + i + "]", live, what);
            }
        }
    }

    private HiddenFieldLeakException leak(Secret secret, String path, String what) {
        return new HiddenFieldLeakException(what + " was withheld: its field '" + path
                + "' holds the value of hidden field '"
                + secret.field() + "' of task '" + task.id() + "' (split " + task.split() + "); an environment bound to"
                + " tasks must not show hidden fields to the agent. Reset to start another episode.");
    }

    private static void collect(String field, Object value, List<Secret> into) {
        switch (value) {
            case null -> {}
            case Boolean b -> {}
            case String s -> {
                String text = s.trim();
                if (!text.isEmpty()) {
                    add(field, text, into);
                    var m = FINAL_ANSWER.matcher(text);
                    if (m.find() && !m.group(1).equals(text)) {
                        add(field, m.group(1), into);
                    }
                }
            }
            case Number n -> add(field, plain(n.toString()), into);
            case Map<?, ?> map -> map.forEach((k, v) -> collect(field + "." + k, v, into));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    collect(field + "[" + i + "]", list.get(i), into);
                }
            }
            case byte[] bytes -> {}
            default -> add(field, value.toString(), into);
        }
    }

    private static void add(String field, String text, List<Secret> into) {
        BigDecimal number = number(text);
        var forms = new ArrayList<String>();
        forms.add(text.toLowerCase(Locale.ROOT));
        if (number != null) {
            String canonical = number.stripTrailingZeros().toPlainString();
            if (!forms.contains(canonical)) {
                forms.add(canonical);
            }
        }
        for (String form : forms) {
            var word = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(form) + "(?![\\p{L}\\p{N}])");
            into.add(new Secret(field, form, word, number));
        }
    }

    private static String plain(String numberText) {
        BigDecimal number = number(numberText);
        return number == null ? numberText : number.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal number(String text) {
        String t = text.replace(",", "").replace("$", "").trim();
        try {
            return t.isEmpty() ? null : new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
