#!/usr/bin/env bats
# cs-classify train and eval, --model and the built-in model: model files
# and their errors, the evaluation's text, JSON and TSV, the per-line
# diagnostics, and the figures the built-in model must reach.

load common

D=$DATA/classify

@test "cs-classify train: golden model from a small labelled file" {
	cs-classify train "$D/model-train.ndjson" >"$T/m.model"
	golden classify/model-train.model "$T/m.model"
}

@test "cs-classify train: the same data gives the same file; --out" {
	cs-classify train "$D/model-train.ndjson" >"$T/a.model"
	cs-classify train --out "$T/b.model" <"$D/model-train.ndjson"
	cmp "$T/a.model" "$T/b.model"
	# A readable file, not mkstemp's 0600; no temporary file left.
	[ -r "$T/b.model" ] && [ "$(stat -c %a "$T/b.model")" != 600 ]
	[ "$(ls "$T" | grep -c 'b.model')" -eq 1 ]
	cs-classify train --out - "$D/model-train.ndjson" | cmp - "$T/a.model"
	# Options change the model and are recorded.
	cs-classify train --seed 7 --epochs 3 --no-bigrams --prefix 0 \
	    --min-count 1 --l2 0.001 --prune 0 --rate 0.1 --balance \
	    --no-norm "$D/model-train.ndjson" >"$T/c.model"
	! cmp -s "$T/a.model" "$T/c.model"
	grep -q '^# trained by cs-classify train on 28 messages: epochs 3, rate 0.1, l2 0.001, min-count 1, prune 0, seed 7, balance 1$' \
	    "$T/c.model"
	grep -qx 'prefix 0' "$T/c.model"
	grep -qx 'bigrams 0' "$T/c.model"
	grep -qx 'norm none' "$T/c.model"
	! grep -q '^[pb]	' "$T/c.model"
}

@test "cs-classify eval: golden text of a model alone" {
	cs-classify train "$D/model-train.ndjson" >"$T/m.model"
	cs-classify eval --model "$T/m.model" --model-only \
	    "$D/model-test.ndjson" >"$T/out"
	golden classify/model-eval.txt "$T/out"
}

@test "cs-classify eval: --json is one object that adds up" {
	cs-classify train "$D/model-train.ndjson" >"$T/m.model"
	cs-classify eval --json --model "$T/m.model" --model-only \
	    "$D/model-test.ndjson" >"$T/out"
	[ "$(wc -l <"$T/out")" -eq 1 ]
	jq -e '.messages == 10 and .accuracy == 0.9 and
	    (.macro_f1 * 10000 | round) == 9143' "$T/out"
	jq -e '[.categories[].support] | add == 10' "$T/out"
	jq -e '[.confusion.matrix[][]] | add == 10' "$T/out"
	jq -e '(.confusion.labels | length) == (.confusion.matrix | length)' \
	    "$T/out"
	jq -e '.categories[] | select(.category == "complaint") |
	    .precision == null and .f1 == null and .support == 0' "$T/out"
	jq -e '.categories[] | select(.category == "warranty") |
	    .precision == 1 and .recall == 1 and .predicted == 2' "$T/out"
	# The rules and model together: the same shape.
	cs-classify eval --json "$D/model-test.ndjson" |
	    jq -e '.messages == 10 and (.categories | length) == 10'
}

@test "cs-classify eval: --tsv lines for scripts" {
	cs-classify train "$D/model-train.ndjson" >"$T/m.model"
	run_split cs-classify eval --tsv --model "$T/m.model" --model-only \
	    "$D/model-test.ndjson"
	[ "$status" -eq 0 ]
	[ -z "$err" ]
	[ "$(printf '%s\n' "$out" | head -n 1)" = \
	    "$(printf 'categories\tcs-classify\tmacro-f1\t0.9143')" ]
	printf '%s\n' "$out" | grep -qx "$(printf 'categories\tcs-classify\taccuracy\t0.9000')"
	printf '%s\n' "$out" | grep -qx "$(printf 'categories\tcs-classify\tn\t10')"
	printf '%s\n' "$out" | grep -qx "$(printf 'categories\tcs-classify\tf1:warranty\t1.0000')"
	[ "$(printf '%s\n' "$out" | awk -F '\t' 'NF != 4' | wc -l)" -eq 0 ]
	run_split cs-classify eval --tsv --json "$D/model-test.ndjson"
	[ "$status" -eq 2 ]
	run_split cs-classify eval --model-only --no-model "$D/model-test.ndjson"
	[ "$status" -eq 2 ]
}

@test "cs-classify --model: a model's own category; CS_MODEL, classify.model" {
	cs-classify train "$D/model-train.ndjson" >"$T/m.model"
	echo '{"id":"w","text":"is my kettle under warranty?"}' >"$T/in"
	cs-classify --model "$T/m.model" "$T/in" >"$T/out"
	jq -e '.class.category == "warranty"' "$T/out"
	jq -e '.class.scores | keys_unsorted | .[-2:] == ["warranty", "other"]' \
	    "$T/out"
	jq -e '[.class.scores[]] | add > 0.99 and add < 1.01' "$T/out"
	# Not with the built-in model.
	cs-classify "$T/in" | jq -e '.class.category != "warranty"'
	CS_MODEL="$T/m.model" cs-classify "$T/in" |
	    jq -e '.class.category == "warranty"'
	mkdir -p "$XDG_CONFIG_HOME/cs"
	printf '{"classify": {"model": "%s"}}\n' "$T/m.model" \
	    >"$XDG_CONFIG_HOME/cs/config.json"
	cs-classify "$T/in" | jq -e '.class.category == "warranty"'
	# Flags first, then CS_MODEL, then the configuration.
	CS_MODEL=/nonexistent cs-classify --model "$T/m.model" "$T/in" |
	    jq -e '.class.category == "warranty"'
	run_split env CS_MODEL=/nonexistent cs-classify "$T/in"
	[ "$status" -eq 1 ]
	# --no-model: the rules alone.
	echo '{"text":"lorem ipsum"}' | cs-classify --no-model |
	    jq -e '.class.category == "other" and .class.confidence == 1'
}

@test "cs-classify --model: a bad or missing model file is an error naming it" {
	run_split cs-classify --model "$D/model-bad.model" "$D/basic.ndjson"
	[ "$status" -eq 1 ]
	[ -z "$out" ]
	[ "$err" = "cs-classify: $D/model-bad.model:6: bad weights (2 whole numbers)" ]
	run_split cs-classify --model "$T/nosuch.model" "$D/basic.ndjson"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: model: $T/nosuch.model: No such file or directory" ]
	printf 'cs-classify-model 9\n' >"$T/v9.model"
	run_split cs-classify eval --model "$T/v9.model" "$D/model-test.ndjson"
	[ "$status" -eq 1 ]
	[ "$err" = "cs-classify: $T/v9.model:1: unsupported model version '9' (this is version 1)" ]
	run_split cs-classify --model "$D/model-train.ndjson" "$D/basic.ndjson"
	[ "$status" -eq 1 ]
	[[ "$err" == "cs-classify: $D/model-train.ndjson:1: not a model file"* ]]
}

@test "cs-classify train: lines without label and bad lines are reported" {
	run_split cs-classify train --rejects "$T/rej" "$D/model-bad.ndjson"
	[ "$status" -eq 1 ]
	cat >"$T/want" <<-END
	cs-classify: $D/model-bad.ndjson:2: missing field 'label'
	cs-classify: $D/model-bad.ndjson:3: not a JSON object
	cs-classify: $D/model-bad.ndjson:4: bad label 'Other Stuff' (use a-z, 0-9, '-' and '_', up to 32)
	cs-classify: $D/model-bad.ndjson:5: field 'weight' is not a number
	cs-classify: $D/model-bad.ndjson:6: bad weight 0 (more than 0, up to 1e6)
	END
	diff "$T/want" "$T/stderr"
	# The rest is learnt from.
	[[ "$out" == "cs-classify-model 1"* ]]
	grep -qx 'categories shipping other' "$T/stdout"
	sed -n '2,6p' "$D/model-bad.ndjson" | diff - "$T/rej"
	# --strict stops at the first, and writes no model.
	run_split cs-classify train --strict "$D/model-bad.ndjson"
	[ "$status" -eq 1 ]
	[ -z "$out" ]
	[ "$(wc -l <"$T/stderr")" -eq 1 ]
	# One category is not enough.
	head -n 1 "$D/model-bad.ndjson" >"$T/one"
	run_split cs-classify train "$T/one"
	[ "$status" -eq 1 ]
	[ -z "$out" ]
	[ "$err" = "cs-classify: need messages of at least two categories, got 1" ]
	# --out is not touched when training fails.
	echo old >"$T/keep.model"
	run_split cs-classify train --out "$T/keep.model" "$T/one"
	[ "$status" -eq 1 ]
	[ "$(cat "$T/keep.model")" = old ]
}

@test "cs-classify eval: lines without label are reported, the rest counted" {
	run_split cs-classify eval --tsv "$D/model-bad.ndjson"
	[ "$status" -eq 1 ]
	cat >"$T/want" <<-END
	cs-classify: $D/model-bad.ndjson:2: missing field 'label'
	cs-classify: $D/model-bad.ndjson:3: not a JSON object
	END
	diff "$T/want" "$T/stderr"
	printf '%s\n' "$out" | grep -qx "$(printf 'categories\tcs-classify\tn\t5')"
	# A label that is no category is a row of its own.
	cs-classify eval "$D/model-bad.ndjson" 2>/dev/null |
	    grep -q '^Other Stuff  *- *0.000 *0.000 *1 *0$'
}

@test "cs-classify train and eval: --help, bad usage" {
	for sub in train eval; do
		run_split cs-classify $sub --help
		[ "$status" -eq 0 ]
		[[ "$out" == "usage: cs-classify "* ]]
		[[ "$out" == *"cs-classify $sub "* ]]
		[ -z "$err" ]
		run_split cs-classify $sub --bogus
		[ "$status" -eq 2 ]
		[[ "$err" == "cs-classify: unrecognized option '--bogus'"* ]]
		[[ "$err" == *"usage: cs-classify "* ]]
	done
	run_split cs-classify train --epochs 0
	[ "$status" -eq 2 ]
	run_split cs-classify train --l2 x
	[ "$status" -eq 2 ]
	[ "$err" = "cs-classify: bad --l2 value 'x': not a number" ]
	run_split cs-classify train --rate 0
	[ "$status" -eq 2 ]
	# A file named train is classified as ./train.
	cp "$D/model-test.ndjson" "$T/train"
	(cd "$T" && cs-classify ./train) | jq -e -s 'length == 10'
}

@test "cs-classify: the built-in model and our Spanish and Catalan checks" {
	run_split cs-classify eval --tsv "$D/eval-esca.ndjson"
	[ "$status" -eq 0 ]
	f1=$(printf '%s\n' "$out" | awk -F '\t' '$3 == "macro-f1" { print $4 }')
	awk -v f="$f1" 'BEGIN { exit !(f >= 0.85) }'
}

@test "cs-classify: macro-F1 of at least 0.90 on held-out Bitext" {
	need_shared corpora/intents/bitext
	command -v python3 >/dev/null || skip "needs python3"
	"$CS_ROOT/scripts/data/bitext-split" "$CS_SHARED/corpora/intents/bitext" \
	    "$T/split" >/dev/null
	run_split cs-classify eval --tsv "$T/split/bitext-test.ndjson"
	[ "$status" -eq 0 ]
	f1=$(printf '%s\n' "$out" | awk -F '\t' '$3 == "macro-f1" { print $4 }')
	awk -v f="$f1" 'BEGIN { exit !(f >= 0.90) }'
}

@test "cs-classify: the man page's model examples run" {
	cp "$D/model-train.ndjson" "$T/labelled.ndjson"
	cp "$D/model-test.ndjson" "$T/held-out.ndjson"
	cp "$D/basic.ndjson" "$T/mentions.ndjson"
	cd "$T"
	cs-classify train --out my.model labelled.ndjson
	cs-classify eval --model my.model held-out.ndjson | grep -q '^macro-f1 '
	cs-classify --model my.model mentions.ndjson | jq -s -e 'length == 28'
	cs-classify eval --no-model --tsv held-out.ndjson | grep -c macro-f1 |
	    grep -qx 1
	cs-classify eval --tsv held-out.ndjson | grep -q "^categories	cs-classify	macro-f1	"
}
