"""Remote environments of an OpenEnv4j server as one Gymnasium vector environment.

``VectorEnv(base_url, num_envs)`` opens one WebSocket on the server's ``/ws/batch?envs=N`` (the OpenEnv4j
batched-stepping extension, docs/protocol.md) and steps N environments with one frame per call, with the
semantics of Gymnasium's vector API: ``reset(seed=, options=)`` and ``step(actions)`` return
``(observations, infos)`` and ``(observations, rewards, terminations, truncations, infos)``, the three
autoreset modes (next-step, the default; same-step; disabled), per-environment seeds, partial resets with
``options={"reset_mask": mask}``, and errors per environment.

Dependencies: the standard library and ``websockets`` (>= 13) only. When ``gymnasium`` and ``numpy`` are
importable, ``VectorEnv`` is a ``gymnasium.vector.VectorEnv``: spaces are Gymnasium spaces and results are
numpy arrays. Without them it is a plain class with the same methods, and results are Python lists (one
entry per environment; an observation is then a list of floats). The module imports as ``openenv4j.vector`` and also standalone from its path.

Spaces come from the server's ``GET /schema``: the observation's numeric fields (``number``/``integer``, in
schema order, without ``reward``) become a float32 ``Box`` of that many values, and an action with a single
integer field becomes ``Discrete`` when the schema bounds it (``minimum``/``maximum`` or ``enum``). Pass
``observation_keys=``, ``observation_space=`` or ``action_space=`` when the schema says too little (the
built-in CartPole's action is an unbounded integer: ``action_space=gymnasium.spaces.Discrete(2)``).
Observations without numeric fields are returned as a list (or object array) of the JSON objects.

Termination: the server sends ``done``; an observation field ``truncated`` (as the classic-control
environments send) splits it into Gymnasium's terminated and truncated.

Errors: a step or reset that fails for one environment (an action that does not validate, an environment
that raised) costs the others nothing. The failed environment's entry keeps its last observation, gets
reward 0 and ``truncated`` true (its episode is treated as over, so the autoreset mode resets it), and the
server's error ``{"message", "code", ...}`` is in ``infos["error"][i]`` (``infos["_error"][i]`` true). An
error for the whole frame raises ``BatchError``; a lost connection raises ``websockets`` errors.
"""

from __future__ import annotations

import json
import socket
import urllib.parse
import urllib.request
from typing import Any, Iterable, List, Optional, Sequence

from websockets.exceptions import ConnectionClosed as _ConnectionClosed
from websockets.sync.client import connect as _ws_connect

try:  # Gymnasium is optional: with it VectorEnv is a gymnasium.vector.VectorEnv.
    import numpy as np
    import gymnasium
    from gymnasium import spaces as _spaces
    from gymnasium.vector.utils import batch_space as _batch_space

    _Base = gymnasium.vector.VectorEnv
    _HAVE_GYM = True
except ImportError:  # pragma: no cover - exercised by the websockets-only test
    np = None
    gymnasium = None
    _Base = object
    _HAVE_GYM = False

__all__ = ["VectorEnv", "BatchError", "AUTORESET_MODES", "batch_url", "fetch_schema"]

#: The autoreset modes, named as gymnasium.vector.AutoresetMode's values are.
AUTORESET_MODES = ("next_step", "same_step", "disabled")

_OBSERVATION_BASE_FIELDS = ("done", "reward", "metadata")
_MAX_MESSAGE_BYTES = 256 * 1024 * 1024


class BatchError(RuntimeError):
    """The server refused a whole frame or the group (``CAPACITY_REACHED``, ``FACTORY_ERROR``, ...)."""

    def __init__(self, error: dict):
        self.code = error.get("code")
        self.error = error
        super().__init__(f"Server error: {error.get('message')} (code: {self.code})")


def _base(base_url: str) -> str:
    url = base_url.rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url


def _with_scheme(base_url: str, *renames) -> str:
    url = _base(base_url)
    for old, new in renames:
        if url.startswith(old):
            return new + url[len(old):]
    return url


def batch_url(base_url: str, num_envs: int) -> str:
    """The ``/ws/batch`` URL of a group, e.g. ``ws://localhost:8000/ws/batch?envs=16``."""
    url = _with_scheme(base_url, ("https://", "wss://"), ("http://", "ws://"))
    return f"{url}/ws/batch?envs={int(num_envs)}"


def _http_url(base_url: str, path: str) -> str:
    return _with_scheme(base_url, ("ws://", "http://"), ("wss://", "https://")) + path


def fetch_schema(base_url: str, token: Optional[str] = None, timeout: float = 10.0) -> dict:
    """The server's ``GET /schema``: ``{"action": ..., "observation": ..., "state": ...}`` JSON Schemas."""
    request = urllib.request.Request(_http_url(base_url, "/schema"))
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def _types(prop: dict) -> List[str]:
    kind = prop.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return [t for option in prop.get("anyOf", []) if isinstance(option, dict) for t in _types(option)]


def _numeric_keys(schema: dict) -> List[str]:
    props = schema.get("properties") or {}
    return [name for name, prop in props.items()
            if name not in _OBSERVATION_BASE_FIELDS and isinstance(prop, dict)
            and any(t in ("number", "integer") for t in _types(prop))
            and not any(t in ("boolean", "string", "object", "array") for t in _types(prop))]


def _action_key(schema: dict) -> Optional[str]:
    """The field a bare action goes into: the action's only required field (else its only field), or None."""
    props = [k for k in (schema.get("properties") or {}) if k != "metadata"]
    required = [k for k in schema.get("required") or [] if k in props]
    if len(required) == 1:
        return required[0]
    return props[0] if len(props) == 1 else None


def _discrete_bounds(schema: dict, key: Optional[str]):
    prop = (schema.get("properties") or {}).get(key) if key else None
    if not isinstance(prop, dict) or "integer" not in _types(prop):
        return None
    if isinstance(prop.get("enum"), list) and all(isinstance(v, int) for v in prop["enum"] if v is not None):
        values = [v for v in prop["enum"] if v is not None]
        if values and values == list(range(min(values), max(values) + 1)):
            return min(values), max(values)
    if isinstance(prop.get("minimum"), int) and isinstance(prop.get("maximum"), int):
        return prop["minimum"], prop["maximum"]
    return None


class VectorEnv(_Base):
    """N environments of one OpenEnv4j server over one ``/ws/batch`` WebSocket, as a Gymnasium vector env.

    Args:
        base_url: the server, e.g. ``"http://localhost:8000"``.
        num_envs: the number of environments (1 to 4096); the server holds one session slot for each.
        autoreset_mode: ``"next_step"`` (Gymnasium's default), ``"same_step"`` or ``"disabled"``, or a
            ``gymnasium.vector.AutoresetMode``.
        observation_keys: the observation fields that make up the observation array, in order
            (default: the numeric fields of ``/schema``); ``[]`` keeps observations as JSON objects.
        observation_space / action_space: single-environment spaces that override what ``/schema`` gives.
        action_key: the field an action that is not a dict is sent under (default: the action's only
            field in ``/schema``); a dict action is sent as it is.
        token: the server's access token (``Authorization: Bearer``), if it has one.
        timeout: seconds to wait for a reply (and to connect).
        schema: the ``/schema`` document, when the caller already has it (then ``/schema`` is not fetched).
    """

    def __init__(self, base_url: str, num_envs: int, *, autoreset_mode: Any = "next_step",
                 observation_keys: Optional[Sequence[str]] = None, observation_space: Any = None,
                 action_space: Any = None, action_key: Optional[str] = None, token: Optional[str] = None,
                 timeout: float = 60.0, schema: Optional[dict] = None):
        num_envs = int(num_envs)
        if not 1 <= num_envs <= 4096:
            raise ValueError(f"num_envs must be within 1..4096, got {num_envs}")
        mode = getattr(autoreset_mode, "value", autoreset_mode)
        mode = {"NextStep": "next_step", "SameStep": "same_step", "Disabled": "disabled"}.get(mode, mode)
        if mode not in AUTORESET_MODES:
            raise ValueError(f"autoreset_mode must be one of {AUTORESET_MODES}, got {autoreset_mode!r}")
        self.num_envs = num_envs
        self.autoreset_mode = mode
        self.base_url = base_url
        self._timeout = timeout
        self._schema = schema if schema is not None else fetch_schema(base_url, token, timeout)
        obs_schema = self._schema.get("observation") or {}
        act_schema = self._schema.get("action") or {}
        self._obs_keys = list(observation_keys) if observation_keys is not None else _numeric_keys(obs_schema)
        self._has_truncated = "truncated" in (obs_schema.get("properties") or {})
        self._action_key = action_key if action_key is not None else _action_key(act_schema)
        self._rows = bool(self._obs_keys)
        self._pending = [False] * num_envs
        self._last_obs: List[Any] = [None] * num_envs
        if _HAVE_GYM:
            self.metadata = {"autoreset_mode": gymnasium.vector.AutoresetMode(
                {"next_step": "NextStep", "same_step": "SameStep", "disabled": "Disabled"}[mode])}
            if observation_space is None and self._obs_keys:
                observation_space = _spaces.Box(-np.inf, np.inf, (len(self._obs_keys),), np.float32)
            if action_space is None:
                bounds = _discrete_bounds(act_schema, self._action_key)
                if bounds is not None:
                    action_space = _spaces.Discrete(bounds[1] - bounds[0] + 1, start=bounds[0])
            self.single_observation_space = observation_space
            self.single_action_space = action_space
            self.observation_space = _batch_space(observation_space, num_envs) if observation_space is not None else None
            self.action_space = _batch_space(action_space, num_envs) if action_space is not None else None
        else:
            self.metadata = {"autoreset_mode": mode}
            self.single_observation_space = observation_space
            self.single_action_space = action_space
        headers = {"Authorization": "Bearer " + token} if token else None
        # __enter__ gives the connection itself (and tells websockets >= 17 it is not used the legacy way).
        self._socket = _ws_connect(batch_url(base_url, num_envs), additional_headers=headers, compression=None,
                                   max_size=_MAX_MESSAGE_BYTES, open_timeout=timeout).__enter__()
        # A step that follows an autoreset sends two frames back to back; without TCP_NODELAY the second
        # waits for the first one's acknowledgement (Nagle), some 40 ms on Linux loopback.
        # A server that refuses the group (capacity_reached) sends its error and closes at once; websockets may
        # have closed the socket by now. The refusal stays queued and is raised by the first call.
        try:
            self._socket.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.closed = False

    # ---- the Gymnasium vector API -------------------------------------------------------------------

    def reset(self, *, seed: Any = None, options: Optional[dict] = None):
        """Resets every environment, or those of ``options["reset_mask"]``.

        ``seed``: None, an int (environment i gets ``seed + i``) or a list with one seed (or None) per
        environment. Other ``options`` keys go to every reset environment as reset arguments (e.g.
        ``initial_state``). Returns ``(observations, infos)``; environments left out by the mask keep
        their last observation.
        """
        options = dict(options or {})
        mask = options.pop("reset_mask", None)
        mask = [True] * self.num_envs if mask is None else [bool(m) for m in self._tolist(mask)]
        if len(mask) != self.num_envs:
            raise ValueError(f"reset_mask has {len(mask)} entries, expected {self.num_envs}")
        if seed is None:
            seeds = [None] * self.num_envs
        elif isinstance(seed, int) or (np is not None and isinstance(seed, np.integer)):
            seeds = [int(seed) + i for i in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"seed has {len(seeds)} entries, expected {self.num_envs}")
        requests = []
        for i in range(self.num_envs):
            if not mask[i]:
                requests.append(None)
                continue
            request = dict(options)
            if seeds[i] is not None:
                request["seed"] = int(seeds[i])
            requests.append(request)
        self._send({"type": "reset", "data": {"requests": requests}})
        results = self._receive("observations", "results")
        infos: dict = {}
        for i, entry in enumerate(results):
            if not mask[i]:
                continue
            if self._failed(entry, i, infos):
                continue
            self._pending[i] = False
            self._last_obs[i] = entry["observation"]
        return self._observations(), infos

    def step(self, actions: Iterable[Any]):
        """Steps every environment with its action; returns ``(obs, rewards, terminations, truncations, infos)``.

        Under ``next_step`` an environment whose episode ended at the previous step ignores its action and
        is reset instead (reward 0, not terminated). Under ``same_step`` an environment whose episode ends
        now is reset now: its observation is the new episode's first, and the last one is in
        ``infos["final_obs"]``. Under ``disabled`` nothing is reset by itself. An action of ``None`` leaves
        that environment alone (its entry repeats its last observation, reward 0).
        """
        actions = self._tolist(actions)
        if len(actions) != self.num_envs:
            raise ValueError(f"expected {self.num_envs} actions, got {len(actions)}")
        n = self.num_envs
        rewards = [0.0] * n
        terminated = [False] * n
        truncated = [False] * n
        infos: dict = {}
        resetting = list(self._pending) if self.autoreset_mode == "next_step" else [False] * n
        encoded = [None if resetting[i] or actions[i] is None else self._encode(actions[i]) for i in range(n)]
        stepping = any(a is not None for a in encoded)
        # Both frames go out before either reply is read: one round trip when some environments reset.
        if any(resetting):
            self._send({"type": "reset", "data": {"requests": [{} if r else None for r in resetting]}})
        if stepping:
            self._send({"type": "step", "data": {"actions": encoded}})
        if any(resetting):
            for i, entry in enumerate(self._receive("observations", "results")):
                if resetting[i] and not self._failed(entry, i, infos, truncated):
                    self._pending[i] = False
                    self._last_obs[i] = entry["observation"]
        ended = [False] * n
        if stepping:
            for i, entry in enumerate(self._receive("observations", "results")):
                if encoded[i] is None:
                    continue
                if self._failed(entry, i, infos, truncated):
                    ended[i] = True
                    continue
                obs = entry["observation"]
                self._last_obs[i] = obs
                reward = entry.get("reward")
                rewards[i] = 0.0 if reward is None else float(reward)
                if entry.get("done"):
                    ended[i] = True
                    if self._has_truncated and isinstance(obs, dict) and obs.get("truncated"):
                        truncated[i] = True
                    else:
                        terminated[i] = True
        if self.autoreset_mode == "next_step":
            for i in range(n):
                if ended[i]:
                    self._pending[i] = True
        elif self.autoreset_mode == "same_step" and any(ended):
            final = list(self._last_obs)
            self._send({"type": "reset", "data": {"requests": [{} if e else None for e in ended]}})
            for i, entry in enumerate(self._receive("observations", "results")):
                if ended[i] and not self._failed(entry, i, infos, truncated):
                    self._last_obs[i] = entry["observation"]
            self._add_info(infos, "final_obs", [self._one_observation(final[i]) if ended[i] else None
                                                for i in range(n)], ended)
        return (self._observations(), self._vector(rewards, "float64"), self._vector(terminated, "bool"),
                self._vector(truncated, "bool"), infos)

    def close(self, **kwargs):
        """Closes every environment of the group (their session slots are freed) and the WebSocket."""
        if getattr(self, "closed", True):
            return
        self.closed = True
        try:
            self._socket.send('{"type":"close"}')
        except Exception:  # the connection may already be gone; closing is best effort
            pass
        self._socket.close()

    def close_extras(self, **kwargs):  # Gymnasium's hook; close() does the work
        pass

    # ---- beyond Gymnasium ---------------------------------------------------------------------------

    def states(self) -> List[dict]:
        """Every environment's ``state`` (JSON objects), in index order."""
        self._send({"type": "state"})
        return self._receive("states", "states")

    @property
    def observation_keys(self) -> List[str]:
        """The observation fields that make up the observation array, in order."""
        return list(self._obs_keys)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ---- internals ----------------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        try:
            self._socket.send(json.dumps(message, separators=(",", ":")))
        except _ConnectionClosed:
            # The server may have refused the group and closed before anything was sent (capacity_reached):
            # its error frame is still queued, and it says more than the closed connection does.
            try:
                reply = json.loads(self._socket.recv(timeout=0))
            except Exception:
                reply = None
            if isinstance(reply, dict) and reply.get("type") == "error":
                raise BatchError(reply.get("data") or {}) from None
            raise

    def _receive(self, kind: str, key: str) -> list:
        reply = json.loads(self._socket.recv(timeout=self._timeout))
        if reply.get("type") == "error":
            raise BatchError(reply.get("data") or {})
        entries = (reply.get("data") or {}).get(key)
        if reply.get("type") != kind or not isinstance(entries, list) or len(entries) != self.num_envs:
            raise RuntimeError(f"expected '{kind}' with {self.num_envs} entries, got {str(reply)[:200]}")
        return entries

    def _failed(self, entry, i: int, infos: dict, truncated: Optional[list] = None) -> bool:
        """Records an entry's error in infos (and ends its episode as truncated); False for a good entry."""
        if isinstance(entry, dict) and "observation" in entry:
            return False
        error = entry.get("error") if isinstance(entry, dict) else None
        mask = [j == i for j in range(self.num_envs)]
        self._add_info(infos, "error", [error or {"message": "no result", "code": None} if j == i else None
                                        for j in range(self.num_envs)], mask)
        if truncated is not None:
            truncated[i] = True
            if self.autoreset_mode == "next_step":
                self._pending[i] = True
        return True

    def _add_info(self, infos: dict, key: str, values: list, mask: list) -> None:
        if key in infos:
            old, old_mask = infos[key], infos["_" + key]
            values = [v if m else old[j] for j, (v, m) in enumerate(zip(values, mask))]
            mask = [bool(a) or bool(b) for a, b in zip(mask, old_mask)]
        if np is not None:
            array = np.empty(self.num_envs, dtype=object)
            array[:] = values
            infos[key], infos["_" + key] = array, np.array(mask, dtype=bool)
        else:
            infos[key], infos["_" + key] = values, list(mask)

    def _encode(self, action: Any) -> Any:
        if isinstance(action, dict):
            return action
        if np is not None and isinstance(action, np.ndarray):
            action = action.tolist()
        elif np is not None and isinstance(action, np.generic):
            action = action.item()
        if self._action_key is None:
            raise ValueError(f"cannot send {action!r}: the action schema has more than one field, send a dict")
        return {self._action_key: action}

    def _row(self, obs: Any) -> list:
        nan = float("nan")
        if not isinstance(obs, dict):
            return [nan] * len(self._obs_keys)
        return [float(v) if isinstance(v, (int, float)) else nan for v in (obs.get(k) for k in self._obs_keys)]

    def _one_observation(self, obs: Any) -> Any:
        if not self._rows or obs is None:
            return obs
        return np.asarray(self._row(obs), dtype=np.float32) if np is not None else self._row(obs)

    def _observations(self):
        if self._rows:
            rows = [self._row(o) for o in self._last_obs]
            return np.asarray(rows, dtype=np.float32) if np is not None else rows
        if np is not None:
            array = np.empty(self.num_envs, dtype=object)
            array[:] = list(self._last_obs)
            return array
        return list(self._last_obs)

    @staticmethod
    def _vector(values: list, dtype: str):
        return np.asarray(values, dtype=dtype) if np is not None else values

    @staticmethod
    def _tolist(values: Any) -> list:
        if np is not None and isinstance(values, np.ndarray):
            return list(values)
        return list(values)
