#!/usr/bin/env bats
# cs-report: figures computed by hand on small fixtures, the formats, bad
# input, and partials that merge to exactly the report of the whole.

load common

R=$DATA/report
NOW=2026-11-02T18:00:00Z

rep() {
	cs-report --now "$NOW" "$@"
}

# group KEY FILE FIELD...: the fields of group KEY (its first key value)
# in the JSON report FILE, as TSV.
group() {
	local key=$1 file=$2
	shift 2
	jq -r --arg k "$key" '.groups[] |
	    select((.key | to_entries[0].value) == $k) as $g |
	    [$ARGS.positional[] | $g[.] | tostring] | @tsv' --args "$@" <"$file"
}

# basic.ndjson, by hand.  ShopCare: m1 09:00 answered 09:10 (600 s), m2
# 09:20 answered 11:20 (7200 s), m3 10:00 never, m4 12:00 answered 12:30
# (1800 s).  Rival: n1 answered in 60 s, n2 by cs-reply in 300 s.
@test "cs-report: response times, SLA and backlog by hand" {
	rep --by account "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" inbound answered response_rate frt_mean frt_p50 \
	    frt_p90 frt_p99 within_1h within_5h backlog replies
	[ "$output" = "$(printf '4\t3\t0.75\t3200\t1800\t7200\t7200\t0.5\t0.75\t1\t3')" ]
	run group Rival "$T/out.json" inbound answered frt_mean frt_p50 frt_p90 backlog \
	    replies
	[ "$output" = "$(printf '2\t2\t180\t60\t300\t0\t2')" ]
	# The total: {60, 300, 600, 1800, 7200}, mean 1992, median 600.
	run jq -r '.total | [.inbound, .answered, .frt_mean, .frt_p50, .backlog] | @tsv' "$T/out.json"
	[ "$output" = "$(printf '6\t5\t1992\t600\t1')" ]
}

@test "cs-report: sentiment, categories and replies per agent" {
	rep --by account "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" negative neutral positive sentiment
	[ "$output" = "$(printf '0.25\t0.5\t0.25\t0')" ]
	run jq -c '.groups[] | select(.key.account == "ShopCare") | [.categories, .agents]' "$T/out.json"
	[ "$output" = '[{"shipping":3,"returns":1},{"ana":2,"ben":1}]' ]
	# Rival's imported reply has no agent: it counts for the account.
	run jq -c '.groups[] | select(.key.account == "Rival") | .agents' "$T/out.json"
	[ "$output" = '{"Rival":1,"zoe":1}' ]
}

@test "cs-report: several --by keys, time keys in order" {
	rep --by account,category "$R/basic.ndjson" >"$T/out.json"
	run jq -r '.groups[] | [.key.account, .key.category, .inbound, .answered, .frt_p50] | @tsv' "$T/out.json"
	# Replies count in the group of the reply record: imported replies
	# have no category ("-").
	[ "$output" = "$(printf 'Rival\t-\t0\t0\t\nRival\tcomplaint\t1\t1\t60\nRival\tpraise\t1\t1\t300\nShopCare\t-\t0\t0\t\nShopCare\treturns\t1\t1\t7200\nShopCare\tshipping\t3\t2\t600')" ]
	rep --by weekday,hour "$R/basic.ndjson" |
	    jq -r '.groups[] | [.key.weekday, .key.hour, .inbound] | @tsv' >"$T/out"
	printf 'mon\t09\t4\nmon\t10\t1\nmon\t11\t0\nmon\t12\t1\n' | diff - "$T/out"
	rep --by day,week "$R/basic.ndjson" "$R/hostile.ndjson" |
	    jq -r '.groups[] | [.key.day, .key.week, .inbound] | @tsv' >"$T/out"
	printf '2026-11-02\t2026-W45\t6\n2026-11-03\t2026-W45\t1\n' | diff - "$T/out"
}

@test "cs-report: --since and --until select messages; replies still join" {
	rep --by account --since 2026-11-02T09:15:00Z \
	    --until 2026-11-02T11:00:00Z "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" inbound answered replies frt_p50
	[ "$output" = "$(printf '2\t1\t0\t7200')" ]
	run group Rival "$T/out.json" inbound answered replies
	[ "$output" = "$(printf '1\t1\t1')" ]
}

@test "cs-report: --sla sets the targets and their columns" {
	rep --by account --sla 30m,2h "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" within_30m within_2h backlog
	[ "$output" = "$(printf '0.5\t0.75\t1')" ]
}

# Open 09:00-10:00 on weekdays: m1 waits 600 business seconds, m2 09:20 to
# 10:00 (2400), m4 none (12:00-12:30 is closed); m3 has waited none.
@test "cs-report: business hours, zone and holidays" {
	rep --by account --hours 'mon-fri 09:00-10:00' --timezone UTC \
	    "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" frt_p50 bfrt_mean bfrt_p50 bfrt_p90 within_1h \
	    backlog
	[ "$output" = "$(printf '1800\t1000\t600\t2400\t0.75\t0')" ]
	rep --by account --hours 'mon-fri 09:00-10:00' --holiday 2026-11-02 \
	    "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" bfrt_p90
	[ "$output" = "0" ]
	run rep --hours 'someday' "$R/basic.ndjson"
	[ "$status" -eq 2 ]
}

@test "cs-report: business hours from the environment and the config file" {
	CS_BUSINESS_HOURS='mon-fri 09:00-10:00' rep --by account \
	    "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" bfrt_mean
	[ "$output" = "1000" ]
	mkdir -p "$XDG_CONFIG_HOME/cs"
	printf '{"business_hours":"mon-fri 09:00-10:00","holidays":["2026-11-02"]}\n' \
	    >"$XDG_CONFIG_HOME/cs/config.json"
	rep --by account "$R/basic.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" bfrt_mean
	[ "$output" = "0" ]
}

# k1 answered (positive 0.8), k2 not, k3 marked answered, k4 pending (not
# sent), k5 answered before it appears in the stream (negative -0.6).
@test "cs-report: check-in response rate and satisfaction" {
	rep --by account "$R/checkins.ndjson" >"$T/out.json"
	run group ShopCare "$T/out.json" checkins checkins_answered checkin_rate \
	    satisfaction satisfaction_score
	[ "$output" = "$(printf '4\t3\t0.75\t0.5\t0.1')" ]
}

@test "cs-report: text table is aligned, CSV has a header and a total" {
	rep --by account --format text "$R/basic.ndjson" >"$T/out"
	[ "$(awk '{ print length($0) }' "$T/out" | sort -u | wc -l)" -eq 1 ]
	grep -q '^ShopCare  *4  *3  *75.0%  *53m20s  *30m00s  *2h00m' "$T/out"
	grep -q '^total ' "$T/out"
	rep --by account --format csv "$R/basic.ndjson" | tr -d '\r' >"$T/out.csv"
	head -n 1 "$T/out.csv" | grep -q '^account,inbound,answered,response_rate,frt_mean,frt_p50,frt_p90,frt_p99,'
	grep -q '^ShopCare,4,3,0.75,3200,1800,7200,7200,3200,1800,7200,7200,0.5,0.75,1,3,' "$T/out.csv"
	grep -q '^total,6,5,' "$T/out.csv"
	[ "$(awk -F, '{ print NF }' "$T/out.csv" | sort -u)" = 25 ]
}

@test "cs-report: a terminal gets text, a pipe JSON" {
	rep "$R/basic.ndjson" | jq -e '.total.inbound == 6'
	command -v script >/dev/null || skip "needs script(1)"
	script -qec "cs-report --now $NOW $R/basic.ndjson" /dev/null >"$T/tty"
	grep -q 'inbound' "$T/tty"
}

@test "cs-report: empty input gives an empty report" {
	rep --by account </dev/null >"$T/out.json"
	jq -e '.groups == [] and .total.inbound == 0 and .total.frt_p50 == null' "$T/out.json"
	rep --format text </dev/null | grep -q '^total  *0  *0'
}

@test "cs-report: bad lines are reported, kept with --rejects, exit 1" {
	run_split rep --rejects "$T/rej" --format csv "$R/bad.ndjson"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 5 ]
	grep -q "^cs-report: $R/bad.ndjson:2: invalid JSON" "$T/stderr"
	grep -q "^cs-report: $R/bad.ndjson:3: missing field 'created_at'" "$T/stderr"
	grep -q "^cs-report: $R/bad.ndjson:4: field 'direction' is not \"in\" or \"out\"" "$T/stderr"
	grep -q "^cs-report: $R/bad.ndjson:6: missing field 'reply.sent_at'" "$T/stderr"
	sed -n '2,6p' "$R/bad.ndjson" | diff - "$T/rej"
	# The good lines still count: b1 answered by b7 after 1800 s.
	[ "$(sed -n 2p "$T/stdout" | cut -d, -f1-5)" = "1,1,1,1800,1800" ]
}

@test "cs-report: --strict stops at the first bad line" {
	run_split rep --strict "$R/bad.ndjson"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
	[ "$(jq .total.inbound "$T/stdout")" -eq 1 ]
}

@test "cs-report: usage errors exit 2" {
	run rep --by account,colour "$R/basic.ndjson"
	[ "$status" -eq 2 ]
	[[ "$output" == *"bad --by value 'account,colour': unknown key 'colour'"* ]]
	run rep --sla 5h,1h "$R/basic.ndjson"
	[ "$status" -eq 2 ]
	[[ "$output" == *"targets must increase"* ]]
	run rep --format pdf "$R/basic.ndjson"
	[ "$status" -eq 2 ]
	run rep --merge --by account "$R/basic.ndjson"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--by cannot be used with --merge"* ]]
	run rep --partial --format csv "$R/basic.ndjson"
	[ "$status" -eq 2 ]
	run rep --since 2026-11-03T00:00:00Z --until 2026-11-02T00:00:00Z
	[ "$status" -eq 2 ]
}

# The property: for every split of the input into A and B, merging the
# partials of A and B gives byte for byte the report of A followed by B.
@test "cs-report: merge(partial(A), partial(B)) equals report(A+B)" {
	cat "$R/basic.ndjson" "$R/checkins.ndjson" "$R/hostile.ndjson" >"$T/all"
	n=$(wc -l <"$T/all")
	for fmt in json csv; do
		rep --by account,category --hours 'mon-fri 09:00-17:00' \
		    --format "$fmt" "$T/all" >"$T/whole.$fmt"
	done
	for k in $(seq 0 "$n"); do
		head -n "$k" "$T/all" >"$T/a"
		tail -n +"$((k + 1))" "$T/all" >"$T/b"
		rep --by account,category --hours 'mon-fri 09:00-17:00' \
		    --partial "$T/a" >"$T/a.p"
		rep --by account,category --hours 'mon-fri 09:00-17:00' \
		    --partial "$T/b" >"$T/b.p"
		cs-report --merge --format json "$T/a.p" "$T/b.p" >"$T/m.json"
		cmp "$T/whole.json" "$T/m.json" || { echo "split at $k"; false; }
	done
	# Order within the input does not matter either: B before A.
	cs-report --merge --format csv "$T/b.p" "$T/a.p" | cmp "$T/whole.csv" -
}

@test "cs-report: merges nest and read concatenated partials" {
	split -n l/3 "$R/basic.ndjson" "$T/part."
	for p in "$T"/part.a?; do rep --by account --partial "$p" >"$p.p"; done
	rep --by account "$R/basic.ndjson" >"$T/whole.json"
	cs-report --merge --partial "$T/part.aa.p" "$T/part.ab.p" >"$T/ab.p"
	cs-report --merge "$T/ab.p" "$T/part.ac.p" | cmp "$T/whole.json" -
	cat "$T"/part.a?.p | cs-report --merge | cmp "$T/whole.json" -
	head -n 1 "$T/ab.p" | jq -e '.cs_report == "partial" and .version == 1'
}

@test "cs-report: a partial cut short or made otherwise is refused" {
	rep --by account --partial "$R/basic.ndjson" >"$T/a.p"
	rep --by network --partial "$R/basic.ndjson" >"$T/b.p"
	run_split cs-report --merge "$T/a.p" "$T/b.p"
	[ "$status" -eq 1 ]
	[[ "$err" == *"b.p:1: partial made with other settings"* ]]
	head -n 3 "$T/a.p" >"$T/cut.p"
	run_split cs-report --merge "$T/cut.p"
	[ "$status" -eq 1 ]
	[[ "$err" == *"partial cut short: no end line"* ]]
	run_split cs-report --merge "$R/basic.ndjson"
	[ "$status" -eq 1 ]
	[[ "$err" == *"basic.ndjson:1: not a cs-report partial"* ]]
	sed 's/"inbound":4/"inbound":-4/' "$T/a.p" >"$T/neg.p"
	run_split cs-report --merge "$T/neg.p"
	[ "$status" -eq 1 ]
	[[ "$err" == *"bad group"* ]]
}

@test "cs-report: --window closes the oldest threads and says so" {
	for i in $(seq 1 40); do
		printf '{"id":"i%d","network":"x","account":"A","direction":"in","created_at":"2026-11-02T09:%02d:00Z","conversation_id":"t%d"}\n' "$i" "$i" "$i"
	done >"$T/in"
	printf '{"id":"o1","network":"x","account":"A","direction":"out","created_at":"2026-11-02T10:00:00Z","conversation_id":"t1","in_reply_to":"i1"}\n' >>"$T/in"
	run_split rep --window 16 "$T/in"
	[ "$status" -eq 0 ]
	[[ "$err" == *"threads closed before the end of the input"* ]]
	[ "$(jq .total.answered "$T/stdout")" -eq 0 ]
	run_split rep --window 64 "$T/in"
	[ -z "$err" ]
	[ "$(jq .total.answered "$T/stdout")" -eq 1 ]
}

@test "cs-report: a write error exits 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	run sh -c 'cs-report "$0" >/dev/full' "$R/basic.ndjson"
	[ "$status" -eq 1 ]
	[[ "$output" == *"write error"* ]]
}

@test "cs-report: the HTML page is self-contained and escapes message text" {
	rep --by account --format html "$R/basic.ndjson" "$R/hostile.ndjson" >"$T/r.html"
	for id in chart-frt chart-heatmap chart-categories chart-sentiment chart-sla; do
		grep -q "<svg id=\"$id\"" "$T/r.html"
	done
	! grep -qi '<script\|<link\|<img\|src=\|href=\|url(' "$T/r.html"
	grep -q '&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;' "$T/r.html"
	grep -q '&lt;b&gt;bold&lt;/b&gt;' "$T/r.html"
}

@test "cs-report: the HTML page renders in headless Chromium" {
	command -v chromium >/dev/null || skip "needs chromium"
	rep --by account --format html "$R/basic.ndjson" "$R/hostile.ndjson" >"$T/r.html"
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$T/chromium" --dump-dom "file://$T/r.html" \
	    >"$T/dom.html" 2>/dev/null
	# Every chart is in the document, and the script never ran: the title
	# is ours and the message shows as text.
	[ "$(grep -o '<svg id="chart-[a-z]*"' "$T/dom.html" | wc -l)" -eq 5 ]
	grep -q '<title>Customer service report</title>' "$T/dom.html"
	! grep -q 'pwned</title>\|<script' "$T/dom.html"
	grep -q '&lt;script&gt;document.title=.pwned.&lt;/script&gt;' "$T/dom.html"
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$T/chromium" --hide-scrollbars \
	    --window-size=1200,1800 --screenshot="$T/r.png" \
	    "file://$T/r.html" >/dev/null 2>&1
	[ "$(head -c 8 "$T/r.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
	[ "$(wc -c <"$T/r.png")" -gt 20000 ]
}

# The real data: each brand's median first response time from cs-report
# against an independent script (tests/data/report/frt.py), within the
# histogram's 1% bound; counts exactly.
@test "cs-report: twcs sample medians agree with an independent computation" {
	need_shared corpora/tweets
	csv=$CS_SHARED/corpora/tweets/twcs-head5000.csv
	[ -f "$csv" ] || skip "needs $csv"
	cs-fetch import --format twcs "$csv" >"$T/twcs.ndjson"
	python3 "$R/frt.py" <"$T/twcs.ndjson" >"$T/want"
	rep --by account --format csv "$T/twcs.ndjson" | tr -d '\r' |
	    awk -F, 'NR > 1 && $1 != "total" { print $1 "\t" $2 "\t" $3 "\t" $6 }' >"$T/got"
	[ "$(wc -l <"$T/want")" -gt 50 ]
	paste "$T/want" "$T/got" | awk -F'\t' '
	    $1 != $5 || $2 != $6 || $3 != $7 { print "count differs: " $0; bad++ }
	    $4 != "" && ($8 - $4 > 0.01 * $4 || $4 - $8 > 0.01 * $4) {
		print "median off by more than 1%: " $0; bad++ }
	    END { exit bad > 0 }'
}

# The EXAMPLES of cs-report(1); GNU parallel's --pipe is played by split.
@test "cs-report: the manual's examples" {
	cat "$R/basic.ndjson" "$R/checkins.ndjson" >"$T/history.ndjson"
	cd "$T"
	cs-report --by account --since 2026-11-01T00:00:00Z \
	    --until 2026-11-08T00:00:00Z history.ndjson | jq -e '.groups | length == 2'
	cs-report --by category,lang --format html --timezone Europe/Madrid \
	    --hours 'mon-fri 09:00-18:00' < history.ndjson > week.html
	grep -q '(Europe/Madrid)' week.html
	cs-report --by account --format csv history.ndjson | cut -d, -f1,6 |
	    tr -d '\r' >median.csv
	printf 'account,frt_p50\nRival,60\nShopCare,1800\ntotal,600\n' | diff - median.csv
	split -n l/3 history.ndjson block.
	for b in block.a?; do cs-report --partial --by account <"$b"; done |
	    cs-report --merge --format json >merged.json
	cs-report --by account history.ndjson | jq -S 'del(.now)' >a
	jq -S 'del(.now)' merged.json | diff a -
}

@test "cs-report: a check-in answer marked by cs-followup observe is a customer's message and answers the check-in" {
	run_split cs-report --format json "$DATA/report/checkin-observed.ndjson"
	[ "$status" -eq 0 ]
	g=$(jq -c '.groups[0] | [.inbound, .checkins, .checkins_answered,
	    .satisfaction, .satisfaction_score]' "$T/stdout")
	[ "$g" = "[2,1,1,1,0.8]" ]
}
