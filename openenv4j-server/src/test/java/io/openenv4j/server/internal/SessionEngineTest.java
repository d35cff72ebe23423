package io.openenv4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.StepOptions;
import io.openenv4j.wire.ErrorCode;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine without any transport: refusals carry the wire error, commands answer replies. */
class SessionEngineTest {

    private static final EnvSpec<ToyTransportTest.Move, ToyTransportTest.Seen, ToyTransportTest.Tally> SPEC =
            EnvSpec.of(
                    EnvironmentMetadata.of("adder", "Adds."),
                    ToyTransportTest.Move.class,
                    ToyTransportTest.Seen.class,
                    ToyTransportTest.Tally.class,
                    ToyTransportTest.Adder::new);

    private static SessionEngine<ToyTransportTest.Move, ToyTransportTest.Seen, ToyTransportTest.Tally> engine(
            EnvSpec<ToyTransportTest.Move, ToyTransportTest.Seen, ToyTransportTest.Tally> spec, int max) {
        return new SessionEngine<>(
                spec, new SessionPool<>(spec, max), new ToyTransportTest.Noting(), Duration.ofSeconds(30));
    }

    @Test
    void aGroupThatDoesNotFitIsRefusedWholeCountingOnlyOtherSessions() throws Exception {
        var pool = new SessionPool<>(SPEC, 3);
        var engine = new SessionEngine<>(SPEC, pool, new ToyTransportTest.Noting(), Duration.ofSeconds(30));
        engine.reserve(Session.Kind.WEBSOCKET);
        assertThatThrownBy(() -> engine.reserveGroup(3, Session.Kind.WEBSOCKET))
                .isInstanceOfSatisfying(
                        SessionEngine.Refused.class, e -> assertThat(e.error()).isEqualTo(WireError.capacity(1, 3)));
        // The group's own slots are given back once their (never opened) sessions' close tasks ran: two fit.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pool.active() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(engine.reserveGroup(2, Session.Kind.WEBSOCKET)).hasSize(2);
    }

    @Test
    void aFailingFactoryIsRefusedWithTheFactoryErrorAndFreesItsSlot() throws Exception {
        var broken = EnvSpec.of(
                EnvironmentMetadata.of("broken", "Never made."),
                ToyTransportTest.Move.class,
                ToyTransportTest.Seen.class,
                ToyTransportTest.Tally.class,
                () -> {
                    throw new IllegalStateException("no GPU");
                });
        var engine = engine(broken, 1);
        var session = engine.reserve(Session.Kind.WEBSOCKET);
        assertThatThrownBy(() -> engine.start(session))
                .isInstanceOfSatisfying(
                        SessionEngine.Refused.class,
                        e -> assertThat(e.error().code()).isEqualTo(ErrorCode.FACTORY_ERROR));
        assertThat(engine.reserve(Session.Kind.WEBSOCKET)).isNotNull();
        assertThat(engine.runOnFresh(new Command.State<>(), () -> {}))
                .isInstanceOfSatisfying(
                        Reply.Failed.class,
                        failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.CAPACITY_REACHED));
    }

    @Test
    void aStatelessCallRunsOnAFreshInstanceAndGivesItsSlotBack() {
        var engine = engine(SPEC, 1);
        var reply = engine.runOnFresh(
                new Command.Step<>(new ToyTransportTest.Move(5), WireJson.object(), StepOptions.none()), () -> {});
        assertThat(reply)
                .isInstanceOfSatisfying(
                        Reply.Stepped.class,
                        stepped -> assertThat(stepped.step().reward()).isEqualTo(5.0));
        assertThat(engine.runOnFresh(new Command.Reset<>(ResetRequest.empty()), () -> {}))
                .isInstanceOf(Reply.Stepped.class);
    }

    @Test
    void anEnvironmentFailureIsAnExecutionErrorAndTheSessionGoesOn() throws Exception {
        var engine = engine(SPEC, 1);
        var session = engine.reserve(Session.Kind.WEBSOCKET);
        engine.start(session);
        // Adder's state before a reset is fine; a null action makes its step throw.
        Reply<ToyTransportTest.Seen, ToyTransportTest.Tally> failed =
                session.call(() -> engine.run(session, new Command.Step<>(null, null, StepOptions.none()), () -> {}));
        assertThat(failed)
                .isInstanceOfSatisfying(
                        Reply.Failed.class, f -> assertThat(f.error().code()).isEqualTo(ErrorCode.EXECUTION_ERROR));
        assertThat(session.call(() -> engine.run(session, new Command.State<>(), () -> {})))
                .isInstanceOf(Reply.StateOf.class);
        assertThat(session.call(() -> engine.run(session, new Command.Close<>(), () -> {})))
                .isInstanceOf(Reply.Closed.class);
        assertThat(session.ended.get()).isTrue();
    }
}
