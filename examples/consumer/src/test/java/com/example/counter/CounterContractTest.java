package com.example.counter;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.List;

/** The testkit's environment contract, run on the consumer's own environment. */
class CounterContractTest extends EnvironmentContract<Counter.Action, Counter.Observation, Counter.CounterState> {

    @Override
    protected EnvSpec<Counter.Action, Counter.Observation, Counter.CounterState> spec() {
        return Counter.spec();
    }

    @Override
    protected List<Counter.Action> script() {
        return List.of(new Counter.Action(3), new Counter.Action(4));
    }
}
