#!/usr/bin/env bats
# Latency: a record written into a pipeline that stays open (tail -f |
# cs-classify | cs-prioritize --no-sort | cs-reply) comes out at once,
# not when a buffer fills: under 50 ms each (500 ms under the sanitizers).

load common

@test "latency: each line through classify | prioritize | reply comes out in under 50 ms" {
	no_valgrind "timing"
	local limit=50
	[ -n "${CS_SANITIZED:-}" ] && limit=500
	run_split python3 "$CS_ROOT/tests/tools/latency.py" 30 \
	    "$DATA/demo/mentions.ndjson" -- \
	    "cs-classify | cs-prioritize --no-sort | cs-reply"
	echo "$out" | tail -1
	[ "$status" -eq 0 ]
	local max
	max=$(echo "$out" | tail -1 | awk '{ print $4 }')
	awk -v m="$max" -v l="$limit" 'BEGIN { exit !(m < l) }'
}
