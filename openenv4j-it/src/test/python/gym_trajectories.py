#!/usr/bin/env python3
"""Step Gymnasium's own environments from a fixed initial state and print the trajectories.

Usage: python gym_trajectories.py --cases FILE

FILE holds a JSON list of cases, each
  {"env": "CartPole-v1" | "MountainCar-v0" | "Blackjack-v1",
   "kwargs": {...},                       # passed to gym.make (e.g. {"natural": false, "sab": false})
   "initial_state": [numbers]             # classic control: env.unwrapped.state
                  | {"player": [cards], "dealer": [cards], "deck": [cards]},   # blackjack
   "actions": [ints]}
For blackjack the env's np_random is replaced by a stacked deck that hands out "deck" in order, so every
card drawn is fixed. Stepping stops at the first terminated or truncated step.

Output (stdout, one JSON document): a list with, per case,
  {"observations": [reset observation, then one per step], "states": [same, 64-bit internal state],
   "rewards": [...], "terminated": [...], "truncated": [...]}
Observations are Gymnasium's own (float32 values widened exactly to float, or the blackjack triple).
"""

import argparse
import json
import sys

import gymnasium as gym
import numpy as np


class StackedDeck:
    """Stands in for np_random in Blackjack: choice() hands out the given cards in order."""

    def __init__(self, cards):
        self.cards = list(cards)

    def choice(self, seq):
        if not self.cards:
            raise RuntimeError("the stacked deck ran out of cards")
        card = self.cards.pop(0)
        if card not in seq:
            raise ValueError(f"card {card} is not one of {seq}")
        return card


def classic_state(env):
    return [float(v) for v in env.unwrapped.state]


def blackjack_state(env):
    return {"player": [int(c) for c in env.unwrapped.player], "dealer": [int(c) for c in env.unwrapped.dealer]}


def run(case):
    env = gym.make(case["env"], **case.get("kwargs", {}))
    blackjack = case["env"].startswith("Blackjack")
    env.reset(seed=0)
    initial = case["initial_state"]
    base = env.unwrapped
    if blackjack:
        base.player = [int(c) for c in initial["player"]]
        base.dealer = [int(c) for c in initial["dealer"]]
        base.np_random = StackedDeck(initial.get("deck", []))
        observation = base._get_obs()
        state_of = blackjack_state
    else:
        base.state = np.array(initial, dtype=np.float64)
        observation = np.array(base.state, dtype=np.float32)
        state_of = classic_state
    out = {"observations": [plain(observation)], "states": [state_of(env)], "rewards": [], "terminated": [],
           "truncated": []}
    for action in case["actions"]:
        observation, reward, terminated, truncated, _ = env.step(int(action))
        out["observations"].append(plain(observation))
        out["states"].append(state_of(env))
        out["rewards"].append(float(reward))
        out["terminated"].append(bool(terminated))
        out["truncated"].append(bool(truncated))
        if terminated or truncated:
            break
    env.close()
    return out


def plain(observation):
    if isinstance(observation, tuple):
        return [int(v) for v in observation]
    return [float(v) for v in np.asarray(observation, dtype=np.float32)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", required=True)
    args = parser.parse_args()
    with open(args.cases, encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([run(case) for case in cases], sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
