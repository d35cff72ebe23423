# The Python driver of a sandboxed interpreter: reads requests ("nonce length\n" then length bytes of UTF-8
# source) from the original stdin, runs each snippet in one namespace (so variables, imports and functions
# persist), shows the value of a final expression as the interactive interpreter does, prints a traceback
# when the snippet raises, and ends its output on both streams with a marker: status 0, or 1 if it raised.
# Snippets read /dev/null; SIGINT (sent on a timeout) interrupts the running snippet, not the driver.
import ast, os, sys, traceback

control = os.fdopen(os.dup(0), "rb", buffering=0)
marker_out = os.dup(1)
marker_err = os.dup(2)
null = os.open(os.devnull, os.O_RDONLY)
os.dup2(null, 0)
os.close(null)
sys.stdin = open(os.devnull)
namespace = {"__name__": "__main__", "__builtins__": __builtins__}


def read_line():
    line = bytearray()
    while True:
        b = control.read(1)
        if not b:
            return None
        if b == b"\n":
            return bytes(line)
        line += b


def read_exact(n):
    data = bytearray()
    while len(data) < n:
        chunk = control.read(n - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def run(source):
    tree = ast.parse(source, "<snippet>", "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<snippet>", "exec"), namespace)
    if last is not None:
        value = eval(compile(last, "<snippet>", "eval"), namespace)
        if value is not None:
            print(repr(value))


def reap():
    # the driver is pid 1 of its namespace: orphans of earlier snippets (killed after each one) end up
    # as its children, and it must collect them or they hold a process slot
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def main():
    while True:
        reap()
        header = read_line()
        if header is None:
            return
        nonce, length = header.decode("ascii").split()
        source = read_exact(int(length))
        if source is None:
            return
        status = 0
        try:
            run(source.decode("utf-8", "replace"))
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException as e:
            status = 1
            tb = e.__traceback__
            while tb is not None and tb.tb_frame.f_code.co_filename != "<snippet>":
                tb = tb.tb_next
            traceback.print_exception(type(e), e, tb)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        marker = ("\n%s:%d\n" % (nonce, status)).encode("ascii")
        os.write(marker_out, marker)
        os.write(marker_err, marker)


main()
