# prioritize.jq: the jq stand-in for cs-prioritize in make bench, a module
# of one definition (jq -L tests/bench 'include "prioritize"; ...').
#
# prioritize($now): the record (classified by cs-classify) with "priority":
# {score, level, sla_due, overdue, queue, reasons} computed from the same
# parts and points as cs-prioritize(1): the category, urgency and cues,
# negative sentiment, personal data, reach (followers, verified) and time.
# It does less: the first-answer target is counted in plain hours (no
# business hours, time zone or holidays), no VIP list, no agents, no state
# database (repeat contact), no configuration, and a whole-record rewrite
# instead of splicing one key into the original bytes.
# Sorting is a separate program: [inputs | prioritize($now)] |
# sort_by(-.priority.score, .created_at)[] (sort_by is stable, so ties keep
# the input order as cs-prioritize's do).

def prioritize($now):
	def cat: {complaint: 25, payment: 20, account: 15, shipping: 15,
	    returns: 12, product: 8, info: 6, other: 5, praise: 0};
	def sla: {complaint: 1800, info: 7200, product: 7200, praise: 14400};
	def part($name; $pts): if $pts > 0 then [{n: $name, p: $pts}] else []
	    end;
	(.class // {}) as $c
	| (.author.followers // 0) as $f
	| ($now | fromdateiso8601) as $t
	| (.created_at | fromdateiso8601) as $at
	| (if $c.urgent then 900 else sla[$c.category] // 3600 end) as $target
	| ($t - $at) as $wait
	| (part($c.category // "other"; cat[$c.category] // 10)
	    + part("urgent"; if $c.urgent then 20 else 0 end)
	    + part("safety"; if ($c.cues // []) | index("safety") then 15
		else 0 end)
	    + part("threat"; if ($c.cues // []) | index("threat") then 10
		else 0 end)
	    + part("negative sentiment"; ($c.sentiment.score // 0) as $s
		| if $s < 0 then -15 * $s | round else 0 end)
	    + part("personal data"; if ($c.pii // []) | length > 0 then 15
		else 0 end)
	    + part("followers"; if $f > 100 then
		[3 * ($f / 100 | log10) | round, 15] | min else 0 end)
	    + part("verified"; if .author.verified then 5 else 0 end)
	    + part("wait"; if $wait >= $target then 15
		else (10 * $wait / $target | floor) end)) as $parts
	| ([$parts[].p] | add // 0 | [., 100] | min) as $score
	| .priority = {score: $score,
	    level: (if $score >= 70 then "p1" elif $score >= 45 then "p2"
		elif $score >= 25 then "p3" else "p4" end),
	    sla_due: ($at + $target | todate),
	    overdue: ($wait >= $target),
	    queue: ($c.lang.code // .lang // "und"),
	    reasons: [$parts[] | "\(.n) +\(.p)"]};
