"""Tests of openenv4j.vector against a real OpenEnv4j server.

Run by openenv4j-it's PythonVectorEnvTest, which starts the servers and sets:
  OPENENV4J_CARTPOLE_URL  a cartpole server with at least 1,024 free sessions
  OPENENV4J_COUNTER_URL   a server of the interop suite's counter environment (deltas add to a total, done at
                          10 or more, a delta of 13 fails, reset option "start") with exactly 64 sessions
It runs them twice: in a venv with nothing but websockets, and in one with Gymnasium and numpy.
  python -m unittest -v test_vector
"""

import importlib.util
import os
import random
import sys
import time
import unittest

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
if importlib.util.find_spec("openenv4j") is None:
    # Not installed (the websockets-only venv): the module from the source folder. Installed (the wheel's tests):
    # the installed one, so the source folder never shadows the wheel for the other test modules.
    sys.path.insert(0, SRC)

from openenv4j import vector  # noqa: E402  (a namespace package until openenv4j/__init__.py exists)

try:
    import gymnasium
    import numpy as np
except ImportError:
    gymnasium = None
    np = None

CARTPOLE = os.environ.get("OPENENV4J_CARTPOLE_URL")
COUNTER = os.environ.get("OPENENV4J_COUNTER_URL")


def tolist(values):
    return values.tolist() if hasattr(values, "tolist") else list(values)


@unittest.skipUnless(CARTPOLE, "needs OPENENV4J_CARTPOLE_URL")
class ThousandCartPoles(unittest.TestCase):

    def test_a_trainer_steps_1024_remote_cartpoles_as_one_vector_environment(self):
        space = gymnasium.spaces.Discrete(2) if gymnasium else None
        with vector.VectorEnv(CARTPOLE, 1024, action_space=space) as envs:
            self.assertEqual(envs.observation_keys,
                             ["cart_position", "cart_velocity", "pole_angle", "pole_angular_velocity"])
            obs, infos = envs.reset(seed=0)
            self.assertEqual(len(obs), 1024)
            self.assertEqual(infos, {})
            rng = random.Random(0)
            ended = 0
            restarted = 0
            for _ in range(60):
                if gymnasium:
                    actions = envs.action_space.sample()
                else:
                    actions = [rng.randrange(2) for _ in range(1024)]
                obs, rewards, terminated, truncated, infos = envs.step(actions)
                self.assertEqual(len(obs), 1024)
                self.assertNotIn("error", infos)
                rewards = tolist(rewards)
                # 1 for every step, 0 for an environment that was reset instead of stepped (next-step autoreset).
                self.assertTrue(all(r in (0.0, 1.0) for r in rewards))
                restarted += rewards.count(0.0)
                ended += sum(tolist(terminated)) + sum(tolist(truncated))
                angles = [row[2] for row in tolist(obs)]
                self.assertTrue(all(abs(a) < 0.3 for a in angles), "a pole angle beyond the termination limit")
            self.assertGreater(ended, 1024, "random actions end a CartPole episode within some 20 steps")
            self.assertGreater(restarted, ended - 1024 - 1)
            self.assertLessEqual(restarted, ended)
            if gymnasium:
                self.assertIsInstance(envs, gymnasium.vector.VectorEnv)
                self.assertEqual(obs.dtype, np.float32)
                self.assertEqual(envs.observation_space.shape, (1024, 4))
                self.assertEqual(envs.metadata["autoreset_mode"], gymnasium.vector.AutoresetMode.NEXT_STEP)
            else:
                self.assertNotIn("gymnasium", sys.modules)
                self.assertIsInstance(obs, list)


@unittest.skipUnless(COUNTER, "needs OPENENV4J_COUNTER_URL")
class Semantics(unittest.TestCase):

    def open(self, n, **kwargs):
        envs = vector.VectorEnv(COUNTER, n, **kwargs)
        self.addCleanup(envs.close)
        return envs

    def test_observation_and_action_come_from_the_schema(self):
        envs = self.open(2)
        self.assertEqual(envs.observation_keys, ["total", "last_delta"])
        obs, _ = envs.reset()
        self.assertEqual(tolist(obs), [[0, 0], [0, 0]])
        obs, rewards, *_ = envs.step([{"delta": 2, "note": "x"}, 3])
        self.assertEqual(tolist(obs), [[2, 2], [3, 3]])
        self.assertEqual(tolist(rewards), [2.0, 3.0])

    def test_an_int_seed_gives_environment_i_the_seed_plus_i_and_a_list_gives_each_its_own(self):
        envs = self.open(3, observation_keys=[])
        obs, _ = envs.reset(seed=100)
        self.assertEqual([o["message"] for o in obs], ["reset seed=100", "reset seed=101", "reset seed=102"])
        obs, _ = envs.reset(seed=[7, None, 9])
        self.assertEqual([o["message"] for o in obs], ["reset seed=7", "reset seed=None", "reset seed=9"])

    def test_next_step_autoreset_returns_the_last_observation_then_resets_and_ignores_the_action(self):
        envs = self.open(2)
        envs.reset()
        obs, rewards, terminated, truncated, _ = envs.step([10, 1])
        self.assertEqual(tolist(terminated), [True, False])
        self.assertEqual(tolist(truncated), [False, False])
        self.assertEqual(tolist(obs)[0], [10, 10])
        obs, rewards, terminated, truncated, _ = envs.step([5, 1])
        self.assertEqual(tolist(obs), [[0, 0], [2, 1]])
        self.assertEqual(tolist(rewards), [0.0, 1.0])
        self.assertEqual(tolist(terminated), [False, False])
        self.assertEqual([s["step_count"] for s in envs.states()], [0, 2])
        obs, *_ = envs.step([5, 1])
        self.assertEqual(tolist(obs)[0], [5, 5])

    def test_same_step_autoreset_returns_the_new_episode_and_the_last_observation_in_infos(self):
        envs = self.open(2, autoreset_mode="same_step")
        envs.reset()
        obs, rewards, terminated, _, infos = envs.step([12, 1])
        self.assertEqual(tolist(obs), [[0, 0], [1, 1]])
        self.assertEqual(tolist(rewards), [12.0, 1.0])
        self.assertEqual(tolist(terminated), [True, False])
        self.assertEqual(tolist(infos["_final_obs"]), [True, False])
        self.assertEqual(tolist(infos["final_obs"][0]), [12, 12])
        self.assertIsNone(infos["final_obs"][1])

    def test_disabled_autoreset_leaves_ended_environments_to_a_masked_reset(self):
        envs = self.open(3, autoreset_mode="disabled")
        envs.reset()
        envs.step([10, 1, 2])
        obs, *_ = envs.step([1, 1, 2])
        self.assertEqual(tolist(obs)[0], [11, 1], "no reset without the caller")
        obs, _ = envs.reset(seed=[7, None, None], options={"reset_mask": [True, False, False], "start": 3})
        self.assertEqual(tolist(obs), [[3, 0], [2, 1], [4, 2]])
        self.assertEqual([s["total"] for s in envs.states()], [3, 2, 4])

    def test_a_failing_environment_is_reported_in_infos_and_costs_the_others_nothing(self):
        envs = self.open(3)
        envs.reset()
        obs, rewards, terminated, truncated, infos = envs.step([13, 2, 3])
        self.assertEqual(tolist(infos["_error"]), [True, False, False])
        self.assertEqual(infos["error"][0]["code"], "EXECUTION_ERROR")
        self.assertIn("unlucky delta 13", infos["error"][0]["message"])
        self.assertEqual(tolist(truncated), [True, False, False])
        self.assertEqual(tolist(obs), [[0, 0], [2, 2], [3, 3]])
        obs, rewards, *_ = envs.step([1, 1, 1])
        self.assertEqual(tolist(obs), [[0, 0], [3, 1], [4, 1]], "the failed environment is reset, the others step")
        self.assertEqual(tolist(rewards), [0.0, 1.0, 1.0])

    def test_an_action_that_does_not_validate_is_that_environments_validation_error(self):
        envs = self.open(2)
        envs.reset()
        _, _, _, _, infos = envs.step([{"delta": 1, "bogus": True}, 1])
        self.assertEqual(infos["error"][0]["code"], "VALIDATION_ERROR")
        self.assertEqual(tolist(infos["_error"]), [True, False])

    def test_a_group_larger_than_the_free_slots_is_refused_with_capacity_reached(self):
        envs = self.open(65)
        with self.assertRaises(vector.BatchError) as refused:
            envs.reset()
        self.assertEqual(refused.exception.code, "CAPACITY_REACHED")

    def test_a_refusal_is_still_reported_when_the_server_has_closed_before_the_first_call(self):
        envs = self.open(65)
        time.sleep(0.5)  # the server has sent its refusal and closed long before the trainer calls reset
        with self.assertRaises(vector.BatchError) as refused:
            envs.reset()
        self.assertEqual(refused.exception.code, "CAPACITY_REACHED")

    def test_wrong_lengths_are_refused_before_anything_is_sent(self):
        envs = self.open(2)
        envs.reset()
        with self.assertRaises(ValueError):
            envs.step([1])
        self.assertEqual([s["step_count"] for s in envs.states()], [0, 0])

    def test_a_closed_vector_env_refuses_further_calls(self):
        envs = self.open(2)
        envs.reset()
        envs.close()
        envs.close()
        with self.assertRaises(Exception):
            envs.step([1, 1])


class Loading(unittest.TestCase):

    def test_the_module_also_loads_standalone_from_its_path(self):
        path = os.path.join(SRC, "openenv4j", "vector.py")
        spec = importlib.util.spec_from_file_location("standalone_vector", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.assertEqual(module.batch_url("http://h:1/", 4), "ws://h:1/ws/batch?envs=4")
        self.assertEqual(module.batch_url("https://h", 2), "wss://h/ws/batch?envs=2")


if __name__ == "__main__":
    unittest.main()
