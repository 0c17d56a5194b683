#!/bin/sh
# month.sh OUT [N]: a scripted month of traffic for cs-followup's tests.
#
# N conversations (60 by default) start every 11 hours from 2026-11-01,
# one kind each (conversation number modulo 6):
#   0  our reply resolves the case                   -> one check-in
#   1  resolved, then the customer writes again      -> none (reopened)
#   2  our reply does not resolve it                 -> none
#   3  not resolved, then the customer says thanks   -> one check-in
#   4  resolved, reopened, resolved again            -> one check-in
#   5  an agent resolves it by hand                  -> one check-in,
#      or none when the agent then cancels it (every other one)
# Writes OUT/events/YYYY-MM-DDTHH.in (customer messages, for observe),
# .out (cs-reply --send output, for schedule) and .hand (lines "resolve
# CONV" or "cancel CONV"), and OUT/expected: the conversations that must
# get exactly one check-in, sorted.
set -eu
out=$1
n=${2:-60}
mkdir -p "$out/events"
: >"$out/expected.tmp"
start=$(date -u -d 2026-11-01T00:00:00Z +%s)

ts() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
hour() { date -u -d "@$1" +%Y-%m-%dT%H; }

# msg T ID CONV TEXT CATEGORY SCORE [REPLY-JSON]
msg() {
	f="$out/events/$(hour "$1")"
	if [ -n "${7:-}" ]; then f=$f.out; else f=$f.in; fi
	printf '{"id":"%s","network":"x","account":"ShopCare","direction":"in","created_at":"%s","conversation_id":"%s","in_reply_to":null,"author":{"id":"u%s","handle":"cust%s","name":"Customer %s"},"text":"%s","lang":"en","class":{"category":"%s","sentiment":{"score":%s,"label":"%s"},"lang":{"code":"%s","confidence":0.9}}%s}\n' \
	    "$2" "$(ts "$1")" "$3" "$3" "$3" "$3" "$4" "$5" "$6" \
	    "$(label "$6")" "$lang" "${7:+,\"reply\":$7}" >>"$f"
}
label() {
	case $1 in -*) echo negative ;; 0) echo neutral ;; *) echo positive ;; esac
}
# reply T ID RESOLVES
reply() {
	printf '{"status":"sent","id":"%s","sent_at":"%s","agent":"ana","lang":"%s","template":"shipping.%s.1"%s}' \
	    "$2" "$(ts "$1")" "$lang" "$lang" "$([ "$3" = 1 ] && echo ',"resolves":true')"
}

i=1
while [ "$i" -le "$n" ]; do
	c=c$i
	t0=$((start + (i - 1) * 11 * 3600 + (i * 37 % 60) * 60))
	case $((i % 3)) in 0) lang=en ;; 1) lang=es ;; *) lang=ca ;; esac
	kind=$((i % 6))
	msg "$t0" "${c}m1" "$c" "Where is my parcel?" shipping -0.3
	r=0
	case $kind in 0|1|4) r=1 ;; esac
	msg "$t0" "${c}m1" "$c" "Where is my parcel?" shipping -0.3 \
	    "$(reply $((t0 + 1800)) "${c}r1" "$r")"
	case $kind in
	0) echo "$c" >>"$out/expected.tmp" ;;
	1) msg $((t0 + 86400)) "${c}m2" "$c" "It still has not arrived" \
	    shipping -0.6 ;;
	3) msg $((t0 + 7200)) "${c}m2" "$c" "Got it, thanks a lot!" other 0.6
	   echo "$c" >>"$out/expected.tmp" ;;
	4) msg $((t0 + 86400)) "${c}m2" "$c" "Still nothing" shipping -0.6
	   msg $((t0 + 86400)) "${c}m2" "$c" "Still nothing" shipping -0.6 \
	       "$(reply $((t0 + 90000)) "${c}r2" 1)"
	   echo "$c" >>"$out/expected.tmp" ;;
	5) echo "resolve $c" >>"$out/events/$(hour $((t0 + 3 * 3600))).hand"
	   if [ $((i % 12)) = 11 ]; then
		echo "cancel $c" \
		    >>"$out/events/$(hour $((t0 + 4 * 3600))).hand"
	   else
		echo "$c" >>"$out/expected.tmp"
	   fi ;;
	esac
	i=$((i + 1))
done
sort "$out/expected.tmp" >"$out/expected"
rm "$out/expected.tmp"
