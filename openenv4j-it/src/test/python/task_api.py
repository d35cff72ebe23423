#!/usr/bin/env python3
"""The task API (openenv >= 0.4.2) of an OpenEnv4j server next to the reference's own routes.

Usage: python task_api.py --url http://127.0.0.1:N --env NAME

1. Reads our server's catalogue over its task API (GET /{env}/splits, POST /{env}/tasks, bodies built with the
   reference's own request models ListTasksRequest, NumTasksRequest, GetTaskRequest, GetTaskRangeRequest).
2. Builds the reference's server (``create_app`` of the installed ``openenv``, run in-process through Starlette's
   TestClient, no network) for an environment implementing the reference's ``TaskProvider`` protocol over that same
   catalogue, named NAME.
3. Sends the same requests, valid and invalid, to both and records each status and JSON body.
4. With the reference's GenericEnvClient, calls ``reset(split=..., index=...)`` on our server for the last task of
   each split and reads ``state()``.

Output (stdout, one JSON document): {"exchanges": [{"request": ..., "ours": {"status", "body"},
"reference": {"status", "body"}}], "resets": [{"task": {...}, "state": {...}}]}.
"""

import argparse
import json
import sys
from typing import Any, Optional

import httpx
from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import (
    Action,
    GetTaskRangeRequest,
    GetTaskRequest,
    ListTasksRequest,
    NumTasksRequest,
    Observation,
    State,
)
from openenv.core.generic_client import GenericEnvClient
from starlette.testclient import TestClient


class MirrorAction(Action):
    text: str = ""


class MirrorObservation(Observation):
    text: str = ""


def mirror_env(splits: list, tasks: dict):
    """An environment whose TaskProvider methods serve ``tasks`` (split name -> list of task dicts)."""

    class MirrorEnvironment(Environment):
        SUPPORTS_CONCURRENT_SESSIONS = True

        def reset(self, seed=None, episode_id=None, **kwargs: Any) -> MirrorObservation:
            return MirrorObservation()

        def step(self, action, timeout_s=None, **kwargs: Any) -> MirrorObservation:
            return MirrorObservation()

        @property
        def state(self) -> State:
            return State()

        def list_splits(self) -> list:
            return list(splits)

        def list_tasks(self, split: str) -> list:
            return tasks[split]

        def num_tasks(self, split: str) -> int:
            return len(tasks[split])

        def get_task(self, split: str, index: int) -> Any:
            if not 0 <= index < len(tasks[split]):
                raise IndexError(index)
            return tasks[split][index]

        def get_task_range(self, split: str, start: Optional[int] = None, stop: Optional[int] = None) -> list:
            return tasks[split][start:stop]

    return MirrorEnvironment


def reply(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return {"status": response.status_code, "body": body}


def send(client, request: dict):
    if request["method"] == "GET":
        return client.get(request["path"])
    if "raw" in request:
        return client.post(request["path"], content=request["raw"], headers={"content-type": "application/json"})
    return client.post(request["path"], json=request["body"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--env", required=True)
    args = parser.parse_args()
    env = args.env
    ours = httpx.Client(base_url=args.url, timeout=60.0)

    split_names = [s["name"] for s in ours.get(f"/{env}/splits").raise_for_status().json()]
    tasks = {}
    for split in split_names:
        body = ListTasksRequest(split=split).model_dump()
        tasks[split] = ours.post(f"/{env}/tasks", json=body).raise_for_status().json()["tasks"]

    first = split_names[0]
    n = len(tasks[first])
    requests = [
        {"method": "GET", "path": "/list_environments"},
        {"method": "GET", "path": f"/{env}/splits"},
        {"method": "GET", "path": f"/{env.upper()}/splits"},
        {"method": "GET", "path": "/no-such-env/splits"},
        {"method": "POST", "path": "/no-such-env/num_tasks", "body": NumTasksRequest(split=first).model_dump()},
    ]
    for split in split_names:
        requests += [
            {"method": "POST", "path": f"/{env}/tasks", "body": ListTasksRequest(split=split).model_dump()},
            {"method": "POST", "path": f"/{env}/num_tasks", "body": NumTasksRequest(split=split).model_dump()},
            {"method": "POST", "path": f"/{env}/task",
             "body": GetTaskRequest(split=split, index=len(tasks[split]) - 1).model_dump()},
        ]
    for start, stop in [(None, None), (1, 3), (-2, None), (None, -1), (3, 1), (n - 1, n + 5)]:
        requests.append({"method": "POST", "path": f"/{env}/task_range",
                         "body": GetTaskRangeRequest(split=first, start=start, stop=stop).model_dump()})
    requests += [
        {"method": "POST", "path": f"/{env}/task", "body": GetTaskRequest(split=first, index=n).model_dump()},
        {"method": "POST", "path": f"/{env}/task", "body": GetTaskRequest(split=first, index=-1 - n).model_dump()},
        {"method": "POST", "path": f"/{env}/task", "body": {"split": first}},
        {"method": "POST", "path": f"/{env}/task", "body": {"split": first, "index": 0, "seed": 1}},
        {"method": "POST", "path": f"/{env}/num_tasks", "body": {"split": 3}},
        {"method": "POST", "path": f"/{env}/task", "body": {"split": first, "index": 1.5}},
        {"method": "POST", "path": f"/{env}/tasks", "raw": "{\"split\":"},
        {"method": "GET", "path": f"/{env}/tasks"},
    ]

    app = create_app(mirror_env(split_names, tasks), MirrorAction, MirrorObservation, env_name=env)
    exchanges = []
    with TestClient(app) as reference:
        for request in requests:
            exchanges.append({"request": request, "ours": reply(send(ours, request)),
                              "reference": reply(send(reference, request))})

    resets = []
    with GenericEnvClient(base_url=args.url).sync() as client:
        for split in split_names:
            index = len(tasks[split]) - 1
            client.reset(split=split, index=index)
            resets.append({"task": tasks[split][index], "state": client.state()})
    json.dump({"exchanges": exchanges, "resets": resets}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
