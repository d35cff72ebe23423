# Grades a solution inside the sandbox. Reads {"solution": source, "function": name, "calls": [[args...], ...]}
# from stdin, runs the solution in a fresh namespace, calls the function once per test (two seconds each),
# and writes one JSON array to the original stdout: {"ok": true, "value": ...} or {"ok": false, "error": ...}
# per call. The solution's own prints go to stderr. Expected values never enter the sandbox: the
# environment compares the values outside.
import json, os, signal, sys

request = json.loads(sys.stdin.read())
results_fd = os.dup(1)
os.dup2(2, 1)
sys.stdin = open(os.devnull)


class TestTimeout(BaseException):
    pass


def on_alarm(signum, frame):
    raise TestTimeout()


signal.signal(signal.SIGALRM, on_alarm)
results = []
namespace = {"__name__": "solution"}
try:
    signal.alarm(2)
    exec(compile(request["solution"], "<solution>", "exec"), namespace)
    signal.alarm(0)
    function = namespace.get(request["function"])
    if not callable(function):
        raise NameError("the solution defines no function named " + request["function"])
except BaseException as e:
    signal.alarm(0)
    message = "%s: %s" % (type(e).__name__, e)
    results = [{"ok": False, "error": message} for _ in request["calls"]]
else:
    for args in request["calls"]:
        try:
            signal.alarm(2)
            value = function(*args)
            signal.alarm(0)
            json.dumps(value)
            results.append({"ok": True, "value": value})
        except BaseException as e:
            signal.alarm(0)
            results.append({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
sys.stdout.flush()
os.write(results_fd, json.dumps(results).encode("utf-8"))
