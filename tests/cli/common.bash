# Shared set-up for the bats command-line tests.
# CS_BIN names the folder of the binaries under test (build/bin by default,
# build-san/bin for the sanitizer run).  CS_SHARED is ../shared, which may
# be absent: tests that need it call need_shared.

: "${CS_ROOT:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
: "${CS_BIN:=$CS_ROOT/build/bin}"
: "${CS_SHARED:=$CS_ROOT/../shared}"
case $CS_BIN in /*) ;; *) CS_BIN=$CS_ROOT/$CS_BIN ;; esac
case $CS_SHARED in /*) ;; *) CS_SHARED=$CS_ROOT/$CS_SHARED ;; esac
PATH=$CS_BIN:$PATH
DATA=$CS_ROOT/tests/data
export CS_ROOT CS_BIN CS_SHARED PATH DATA

# Keep the user's own configuration and state out of every test.
export HOME="$BATS_TEST_TMPDIR/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_STATE_HOME="$HOME/.local/state"
for v in $(compgen -e | grep '^CS_'); do
	case $v in
	CS_BIN|CS_ROOT|CS_SHARED|CS_GOLDEN|CS_SANITIZED|CS_VALGRIND) ;;
	*) unset "$v" ;;
	esac
done
mkdir -p "$HOME"
T=$BATS_TEST_TMPDIR

# AddressSanitizer reserves terabytes of address space: ulimit -v tests
# only mean something on the plain build.
no_sanitizer() {
	[ -z "${CS_SANITIZED:-}" ] || skip "not under AddressSanitizer"
}

# Under valgrind (CS_VALGRIND=1, tests/run's valgrind pass) each process
# runs some 20-50 times slower: tests of timing, of volume or of ulimit -v
# (valgrind's own address space) skip there.  What they exercise is covered
# by the other tests on small inputs.
no_valgrind() {
	[ -z "${CS_VALGRIND:-}" ] || skip "${1:-timing or volume} not under valgrind"
}

need_shared() {
	[ -d "$CS_SHARED/${1:-}" ] || skip "needs ../shared/${1:-}"
}

# run_split CMD...: run with stdout and stderr kept apart, in $out and $err.
run_split() {
	status=0
	"$@" >"$T/stdout" 2>"$T/stderr" || status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

# golden NAME FILE: compare FILE with tests/data/golden/NAME, or write the
# golden file when CS_GOLDEN=1 (make golden).
golden() {
	local want="$DATA/golden/$1"
	if [ "${CS_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$(dirname "$want")"
		cp "$2" "$want"
	fi
	diff -u "$want" "$2"
}
