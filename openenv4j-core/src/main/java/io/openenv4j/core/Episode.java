package io.openenv4j.core;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bookkeeping every episode needs, so an environment only writes its own rules: the episode id, the seed,
 * the step count, and whether the episode has started and ended.
 *
 * <pre>{@code
 * private final Episode episode = new Episode("game");
 *
 * public Step<Observation> reset(ResetRequest request) {
 *     episode.begin(request);                 // id and seed from the request, or new ones
 *     board = Board.dealt(new Random(episode.seed()));
 *     ...
 * }
 *
 * public Step<Observation> step(Action action) {
 *     episode.advance();                      // refuses a step before reset or after the end, counts it
 *     ...
 *     if (won) episode.end("won");
 * }
 * }</pre>
 *
 * <p>The refusals are {@link EnvironmentException}s with the same words in every environment: {@code no game
 * yet: call reset before step} and {@code the game is over (won); call reset to start another}. Not
 * thread-safe, like the environment that owns it.
 */
public final class Episode {

    private final String noun;
    private String id;
    private long seed;
    private long steps;
    private boolean started;
    private boolean over;
    private String ending;

    /** Bookkeeping for an environment whose episodes are called episodes. */
    public Episode() {
        this("episode");
    }

    /**
     * Bookkeeping for an environment whose episodes go by another word in its messages ({@code "game"},
     * {@code "deal"}, {@code "problem"}).
     */
    public Episode(String noun) {
        this.noun = Objects.requireNonNull(noun, "noun");
        if (noun.isBlank()) {
            throw new IllegalArgumentException("noun must not be blank");
        }
    }

    /**
     * Starts a new episode: the id the request asks for or a random UUID, the seed it asks for or a random
     * one, no steps, not over.
     */
    public Episode begin(ResetRequest request) {
        return begin(request, seedFor(request));
    }

    /**
     * Starts a new episode with a seed drawn beforehand by {@link #seedFor}: for resets that build their
     * world from the seed and may still fail, so a failed reset leaves the previous episode untouched.
     */
    public Episode begin(ResetRequest request, long seed) {
        Objects.requireNonNull(request, "request");
        this.id = request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString());
        this.seed = seed;
        this.steps = 0;
        this.started = true;
        this.over = false;
        this.ending = null;
        return this;
    }

    /** The seed {@code request} asks for, or a random one. */
    public static long seedFor(ResetRequest request) {
        return request.seedIfPresent()
                .orElseGet(() -> ThreadLocalRandom.current().nextLong());
    }

    /** Throws unless an episode has started and has not ended. */
    public void requireRunning() {
        if (!started) {
            throw new EnvironmentException("no " + noun + " yet: call reset before step");
        }
        if (over) {
            throw new EnvironmentException("the " + noun + " is over" + (ending == null ? "" : " (" + ending + ")")
                    + "; call reset to start another");
        }
    }

    /** {@link #requireRunning() Requires a running episode} and counts one step; returns the new count. */
    public long advance() {
        requireRunning();
        return ++steps;
    }

    /** Ends the episode with no reason given. */
    public void end() {
        end(null);
    }

    /**
     * Ends the episode; {@code reason} (a wire name such as {@code out_of_steps}, or {@code null}) appears in the
     * refusal of a later step. Ending an ended episode keeps the first reason.
     */
    public void end(String reason) {
        if (!started) {
            throw new IllegalStateException("no episode to end: begin one first");
        }
        if (!over) {
            over = true;
            ending = reason;
        }
    }

    /**
     * Ends the episode as truncated when {@code limit} steps have been taken and it is still running; returns
     * whether it is over now.
     */
    public boolean endAfter(long limit, String reason) {
        if (!over && started && steps >= limit) {
            end(reason);
        }
        return over;
    }

    /** Whether an episode has begun (and so {@link #id()} and {@link #seed()} mean something). */
    public boolean started() {
        return started;
    }

    /** Whether the episode has begun and not ended. */
    public boolean running() {
        return started && !over;
    }

    /** Whether the episode has ended. */
    public boolean over() {
        return over;
    }

    /** Why the episode ended, or {@code null} while it runs or when no reason was given. */
    public String ending() {
        return ending;
    }

    /** The episode's id, or {@code null} before the first {@link #begin}. */
    public String id() {
        return id;
    }

    /** The episode's seed (0 before the first {@link #begin}). */
    public long seed() {
        return seed;
    }

    /** Steps taken in this episode. */
    public long steps() {
        return steps;
    }
}
