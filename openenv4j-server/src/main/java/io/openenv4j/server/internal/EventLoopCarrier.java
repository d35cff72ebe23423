package io.openenv4j.server.internal;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in: a session's virtual threads carried by the event loop of its socket instead of the JDK's shared
 * carrier pool. A message then costs one thread wake-up instead of three (event loop to carrier, carrier
 * back to the event loop to write, and the carrier parking): the frame is read, the environment called and
 * the reply written on one OS thread, and a step that blocks (sleep, socket, lock) still unmounts its
 * virtual thread and frees the event loop. Measured in docs/performance.md.
 *
 * <p>Turned on with {@code -Dopenenv4j.carrier=event-loop}; it needs a JDK whose virtual threads can take
 * a scheduler (found by reflection, so the JVM needs {@code --add-opens java.base/java.lang=ALL-UNNAMED})
 * and, to be safe, JDK 24 or newer, where {@code synchronized} no longer pins a virtual thread to its
 * carrier. When either is missing the server logs why and keeps the JDK's carriers. The hazard it brings:
 * an environment that blocks while pinned (in native code, or in file I/O that the JDK cannot unmount)
 * holds up every socket of that event loop meanwhile.
 */
final class EventLoopCarrier {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoopCarrier.class);
    static final String PROPERTY = "openenv4j.carrier";
    private static final Constructor<?> BUILDER = builderConstructor();
    private static final Map<EventLoop, Thread.Builder> BUILDERS = new ConcurrentHashMap<>();

    private EventLoopCarrier() {}

    private static Constructor<?> builderConstructor() {
        if (!"event-loop".equals(System.getProperty(PROPERTY))) {
            return null;
        }
        if (Runtime.version().feature() < 24) {
            LOG.warn(
                    "-D{}=event-loop ignored: needs JDK 24 or newer (synchronized pins virtual threads before)",
                    PROPERTY);
            return null;
        }
        try {
            Class<?> type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> constructor = type.getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            LOG.info("virtual threads of sessions run on their socket's event loop (-D{}=event-loop)", PROPERTY);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "-D{}=event-loop ignored: the JDK does not let virtual threads take a scheduler ({}); "
                            + "start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED",
                    PROPERTY,
                    e.toString());
            return null;
        }
    }

    /** Whether the option is on and usable. */
    static boolean enabled() {
        return BUILDER != null;
    }

    /**
     * Makes {@code executor} start its virtual threads on the calling event loop, when the option is on and
     * the caller is on an event loop; otherwise leaves it on the JDK's carriers.
     */
    static void adopt(SerialExecutor executor) {
        if (BUILDER == null) {
            return;
        }
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !context.isEventLoopContext()) {
            return;
        }
        EventLoop loop = internal.nettyEventLoop();
        executor.carriedBy(BUILDERS.computeIfAbsent(loop, EventLoopCarrier::builder));
    }

    private static Thread.Builder builder(EventLoop loop) {
        try {
            return ((Thread.Builder.OfVirtual) BUILDER.newInstance((Executor) loop)).name("openenv-session");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build virtual threads on an event loop", e);
        }
    }
}
