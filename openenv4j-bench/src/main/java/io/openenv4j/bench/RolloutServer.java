package io.openenv4j.bench;

import io.openenv4j.envs.blackjack.BlackjackEnvironment;
import io.openenv4j.envs.cartpole.CartPoleEnvironment;
import io.openenv4j.envs.mountaincar.MountainCarEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.io.IOException;

/**
 * The server side of the {@code rollouts} part, as its own process: CartPole, MountainCar and Blackjack on
 * OpenEnv4j's server, each on its own port. Prints one line, {@code OPENENV4J-ROLLOUT-SERVER cartpole=…
 * mountain-car=… blackjack=… pid=…}, once they listen, then serves until its standard input closes.
 */
public final class RolloutServer {

    /** The ready line's first word. */
    public static final String READY = "OPENENV4J-ROLLOUT-SERVER";

    private RolloutServer() {}

    /** No arguments: loopback, free ports, room for two groups of 4,096 environments per server. */
    public static void main(String[] args) throws Exception {
        var config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMaxSessions(8_192);
        try (var cartPole = EnvServer.create(CartPoleEnvironment.spec(), config).start();
                var mountainCar =
                        EnvServer.create(MountainCarEnvironment.spec(), config).start();
                var blackjack =
                        EnvServer.create(BlackjackEnvironment.spec(), config).start()) {
            System.out.println(READY + " cartpole=" + cartPole.port() + " mountain-car=" + mountainCar.port()
                    + " blackjack=" + blackjack.port() + " pid="
                    + ProcessHandle.current().pid());
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // the driver never writes; end of input means it is gone
                }
            } catch (IOException e) {
                // same
            }
        }
        System.exit(0);
    }
}
