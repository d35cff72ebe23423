package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.Step;
import io.openenv4j.rewards.RewardClient;
import io.openenv4j.rewards.RewardProviderException;
import io.openenv4j.rewards.Scored;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.rewards.Transition;
import io.openenv4j.server.ProviderRewards;
import io.openenv4j.server.RewardTiming;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.ErrorCode;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The trainer side of every step (RFC 007): records each episode for the trainer channel and, with a
 * reward provider configured, replaces the step's reward by the provider's. Sits between the environment
 * and the encoder on every route that resets or steps, so the agent's frames only ever carry the reward
 * value: outcome, trajectory, components and provenance stay in the {@link EpisodeLog}. When neither a
 * trainer channel nor a provider is configured it does nothing and costs nothing. Thread-safe; one {@link
 * Track} per session, used from that session's executor only.
 */
final class Scoring<A, O, S> implements EpisodeHooks<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(Scoring.class);

    private final EnvCodec<A, O, S> codec;
    private final ProviderRewards provider;
    private final RewardClient client;
    private final EpisodeLog log;
    /** Metrics and the trajectory file; set by the server before it serves, {@code null} in unit tests. */
    volatile Telemetry telemetry;

    Scoring(EnvSpec<A, O, S> spec, ServerConfig config) {
        this.codec = EnvCodec.of(spec);
        this.provider = config.rewards();
        this.client = provider == null ? null : RewardClient.create(provider.url(), provider.timeout());
        this.log = config.trainer() == null
                ? null
                : new EpisodeLog(config.trainer().episodes());
    }

    /** Whether steps call out to a reward provider over the network (so they block, whatever the env declares). */
    @Override
    public boolean blocks() {
        return provider != null;
    }

    /** Whether steps pass through here at all. */
    boolean active() {
        return provider != null || log != null;
    }

    /** The trainer channel's episodes, or {@code null} when there is no channel. */
    EpisodeLog log() {
        return log;
    }

    /** One session's current episode. Confined to the session's executor. */
    static final class Track {
        /** Whose episodes these are (a session id), so that one owner's resets evict only its own records. */
        private final String owner;

        private Episode episode;
        private double previous;
        /** The episode being written to the trajectory file (see {@link Telemetry#record}). */
        String recordingEpisode;

        int recordedSteps;

        /** The track of a session. */
        Track(String owner) {
            this.owner = owner;
        }

        /** The track of a stateless HTTP call: all of them share one owner. */
        Track() {
            this("stateless-http");
        }

        /** Whose episodes these are: a session id, or {@code stateless-http}. */
        String owner() {
            return owner;
        }
    }

    /** Starts a new episode after {@code env} was reset; the reset's own step is passed on unchanged. */
    @Override
    public Step<O> afterReset(Track track, Environment<A, O, S> env, Step<O> step) {
        Telemetry recorder = telemetry;
        if (recorder != null && recorder.recording()) {
            recorder.record(track, codec, null, step);
        }
        if (active()) {
            begin(track, env);
        }
        return step;
    }

    /**
     * Records a step and returns it with the provider's reward (or unchanged without a provider).
     *
     * @param action the action as the client sent it
     * @throws Failure when the provider gave no reward; the step is recorded all the same
     */
    @Override
    public Step<O> afterStep(Track track, Environment<A, O, S> env, JsonNode action, Step<O> step) {
        Step<O> scored = scoredStep(track, env, action, step);
        Telemetry recorder = telemetry;
        if (recorder != null && recorder.recording()) {
            recorder.record(track, codec, action == null ? WireJson.object() : action, scored);
        }
        return scored;
    }

    private Step<O> scoredStep(Track track, Environment<A, O, S> env, JsonNode action, Step<O> step) {
        if (!active()) {
            return step;
        }
        if (track.episode == null) {
            begin(track, env);
        }
        Episode episode = track.episode;
        Object observation = WireJson.toPlain(codec.encodeStep(step).get("observation"));
        Trajectory trajectory = episode.record(
                Transition.of(
                        action == null ? null : WireJson.toPlain(action), observation, step.reward(), step.done()),
                outcome(env));
        if (provider == null) {
            return step;
        }
        int index = trajectory.steps().size();
        if (provider.timing() == RewardTiming.EPISODE && !step.done()) {
            return Step.of(step.observation(), null, false);
        }
        Scored scored;
        try {
            scored = client.score(trajectory);
            String rubric = scored.score().provenance().rubric();
            if (provider.rubric() != null && !provider.rubric().equals(rubric)) {
                throw new RewardProviderException(
                        RewardProviderException.Kind.MALFORMED_REPLY,
                        200,
                        "RUBRIC_MISMATCH",
                        "the provider scored with rubric '" + rubric + "', the server expects '" + provider.rubric()
                                + "'",
                        null);
            }
        } catch (RewardProviderException e) {
            throw fail(episode, index, e);
        }
        double value = scored.score().value();
        double reward = provider.timing() == RewardTiming.DELTA ? value - track.previous : value;
        track.previous = value;
        episode.scored(index, reward, scored);
        return Step.of(step.observation(), reward, step.done());
    }

    private void begin(Track track, Environment<A, O, S> env) {
        track.episode = log == null
                ? new Episode(episodeId(env), outcome(env))
                : log.start(track.owner, episodeId(env), outcome(env));
        track.previous = 0;
    }

    private Failure fail(Episode episode, int index, RewardProviderException e) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("kind", e.kind().name());
        detail.put("status", e.status() < 0 ? null : e.status());
        detail.put("code", e.code());
        detail.put("message", e.getMessage());
        episode.failed(index, detail);
        LOG.warn("reward provider gave no reward for step {} of episode {}: {}", index, episode.id, e.getMessage());
        // The agent-facing error names the failure but not the provider's message, which may quote ground truth.
        var extras = new LinkedHashMap<String, Object>();
        extras.put("episode_id", episode.id);
        extras.put("step", index);
        extras.put("provider_error", e.kind().name());
        if (e.status() >= 0) {
            extras.put("provider_status", e.status());
        }
        if (e.code() != null) {
            extras.put("provider_code", e.code());
        }
        String what =
                e.kind().name() + (e.status() >= 0 ? " " + e.status() : "") + (e.code() == null ? "" : " " + e.code());
        return new Failure(new WireError(
                ErrorCode.REWARD_ERROR,
                "The reward provider gave no reward for step " + index + " of episode " + episode.id + " (" + what
                        + "); the step was taken, the trainer channel has the details",
                extras));
    }

    private String episodeId(Environment<A, O, S> env) {
        try {
            JsonNode id = codec.encodeState(env.state()).get("episode_id");
            if (id != null && id.isString() && !id.stringValue().isEmpty()) {
                return id.stringValue();
            }
        } catch (RuntimeException e) {
            LOG.debug("state() failed while naming an episode", e);
        }
        return "unnamed-" + UUID.randomUUID();
    }

    private static Outcome outcome(Environment<?, ?, ?> env) {
        return env instanceof OutcomeReporting reporting ? reporting.outcome().orElse(null) : null;
    }

    /** The provider gave no reward for a step; {@link #error()} is what the client is told. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient WireError error;

        Failure(WireError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        WireError error() {
            return error;
        }
    }
}
