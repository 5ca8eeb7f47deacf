"""Drives `supplygraph cypher` through a pseudo-terminal, as a person would type: prints everything it showed.

usage: pty_shell.py CLI_DLL DATA_DIR KEYS...   (each KEYS argument is sent after a pause; \\e, \\r are escapes)
"""
import os
import pty
import select
import sys
import time

dll, data, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execvp("dotnet", ["dotnet", dll, "cypher", "--data", data])

out = bytearray()


def drain(seconds):
    end = time.time() + seconds
    while time.time() < end:
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


drain(6)  # start-up: the runtime, the store, the banner
for k in keys:
    os.write(fd, k.encode().decode("unicode_escape").encode())
    drain(1.5)
drain(3)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
sys.stdout.write(out.decode("utf-8", "replace"))
