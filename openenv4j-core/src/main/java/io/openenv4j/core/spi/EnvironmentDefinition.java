package io.openenv4j.core.spi;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One environment as a provider registers it: its name, a one-line description, an example action, the options
 * that configure it, how to make its {@link EnvSpec}, and optionally an oracle (a policy that reaches the best
 * return, for {@code openenv4j validate} and the testkit) and typed extensions (an environment that plays tasks
 * from datasets registers a {@code io.openenv4j.tasks.TaskPlayer}). Built with {@link #named(String)}.
 */
public final class EnvironmentDefinition {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    /**
     * An option that configures an environment when it is served ({@code openenv4j serve <env> --option NAME=VALUE}).
     *
     * @param name the option's name
     * @param description what it sets
     * @param defaultValue its value when not given, as text
     */
    public record Option(String name, String description, String defaultValue) {

        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }
    }

    private final String name;
    private final String description;
    private final String actionExample;
    private final List<Option> options;
    private final Function<Map<String, String>, EnvSpec<?, ?, ?>> spec;
    private final Supplier<Policy<?, ?, ?>> oracle;
    private final Map<Class<?>, Object> extensions;
    private final String provider;

    private EnvironmentDefinition(Builder builder, String provider) {
        this.name = builder.name;
        this.description = builder.description;
        this.actionExample = builder.actionExample;
        this.options = List.copyOf(builder.options);
        this.spec = builder.spec;
        this.oracle = builder.oracle;
        this.extensions = Map.copyOf(builder.extensions);
        this.provider = provider;
    }

    /** Starts a definition of the environment {@code name} (what to type after {@code openenv4j serve}). */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** One line on what the environment is. */
    public String description() {
        return description;
    }

    /** An example action, as JSON. */
    public String actionExample() {
        return actionExample;
    }

    /** The options that configure the environment, in the order declared. */
    public List<Option> options() {
        return options;
    }

    /** The class name of the provider that registered this definition ({@code "?"} until registered). */
    public String provider() {
        return provider;
    }

    /** The spec with every option at its default. */
    public EnvSpec<?, ?, ?> spec() {
        return spec(Map.of());
    }

    /**
     * The spec configured by {@code values} (option name to value; options not named keep their defaults).
     *
     * @throws IllegalArgumentException for an option the environment does not have, or a value it refuses
     * @throws EnvironmentProviderException when the spec factory fails otherwise or returns nothing (the message
     *     names the environment and its provider)
     */
    public EnvSpec<?, ?, ?> spec(Map<String, String> values) {
        var known = options.stream().map(Option::name).toList();
        for (String option : values.keySet()) {
            if (!known.contains(option)) {
                throw new IllegalArgumentException("environment '" + name + "' has no option '" + option + "'"
                        + (known.isEmpty() ? "; it takes none" : "; its options: " + String.join(", ", known)));
            }
        }
        var all = new LinkedHashMap<String, String>();
        options.forEach(option -> all.put(option.name(), values.getOrDefault(option.name(), option.defaultValue())));
        EnvSpec<?, ?, ?> made;
        try {
            made = spec.apply(Map.copyOf(all));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new EnvironmentProviderException(
                    "environment '" + name + "' (provider " + provider + ") could not be made: " + e, e);
        }
        if (made == null) {
            throw new EnvironmentProviderException(
                    "environment '" + name + "' (provider " + provider
                            + ") could not be made: its spec factory returned null",
                    null);
        }
        return made;
    }

    /** Whether the environment has an oracle. */
    public boolean hasOracle() {
        return oracle != null;
    }

    /** Makes a fresh oracle for one episode, if the environment has one. */
    public Optional<Supplier<Policy<?, ?, ?>>> oracle() {
        return Optional.ofNullable(oracle);
    }

    /** The extension registered under {@code type}, if any. */
    public <T> Optional<T> extension(Class<T> type) {
        return Optional.ofNullable(type.cast(extensions.get(type)));
    }

    /** This definition as registered by {@code providerName}. */
    EnvironmentDefinition registeredBy(String providerName) {
        return new EnvironmentDefinition(toBuilder(), providerName);
    }

    private Builder toBuilder() {
        var builder = new Builder(name);
        builder.description = description;
        builder.actionExample = actionExample;
        builder.options.addAll(options);
        builder.spec = spec;
        builder.oracle = oracle;
        builder.extensions.putAll(extensions);
        return builder;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds an {@link EnvironmentDefinition}; a description and a spec are required. */
    public static final class Builder {

        private final String name;
        private String description;
        private String actionExample = "{}";
        private final List<Option> options = new ArrayList<>();
        private Function<Map<String, String>, EnvSpec<?, ?, ?>> spec;
        private Supplier<Policy<?, ?, ?>> oracle;
        private final Map<Class<?>, Object> extensions = new LinkedHashMap<>();

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "environment name '" + name + "' must start with a letter or digit and"
                                + " hold only letters, digits, '.', '_', '@' and '-'");
            }
            this.name = name;
        }

        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /** An example action as JSON ({@code "{}"} unless given). */
        public Builder actionExample(String json) {
            this.actionExample = Objects.requireNonNull(json, "actionExample");
            return this;
        }

        /** Declares an option (see {@link #spec(Function)}). */
        public Builder option(String optionName, String optionDescription, String defaultValue) {
            options.add(new Option(optionName, optionDescription, defaultValue));
            return this;
        }

        /** How to make the spec of an environment that takes no options. */
        public Builder spec(Supplier<? extends EnvSpec<?, ?, ?>> factory) {
            Objects.requireNonNull(factory, "spec");
            this.spec = values -> factory.get();
            return this;
        }

        /**
         * How to make the spec from the values of the declared options (every declared option is present, at its
         * default when not given). Throw {@link IllegalArgumentException} for a value the environment refuses.
         */
        public Builder spec(Function<Map<String, String>, ? extends EnvSpec<?, ?, ?>> factory) {
            Objects.requireNonNull(factory, "spec");
            this.spec = factory::apply;
            return this;
        }

        /** Makes a fresh oracle policy for one episode, one that reaches the environment's best return. */
        public Builder oracle(Supplier<? extends Policy<?, ?, ?>> factory) {
            Objects.requireNonNull(factory, "oracle");
            this.oracle = factory::get;
            return this;
        }

        /** Registers {@code value} under {@code type}, for tools that know the type (e.g. task playing). */
        public <T> Builder extension(Class<T> type, T value) {
            extensions.put(Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(value, "value")));
            return this;
        }

        /** The definition; throws {@link IllegalStateException} when the description or the spec is missing. */
        public EnvironmentDefinition build() {
            if (description == null) {
                throw new IllegalStateException("environment '" + name + "' has no description");
            }
            if (spec == null) {
                throw new IllegalStateException("environment '" + name + "' has no spec");
            }
            var names = new java.util.HashSet<String>();
            for (Option option : options) {
                if (!names.add(option.name())) {
                    throw new IllegalStateException(
                            "environment '" + name + "' declares option '" + option.name() + "' twice");
                }
            }
            return new EnvironmentDefinition(this, "?");
        }
    }
}
