#!/usr/bin/env python3
"""Independent first-response figures for cs-report's tests.

Reads NDJSON records (stdin) and prints, per account, the number of
inbound messages, how many were answered and the nearest-rank median
first response time in seconds: for each inbound message, the earliest
outbound message of the same thread (network + conversation_id) created
strictly after it.  Output: account<TAB>inbound<TAB>answered<TAB>median.
"""
import json
import math
import sys
from collections import defaultdict
from datetime import datetime


def ts(s):
    return int(datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").timestamp())


outs = defaultdict(list)
ins = []
for line in sys.stdin:
    r = json.loads(line)
    thread = (r.get("network") or "", r.get("conversation_id") or
              r.get("in_reply_to") or r["id"])
    t = ts(r["created_at"])
    if r["direction"] == "out":
        if r.get("in_reply_to"):
            outs[thread].append(t)
    else:
        ins.append((r.get("account") or "-", thread, t))

frt = defaultdict(list)
count = defaultdict(int)
for account, thread, t in ins:
    count[account] += 1
    later = [o for o in outs[thread] if o > t]
    if later:
        frt[account].append(min(later) - t)

for account in sorted(count):
    v = sorted(frt[account])
    med = v[math.ceil(0.5 * len(v)) - 1] if v else ""
    print(f"{account}\t{count[account]}\t{len(v)}\t{med}")
