"""Drives `supplygraph cypher` through a pseudo-terminal, as a person would type: prints everything it showed.

usage: pty_shell.py CLI_DLL DATA_DIR KEYS...   (each KEYS argument is sent after a pause; \\e, \\r are escapes)
"""
import os
import pty
import select
import signal
import sys
import time

dll, data, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    # A person's terminal delivers Ctrl+C as SIGINT. A runner started in the background of a script (scripts/test.sh
    # runs test projects side by side) passes SIGINT down as ignored, and .NET then keeps ignoring it: restore it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.execvp("dotnet", ["dotnet", dll, "cypher", "--data", data])

out = bytearray()


def drain(seconds, until=lambda: False):
    """Reads for `seconds`, or less once `until()` holds or the shell has exited (then returns False)."""
    end = time.time() + seconds
    while time.time() < end and not until():
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            out.extend(chunk)
    return True


# Waits are for what the shell shows, bounded, not fixed: on a busy machine the start-up alone can take longer than
# a fixed pause, and keys typed before the prompt, or a Ctrl+C before the query runs, test something else.
drain(60, until=lambda: b"cypher> " in out)  # start-up: the runtime, the store, the banner, the prompt
for k in keys:
    seen = len(out)
    os.write(fd, k.encode().decode("unicode_escape").encode())
    if k.endswith("\\r"):
        drain(30, until=lambda: b"\r\n" in out[seen:])  # Enter taken: the line editor moved to the next line
    drain(1.5)
drain(30)  # the last key is :quit: read to the end of the output
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
sys.stdout.write(out.decode("utf-8", "replace"))
