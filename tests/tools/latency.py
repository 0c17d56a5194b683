#!/usr/bin/env python3
"""Latency of a pipeline of cs tools, line by line.

Usage: latency.py N RECORD_FILE -- CMD [| CMD ...]
Starts the pipeline (through /bin/sh, commands from the test only), then
N + 1 times writes one line of RECORD_FILE into it and waits for the line
it gives back, keeping the pipe open in between (as tail -f would), and
prints the milliseconds each took, one a line, then "first MS max MS
median MS" where max and median leave out the first line (which also
pays for loading the tools' tables).
Exits 1 when a line does not come back within 10 s.
"""

import os
import select
import subprocess
import sys
import time


def main():
    n = int(sys.argv[1])
    with open(sys.argv[2], "rb") as fp:
        lines = [l for l in fp.read().splitlines() if l.strip()]
    cmd = " ".join(sys.argv[4:])
    p = subprocess.Popen(["/bin/sh", "-c", cmd], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, bufsize=0)
    out = p.stdout.fileno()
    times = []
    buf = b""
    for i in range(n + 1):
        line = lines[i % len(lines)]
        t0 = time.monotonic()
        p.stdin.write(line + b"\n")
        while b"\n" not in buf:
            r, _, _ = select.select([out], [], [], 10)
            if not r:
                print("no answer within 10 s to line %d" % (i + 1))
                p.kill()
                return 1
            chunk = os.read(out, 65536)
            if not chunk:
                print("the pipeline ended early")
                return 1
            buf += chunk
        times.append((time.monotonic() - t0) * 1000)
        buf = buf[buf.index(b"\n") + 1:]
    p.stdin.close()
    p.wait()
    for t in times:
        print("%.1f" % t)
    s = sorted(times[1:])
    print("first %.1f max %.1f median %.1f" % (times[0], s[-1],
                                                s[len(s) // 2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
