package io.openenv4j.core.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The environments the {@link EnvironmentProvider}s on a class path register, in the order found (class path
 * order, then each provider's order), and what went wrong with the providers that failed. A broken provider never
 * takes the others down: it is left out and named in {@link #problems()}.
 */
public final class Environments {

    /**
     * A provider that failed, or a definition left out.
     *
     * @param provider the provider's class name, as its services file names it
     * @param message what is wrong
     */
    public record Problem(String provider, String message) {

        @Override
        public String toString() {
            return "environment provider " + provider + ": " + message;
        }
    }

    private final List<EnvironmentDefinition> definitions;
    private final List<Problem> problems;

    private Environments(List<EnvironmentDefinition> definitions, List<Problem> problems) {
        this.definitions = List.copyOf(definitions);
        this.problems = List.copyOf(problems);
    }

    /** The environments registered on the class path of this class's loader. */
    public static Environments load() {
        return load(Environments.class.getClassLoader());
    }

    /** The environments registered on {@code loader}'s class path (its parents' first). */
    public static Environments load(ClassLoader loader) {
        var found = new LinkedHashMap<String, EnvironmentDefinition>();
        var problems = new ArrayList<Problem>();
        Iterator<EnvironmentProvider> providers =
                ServiceLoader.load(EnvironmentProvider.class, loader).iterator();
        while (true) {
            EnvironmentProvider provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                problems.add(new Problem(providerNamed(e), describe(e)));
                continue;
            } catch (LinkageError e) {
                problems.add(new Problem("?", "a class it needs is missing or broken: " + e));
                continue;
            }
            add(provider, found, problems);
        }
        return new Environments(new ArrayList<>(found.values()), problems);
    }

    /** Environments from the given providers, in order (for tests and programs that list providers themselves). */
    public static Environments of(List<? extends EnvironmentProvider> providers) {
        var found = new LinkedHashMap<String, EnvironmentDefinition>();
        var problems = new ArrayList<Problem>();
        providers.forEach(provider -> add(provider, found, problems));
        return new Environments(new ArrayList<>(found.values()), problems);
    }

    private static void add(
            EnvironmentProvider provider, Map<String, EnvironmentDefinition> found, List<Problem> problems) {
        String name = provider.getClass().getName();
        List<EnvironmentDefinition> listed;
        try {
            listed = provider.environments();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new Problem(name, "environments() failed: " + e));
            return;
        }
        if (listed == null) {
            problems.add(new Problem(name, "environments() returned null"));
            return;
        }
        for (EnvironmentDefinition definition : listed) {
            if (definition == null) {
                problems.add(new Problem(name, "environments() holds a null definition"));
                continue;
            }
            EnvironmentDefinition earlier = found.get(definition.name());
            if (earlier != null) {
                problems.add(new Problem(
                        name,
                        "environment '" + definition.name() + "' is already registered by " + earlier.provider()
                                + "; this one is left out"));
                continue;
            }
            found.put(definition.name(), definition.registeredBy(name));
        }
    }

    /** Every environment found, in order. */
    public List<EnvironmentDefinition> definitions() {
        return definitions;
    }

    /** The names of every environment found, in order. */
    public List<String> names() {
        return definitions.stream().map(EnvironmentDefinition::name).toList();
    }

    /** The environment named {@code name}. */
    public Optional<EnvironmentDefinition> find(String name) {
        return definitions.stream()
                .filter(definition -> definition.name().equals(name))
                .findFirst();
    }

    /** The environment named {@code name}, or an {@link IllegalArgumentException} naming those that exist and the problems. */
    public EnvironmentDefinition require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(unknown(name)));
    }

    /** What to say about an unknown name: the environments found and the providers that failed. */
    public String unknown(String name) {
        var message = new StringBuilder("unknown environment '")
                .append(name)
                .append("'; environments found: ")
                .append(definitions.isEmpty() ? "none" : String.join(", ", names()));
        problems.forEach(problem -> message.append("\n  ").append(problem));
        return message.toString();
    }

    /** The providers that failed and the definitions left out; empty when every provider loaded. */
    public List<Problem> problems() {
        return problems;
    }

    /** The provider class a {@link ServiceLoader} error is about, as its message names it. */
    private static String providerNamed(ServiceConfigurationError error) {
        // Messages read "io.openenv4j.core.spi.EnvironmentProvider: Provider com.example.X not found" and the like.
        String message = String.valueOf(error.getMessage());
        int at = message.indexOf("Provider ");
        if (at >= 0) {
            String rest = message.substring(at + "Provider ".length());
            int end = rest.indexOf(' ');
            return end < 0 ? rest : rest.substring(0, end);
        }
        return "?";
    }

    private static String describe(ServiceConfigurationError error) {
        String message = String.valueOf(error.getMessage());
        int colon = message.indexOf(": ");
        String what = colon >= 0 && message.startsWith(EnvironmentProvider.class.getName())
                ? message.substring(colon + 2)
                : message;
        Throwable cause = error.getCause();
        if (cause instanceof java.lang.reflect.InvocationTargetException target && target.getCause() != null) {
            cause = target.getCause();
        }
        return cause == null ? what : what + ": " + cause;
    }
}
