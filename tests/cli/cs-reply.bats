#!/usr/bin/env bats
# cs-reply: drafting replies from templates.

load common

setup() {
	unset CS_AGENT CS_SIGNATURE
	IN=$DATA/reply/basic.ndjson
}

# reply_of ID FILE: the reply object of record ID, compact.
reply_of() {
	jq -c --arg id "$1" 'select(.id == $id) | .reply' "$2"
}

@test "cs-reply: golden output on basic.ndjson" {
	run_split cs-reply "$IN"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	golden reply/basic.ndjson "$T/stdout"
}

@test "cs-reply: every input line comes out, other keys untouched" {
	cs-reply "$IN" >"$T/out"
	[ "$(wc -l <"$T/out")" -eq "$(wc -l <"$IN")" ]
	diff <(jq -c 'del(.reply)' "$IN") <(jq -c 'del(.reply)' "$T/out")
}

@test "cs-reply: re-running on its own output gives the same output" {
	cs-reply "$IN" >"$T/once"
	cs-reply "$T/once" >"$T/twice"
	cmp "$T/once" "$T/twice"
	cs-reply --limit 140 "$T/once" >"$T/a"
	cs-reply --limit 140 "$T/a" >"$T/b"
	cmp "$T/a" "$T/b"
}

@test "cs-reply: every draft thanks the customer and is signed" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select(.reply.status == "draft") | .reply | . as $r |
	    select(($r.text | test("(?i)thank|gracias|gràcies") | not)
	    or ($r.text | endswith("— " + $r.agent) | not)) | .template' \
	    "$T/out"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "cs-reply: every category drafts in en, es and ca" {
	cs-reply "$IN" >"$T/out"
	for c in shipping complaint returns payment info product account \
	    praise other; do
		for l in en es ca; do
			n=$(jq -r --arg c "$c" --arg l "$l" \
			    'select(.class.category == $c and .class.lang.code == $l
			    and .reply.status == "draft" and .reply.lang == $l
			    and (.reply.template | startswith($c + "." + $l + ".")))
			    | .id' "$T/out" | wc -l)
			[ "$n" -ge 1 ] || { echo "no draft for $c.$l"; false; }
		done
	done
}

@test "cs-reply: the richest variant gives the tracking link" {
	cs-reply "$IN" >"$T/out"
	run reply_of 1800000000000000101 "$T/out"
	[ "$output" = '{"text":"@jdoe Hi John Doe, thanks for reaching out! Your order 88231 is with UPS and you can follow it here: https://www.ups.com/track?tracknum=1Z999AA10123456784 If it hasn'"'"'t moved in 48 hours, reply here and we'"'"'ll chase it for you. — Marta","length":203,"limit":280,"template":"shipping.en.1","lang":"en","agent":"Marta","resolves":true,"status":"draft"}' ]
}

@test "cs-reply: personal data gets the pii reply and is never repeated" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select((.class.pii // []) | length > 0) |
	    .reply.template' "$T/out"
	[ "$output" = "pii.en.1
pii.es.1" ]
	run jq -r 'select((.class.pii // []) | length > 0) | .reply.text' \
	    "$T/out"
	[[ "$output" != *4111* ]]
	[[ "$output" != *51515* ]]
	[[ "$output" != *12345* ]]
	[[ "$output" != *612* ]]
	[[ "$output" != *example.com* ]]
	[[ "$output" == *"delete"*"DM"* ]]
	[[ "$output" == *"privacidad, bórrala"*"MD"* ]]
}

@test "cs-reply: outbound messages are skipped" {
	cs-reply "$IN" >"$T/out"
	run reply_of 1800000000000000130 "$T/out"
	[ "$output" = '{"text":null,"length":null,"limit":280,"template":null,"lang":null,"agent":null,"status":"skipped","reason":"outbound message"}' ]
}

@test "cs-reply: without an agent the team signs in the reply's language" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select(.id == "1800000000000000131") | .reply.agent' \
	    "$T/out"
	[ "$output" = "Atención al Cliente" ]
	run jq -r 'select(.id == "1800000000000000133") | .reply.agent' \
	    "$T/out"
	[ "$output" = "Customer Care" ]
	CS_AGENT=Ona cs-reply "$IN" >"$T/ona"
	run jq -r 'select(.id == "1800000000000000131") | .reply.agent' \
	    "$T/ona"
	[ "$output" = "Ona" ]
	run jq -r 'select(.id == "1800000000000000131") | .reply.agent' \
	    <(cs-reply --signature "Equip Shop" "$IN")
	[ "$output" = "Equip Shop" ]
}

@test "cs-reply: a hostile display name mentions and links no one" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select(.id == "1800000000000000132") | .reply.text' \
	    "$T/out"
	[ "$status" -eq 0 ]
	[[ "$output" == "@troll_1 Hi evil scamesrever {{agent}}, thank you"* ]]
	[[ "$output" != *"@evil"* ]]
	[[ "$output" != *"http"* ]]
	[[ "$output" != *"evil.example"* ]]
	[[ "$output" != *"#scam"* ]]
	[[ "$output" != *$'\u202e'* ]]
	[[ "$output" == *"— Marta" ]]
}

@test "cs-reply: an invalid handle leaves no usable template" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select(.id == "1800000000000000138") | .reply.reason' \
	    "$T/out"
	[ "$output" = "no valid author handle" ]
}

@test "cs-reply: a sent reply is left untouched" {
	cs-reply "$IN" >"$T/out"
	diff <(grep 1800000000000000137 "$IN") <(grep 1800000000000000137 "$T/out")
}

@test "cs-reply: languages without templates fall back to English" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select(.id == "1800000000000000134") |
	    [.reply.lang, .reply.template] | @tsv' "$T/out"
	[ "$output" = "en	shipping.en.4" ]
	# An unknown category falls back to "other" in the same language.
	run jq -r 'select(.id == "1800000000000000139") | .reply.template' \
	    "$T/out"
	[ "$output" = "other.ca.2" ]
}

@test "cs-reply: Mastodon and Bluesky have their own counts and limits" {
	cs-reply "$IN" >"$T/out"
	run jq -r 'select(.network != "x") | [.network, .reply.limit,
	    .reply.length, .reply.template] | @tsv' "$T/out"
	[ "$output" = "mastodon	500	181	shipping.en.3
bluesky	300	129	praise.en.1" ]
	run jq -r 'select(.network == "mastodon") | .reply.text' "$T/out"
	[[ "$output" == "Hi @ada@mastodon.example, thanks"* ]]
}

@test "cs-reply: --limit 140 chooses shorter variants" {
	run_split cs-reply --limit 140 "$IN"
	[ "$status" -eq 0 ]
	golden reply/limit140.ndjson "$T/stdout"
	run jq -r 'select(.reply.status == "draft" and
	    (.reply.length > 140 or .reply.limit != 140)) | .id' "$T/stdout"
	[ -z "$output" ]
	run reply_of 1800000000000000101 "$T/stdout"
	[[ "$output" == *'"template":"shipping.en.5"'* ]]
	run jq -r 'select(.network == "bluesky") | .reply.limit' "$T/stdout"
	[ "$output" = 140 ]
}

@test "cs-reply: NETWORK=N limits one network" {
	cs-reply --limit x=140 --limit mastodon=100,bluesky=900 "$IN" >"$T/out"
	run jq -r 'select(.network != "x") | [.network, .reply.limit] |
	    @tsv' "$T/out"
	[ "$output" = "mastodon	100
bluesky	300" ]
	run jq -r 'select(.id == "1800000000000000101") | .reply.limit' \
	    "$T/out"
	[ "$output" = 140 ]
}

@test "cs-reply: when nothing fits the reply is skipped with the reason" {
	cs-reply --limit 20 "$IN" >"$T/out"
	run jq -r 'select(.reply.status == "draft") | .id' "$T/out"
	[ -z "$output" ]
	run reply_of 1800000000000000102 "$T/out"
	[ "$output" = '{"text":null,"length":null,"limit":20,"template":null,"lang":"es","agent":"Jordi","status":"skipped","reason":"no template fits in 20 characters"}' ]
}

@test "cs-reply: --templates adds and replaces templates" {
	run_split cs-reply --templates "$DATA/reply/user.json" \
	    "$DATA/reply/user.ndjson"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	run jq -r '[.id, .reply.template, .reply.text] | @tsv' "$T/stdout"
	[ "$output" = "2001	shipping.de.1	Hallo @hans_m, danke! Bestellung 4711: https://track.example.com/AC12345678 ^Kundenservice
2002	shipping.es.1	¡Gracias, @lucia_m! Revisamos tu envío ahora mismo. ^Equipo ShopCare
2003	other.en.2	@olivia_r Hi Olivia, thanks for your message! We're looking into it and will get back to you here shortly. — Customer Care
2004	shipping.en.6	@jdoe Hi John, thanks for getting in touch, and sorry for the wait. Please send us your order number by DM and we'll find out where your parcel is. — Customer Care" ]
}

@test "cs-reply: CS_TEMPLATES and the configuration name template files" {
	CS_TEMPLATES=$DATA/reply/user.json cs-reply "$DATA/reply/user.ndjson" \
	    >"$T/env"
	cs-reply --templates "$DATA/reply/user.json" \
	    "$DATA/reply/user.ndjson" >"$T/opt"
	cmp "$T/env" "$T/opt"
	mkdir -p "$T/conf"
	cp "$DATA/reply/user.json" "$T/conf/mine.json"
	printf '{"reply":{"templates":"mine.json","limit":{"x":200},' \
	    >"$T/conf/config.json"
	printf '"agent":"Pau","names":false}}\n' >>"$T/conf/config.json"
	cs-reply --config "$T/conf/config.json" "$DATA/reply/user.ndjson" \
	    >"$T/conf.out"
	run jq -r '[.reply.template, .reply.limit, .reply.agent] | @tsv' \
	    "$T/conf.out"
	[ "$output" = "shipping.de.1	200	Pau
shipping.es.1	200	Pau
other.en.3	200	Pau
shipping.en.7	200	Pau" ]
}

@test "cs-reply: a bad template file is an error naming the template" {
	run_split cs-reply --templates "$DATA/reply/bad.json" "$IN"
	[ "$status" -eq 1 ]
	[ -z "$out" ]
	[ "$err" = "cs-reply: $DATA/reply/bad.json: template shipping.es.2: unknown variable '{{ordr}}'" ]
	run_split cs-reply --templates "$T/nonexistent.json" "$IN"
	[ "$status" -eq 1 ]
	[[ "$err" == "cs-reply: "*"nonexistent.json"* ]]
	echo '{"templates": [' >"$T/broken.json"
	run_split cs-reply --templates "$T/broken.json" "$IN"
	[ "$status" -eq 1 ]
	[[ "$err" == "cs-reply: $T/broken.json: invalid JSON at byte "* ]]
}

@test "cs-reply: missing fields are reported, the other lines written" {
	run_split cs-reply "$DATA/reply/missing-id.ndjson"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-reply: $DATA/reply/missing-id.ndjson:2: missing field 'id'
cs-reply: $DATA/reply/missing-id.ndjson:3: not a JSON object" ]
	run jq -r '[.id, .reply.status] | @tsv' "$T/stdout"
	[ "$output" = "3001	draft
3004	draft" ]
	cs-reply --rejects "$T/rej" <"$DATA/reply/missing-id.ndjson" \
	    >/dev/null 2>&1 || true
	[ "$(sed -n 2p "$T/rej")" = "not json" ]
	run_split cs-reply --strict "$DATA/reply/missing-id.ndjson"
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$T/stdout")" -eq 1 ]
}

@test "cs-reply: --no-name and --category followup" {
	cs-reply --no-name "$IN" >"$T/out"
	run jq -r 'select(.reply.status == "draft") | .reply.text |
	    select(test("John Doe|Lucía Martín"))' "$T/out"
	[ -z "$output" ]
	cs-reply --category followup "$IN" >"$T/out"
	run jq -r 'select(.id == "1800000000000000102" or
	    .id == "1800000000000000128") | .reply.template' "$T/out"
	[ "$output" = "followup.es.1
followup.en.4" ]
	run jq -r 'select(.id == "1800000000000000128") | .reply.text' \
	    "$T/out"
	[[ "$output" != *51515* ]]
}

@test "cs-reply: man page examples run" {
	cs-reply "$IN" >"$T/drafts.ndjson"
	cd "$T"
	run sh -c 'jq -r '\''select(.reply.status == "draft") |
	    "\(.reply.template)\t\(.reply.text)"'\'' drafts.ndjson | wc -l'
	[ "$output" -eq 36 ]
	run sh -c 'jq -r '\''select(.reply.status == "skipped") | .reply.reason'\'' \
	    drafts.ndjson | sort | uniq -c | sed "s/^ *//"'
	[ "$output" = "1 no valid author handle
1 outbound message" ]
	cp "$DATA/reply/user.json" replies.json
	run_split sh -c 'cs-reply --limit 140 --templates replies.json < "$0"' "$IN"
	[ "$status" -eq 0 ]
	run_split sh -c 'cs-reply --category followup < "$0"' "$IN"
	[ "$status" -eq 0 ]
}

@test "cs-reply: --help, --version and bad usage" {
	run_split cs-reply --help
	[ "$status" -eq 0 ]
	[[ "$out" == "usage: cs-reply "* ]]
	[ -z "$err" ]
	run_split cs-reply -h
	[ "$status" -eq 0 ]
	run_split cs-reply --version
	[ "$status" -eq 0 ]
	[[ "$out" == "cs-reply "[0-9]* ]]
	run_split cs-reply --bogus
	[ "$status" -eq 2 ]
	[[ "$err" == *"usage: cs-reply "* ]]
	[ -z "$out" ]
	run_split cs-reply --limit 0 "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-reply: bad --limit value '0': '0' is not N or NETWORK=N with N from 1 to 100000" ]
	run_split cs-reply --lang español "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-reply: bad --lang value 'español': expected a two- or three-letter language code" ]
	run_split cs-reply --category folowup "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-reply: bad --category value 'folowup': no templates for it" ]
	CS_LIMIT=abc run_split cs-reply "$IN"
	[ "$status" -eq 2 ]
	[ "$err" = "cs-reply: bad CS_LIMIT value 'abc': 'abc' is not N or NETWORK=N with N from 1 to 100000" ]
}

@test "cs-reply: CS_LIMIT sets the limit, --limit wins" {
	CS_LIMIT=140 cs-reply "$IN" >"$T/env"
	cs-reply --limit 140 "$IN" >"$T/opt"
	cmp "$T/env" "$T/opt"
	CS_LIMIT=20 cs-reply --limit 140 "$IN" >"$T/both"
	cmp "$T/both" "$T/opt"
}

@test "cs-reply: a write error is exit status 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	run sh -c 'cs-reply "$0" >/dev/full' "$IN"
	[ "$status" -eq 1 ]
	[[ "$output" == *"write error"* ]]
}

@test "cs-reply: ends quietly when the reader goes away" {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		cat "$IN"
	done >"$T/big"
	run sh -c 'cs-reply "$0" | head -1 >/dev/null' "$T/big"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
