#!/usr/bin/env bash
# Runs every test level of emviz and exits non-zero if anything failed:
#   1 setup   scripts/setup.sh (installs missing tools; idempotent)
#   2 lint    cargo fmt --all --check; cargo clippy --workspace --all-targets -- -D warnings;
#             cargo clippy -p emviz-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings;
#             scripts/check-types.sh (TypeScript declarations generated from the Rust types, the
#             page's JavaScript checked against them with tsc --noEmit, Session's surface counted)
#   3 native  cargo test --workspace                              (core, app, CLI, wasm crate natively)
#   4 wasm    cargo test -p emviz-wasm --target wasm32-unknown-unknown  (browser tests, run twice: Chromium
#             through chromedriver, then Firefox ESR through geckodriver; both runs counted)
#   5 build   trunk build --release, scripts/check-wasm.sh         (page into dist/)
#   5 single  scripts/build-single.sh with EMVIZ_SKIP_TRUNK=1     (one-file page dist-single/emviz.html)
#   6 e2e     node --test tests/e2e/                              (Playwright + Chromium against dist/, on
#             node's test runner; export.test.mjs also runs scripts/sklearn_check.py in .venv;
#             single_file.test.mjs opens dist-single/emviz.html from file://)
#   6 engines node --test tests/engines/                          (the core of the e2e checks in Firefox ESR,
#             through puppeteer-core over WebDriver BiDi, and in WebKit, through WebKitWebDriver + Xvfb)
#   7 python  .venv (bench/setup_venv.sh + crates/emviz-py/requirements-test.txt), the page copied into
#             the package (crates/emviz-py/build_static.sh), maturin build of the wheel, pip install of
#             it, pytest crates/emviz-py/tests (with the JupyterLab + Chromium notebook test, and
#             emviz.spark's tests on pyspark in local mode; a headless JRE is installed if java is missing)
# Cargo runs with --no-fail-fast, so every test binary runs; a failing stage does not stop the later
# ones (except that e2e and engines do not run on a failed build). One run reports everything.
# Skip stages while iterating locally with EMVIZ_SKIP_<STAGE>=1 (SETUP, LINT, NATIVE, WASM, BUILD (e2e
# then uses the existing dist/), E2E, ENGINES, PYTHON; only the value 1 counts, any other value is an
# error). EMVIZ_E2E_FILTER=<substring> runs only the end-to-end tests whose name ("<file>: <name>")
# holds it, EMVIZ_ENGINES_FILTER=<substring> only the matching engine tests ("<engine>: <file>:
# <name>"; EMVIZ_ENGINES=firefox or webkit picks one). Such a run is partial: it is announced at the
# start, its last line says PARTIAL, and it exits non-zero even when everything it ran passed. With
# CI set, every skip switch and filter is refused.
# The last line is "N tests passed, N failed, N skipped" over the real tests of every stage (cargo's
# test binaries, node's test runner, pytest); the steps without tests (setup, lint, build, single)
# are reported as steps. A test stage fails when it ran no test, when it failed without reporting a
# failed test (e.g. a compile error, a crash), and when a test was skipped or ignored (pytest's allowed
# skips are listed, each with its reason, in crates/emviz-py/tests/conftest.py).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

export PATH="$ROOT/node_modules/.bin:$PATH"   # binaryen 132's wasm-opt first (Trunk.toml pins it)
export TRUNK_OFFLINE=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

LOGDIR="$(mktemp -d "${TMPDIR:-/tmp}/emviz-test.XXXXXX")"
trap 'rm -rf "$LOGDIR"' EXIT

total_passed=0
total_failed=0
summary=()
build_ok=1
total_skipped=0
steps_ok=0
steps_failed=0
partial=()

# The skip switches and filters: only 1 counts for a switch; each makes the run partial; CI refuses them.
for stage in SETUP LINT NATIVE WASM BUILD SINGLE E2E ENGINES PYTHON; do
  var="EMVIZ_SKIP_$stage"
  case "${!var:-}" in
    "" ) ;;
    1 ) partial+=("$var=1") ;;
    * ) echo "$var=${!var}: only $var=1 skips a stage (unset it to run the stage)." >&2; exit 2 ;;
  esac
done
for var in EMVIZ_E2E_FILTER EMVIZ_ENGINES_FILTER EMVIZ_ENGINES; do
  [ -n "${!var:-}" ] && partial+=("$var=${!var}")
done
if [ "${#partial[@]}" -gt 0 ]; then
  if [ -n "${CI:-}" ]; then
    echo "CI is set: refusing a partial run (${partial[*]}); CI runs every test." >&2
    exit 2
  fi
  printf '\n*** PARTIAL RUN: %s — this run cannot pass as a whole. ***\n' "${partial[*]}"
fi

banner() {
  printf '\n'
  printf '=%.0s' {1..78}; printf '\n'
  printf '== %s\n' "$*"
  printf '=%.0s' {1..78}; printf '\n'
}

# cargo/libtest and wasm-bindgen-test print "test result: ok. 3 passed; 0 failed; 1 ignored; ..." per
# test binary.
count_cargo() {  # log -> "passed failed skipped"
  awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;?$/) p += $i; if ($(i+1) ~ /^failed;?$/) f += $i;
                                                   if ($(i+1) ~ /^ignored;?$/) s += $i } }
       END { printf "%d %d %d\n", p, f, s }' "$1"
}
# node --test ends with its counts, one a line: "ℹ pass 117", "ℹ fail 1", "ℹ cancelled 0", ... (the
# spec reporter; TAP writes "# pass 117"). A cancelled test (node's own timeout) counts as failed; a
# test file that crashes is reported as one failed test.
count_node() {
  awk '/^(ℹ|#) (pass|fail|cancelled|skipped|todo) [0-9]+$/ { n[$2] = $3 }
       END { printf "%d %d %d\n", n["pass"], n["fail"] + n["cancelled"], n["skipped"] + n["todo"] }' "$1"
}
# pytest ends with a line like "== 3 failed, 61 passed, 1 skipped in 5.2s ==" (-q: without the
# "=="); errors count as failures.
count_pytest() {
  local line
  line="$(grep -E '^(=+ )?[0-9]+ (passed|failed|error|errors|skipped)' "$1" | tail -n 1)"
  awk '{ for (i = 1; i < NF; i++) { w = $(i+1); sub(/,$/, "", w);
         if (w == "passed") p += $i; if (w == "failed" || w == "error" || w == "errors") f += $i;
         if (w == "skipped") s += $i } }
       END { printf "%d %d %d\n", p, f, s }' <<<"$line"
}
count_none() { echo "0 0 0"; }

# run_stage <key> <title> <counter> <command...>: a test stage, or with count_none a step (no tests).
run_stage() {
  local key="$1" title="$2" counter="$3"; shift 3
  local skipvar="EMVIZ_SKIP_${key^^}"
  banner "stage: $title"
  if [ "${!skipvar:-}" = 1 ]; then
    echo "SKIPPED ($skipvar=1): this run is partial."
    summary+=("$(printf '%-8s SKIPPED (%s=1)' "$key" "$skipvar")")
    return 0
  fi
  printf '$ %s\n\n' "$*"
  local log="$LOGDIR/$key.log" start=$SECONDS rc
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local p f s status=ok
  [ "$rc" -eq 0 ] || status="FAILED (exit $rc)"
  read -r p f s < <("$counter" "$log")
  if [ "$counter" = count_none ]; then
    if [ "$rc" -eq 0 ]; then steps_ok=$((steps_ok + 1)); else steps_failed=$((steps_failed + 1)); fi
    summary+=("$(printf '%-8s %-18s step  (%ds)' "$key" "$status" $((SECONDS - start)))")
    echo
    echo "-- $title: $status, $((SECONDS - start))s"
    return "$rc"
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1   # the stage failed without a failing test: count the stage itself
  elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    rc=1 f=1 status="FAILED (no test ran)"
  fi
  if [ "$key" != python ] && [ "$s" -gt 0 ]; then
    rc=1 f=$((f + 1)) status="FAILED ($s skipped)"   # no skipped or ignored test is allowed here
  fi
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  total_skipped=$((total_skipped + s))
  summary+=("$(printf '%-8s %-18s %4d passed, %d failed, %d skipped  (%ds)' "$key" "$status" "$p" "$f" "$s" $((SECONDS - start)))")
  echo
  echo "-- $title: $status, $p passed, $f failed, $s skipped, $((SECONDS - start))s"
  return "$rc"
}

stage_lint() {
  # All three run even if one fails, so one run lists every problem; the stage fails if any does.
  local rc=0
  printf '$ cargo fmt --all --check\n'
  cargo fmt --all --check || rc=1
  printf '$ cargo clippy --workspace --all-targets -- -D warnings\n'
  cargo clippy --workspace --all-targets -- -D warnings || rc=1
  printf '$ cargo clippy -p emviz-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings\n'
  cargo clippy -p emviz-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings || rc=1
  printf '$ scripts/check-types.sh\n'
  scripts/check-types.sh || rc=1
  return "$rc"
}

# The wasm crate's tests in one browser: $1 names it, the rest is env's arguments that choose it.
wasm_tests_in() {
  local browser="$1"
  shift
  printf '$ cargo test --no-fail-fast -p emviz-wasm --target wasm32-unknown-unknown   # in %s\n' "$browser"
  env "$@" WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
    cargo test --no-fail-fast -p emviz-wasm --target wasm32-unknown-unknown
}

stage_wasm() {
  # wasm-bindgen-test-runner (the cargo runner, .cargo/config.toml) drives the browser whose driver
  # the environment names, GECKODRIVER before CHROMEDRIVER: first Chromium through chromedriver
  # (GECKODRIVER unset), then Firefox ESR through geckodriver (CHROMEDRIVER unset; the runner adds
  # -headless, webdriver-firefox.json names the binary and keeps it off the network). The second
  # run reuses the first one's build. Both always run; count_cargo adds up both.
  local rc=0 geckodriver
  wasm_tests_in Chromium -u GECKODRIVER \
    CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/crates/emviz-wasm/webdriver.json" || rc=1
  echo
  geckodriver="$(command -v geckodriver)" || { echo "geckodriver is missing: run scripts/setup.sh" >&2; return 1; }
  wasm_tests_in "Firefox ESR" -u CHROMEDRIVER GECKODRIVER="$geckodriver" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/crates/emviz-wasm/webdriver-firefox.json" || rc=1
  return "$rc"
}

stage_build() {
  cargo fetch && trunk build --release && scripts/check-wasm.sh
}

# node --test <dir> [substring]: the test files of <dir>, each in its own process, the tests whose
# name holds the substring (--test-name-pattern takes a regular expression: the substring's
# special characters are escaped).
node_tests() {
  local dir="$1" filter="${2:-}"
  if [ ! -f dist/index.html ]; then
    echo "dist/index.html is missing: run the build stage (trunk build --release) first." >&2
    return 1
  fi
  local args=(--test --test-reporter=spec)
  [ -n "$filter" ] && args+=("--test-name-pattern=$(printf '%s' "$filter" | sed 's/[][\\.*^$?+(){}|/]/\\&/g')")
  node "${args[@]}" "$dir"
}
stage_e2e() { node_tests tests/e2e/ "${EMVIZ_E2E_FILTER:-}"; }
stage_engines() { node_tests tests/engines/ "${EMVIZ_ENGINES_FILTER:-}"; }

# The Python package: the project's .venv (created if missing), the wheel built by maturin from
# crates/emviz-py and installed into it, then its tests.
stage_python() {
  local py="$ROOT/.venv/bin/python" wheels="${CARGO_TARGET_DIR:-$ROOT/target}/wheels"
  bash bench/setup_venv.sh || return 1
  "$py" -m pip install --disable-pip-version-check --quiet -r crates/emviz-py/requirements-test.txt || return 1
  # ruff, gated like clippy: the package, its tests and the Python bench (crates/emviz-py/pyproject.toml).
  "$ROOT/.venv/bin/ruff" check --config crates/emviz-py/pyproject.toml \
    crates/emviz-py/python crates/emviz-py/tests bench/python_bench.py || return 1
  # The Spark tests (tests/test_spark.py) need a JVM: Debian's headless JRE when java is missing.
  if ! command -v java >/dev/null 2>&1; then
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "python: installing default-jre-headless for the Spark tests"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq default-jre-headless || return 1
  fi
  rm -f "$wheels"/emviz-*.whl
  # The page (single-file build, reused from the single stage when it ran) goes into the wheel.
  EMVIZ_REUSE_PAGE=1 crates/emviz-py/build_static.sh || return 1
  (cd crates/emviz-py && "$ROOT/.venv/bin/maturin" build --release --locked -i "$py" -o "$wheels") || return 1
  "$py" -m pip install --disable-pip-version-check --quiet --force-reinstall --no-deps "$wheels"/emviz-*.whl || return 1
  # -p no:cacheprovider: no .pytest_cache in the tree; run from the tests folder so that the
  # installed wheel, not the source folder, is what `import emviz` finds.
  (cd crates/emviz-py/tests && "$py" -m pytest -p no:cacheprovider -q -rfE .)
}

run_stage setup  "1/7 setup (scripts/setup.sh)" count_none scripts/setup.sh
run_stage lint   "2/7 fmt, clippy native and wasm32 (-D warnings), the JavaScript's types" count_none stage_lint
run_stage native "3/7 native tests (cargo test --workspace)" count_cargo \
  cargo test --no-fail-fast --workspace
run_stage wasm   "4/7 wasm browser tests, Chromium and Firefox ESR (cargo test -p emviz-wasm --target wasm32-unknown-unknown)" count_cargo \
  stage_wasm
run_stage build  "5/7 page build (trunk build --release)" count_none stage_build || build_ok=0
[ "$build_ok" = 1 ] && run_stage single "5/7 single-file page (scripts/build-single.sh)" count_none \
  env EMVIZ_SKIP_TRUNK=1 scripts/build-single.sh
if [ "$build_ok" = 1 ]; then
  run_stage e2e  "6/7 end-to-end tests (node --test tests/e2e/)" count_node stage_e2e
  run_stage engines "6/7 other browser engines (Firefox ESR, WebKit)" count_node stage_engines
else
  for stage in "e2e|6/7 end-to-end tests (node --test tests/e2e/)" "engines|6/7 other browser engines (Firefox ESR, WebKit)"; do
    banner "stage: ${stage#*|}"
    echo "NOT RUN: the page build failed."
    total_failed=$((total_failed + 1))
    summary+=("$(printf '%-8s %-18s %4d passed, %d failed' "${stage%%|*}" "NOT RUN" 0 1)")
  done
fi

run_stage python "7/7 Python package (maturin build, pytest crates/emviz-py/tests)" count_pytest \
  stage_python

banner "summary"
printf '%s\n' "${summary[@]}"
echo
steps="steps: ${steps_ok} ok, ${steps_failed} failed"
if [ "${#partial[@]}" -gt 0 ]; then
  echo "${total_passed} tests passed, ${total_failed} failed, ${total_skipped} skipped; ${steps} — PARTIAL (${partial[*]})"
  exit 1
fi
echo "${total_passed} tests passed, ${total_failed} failed, ${total_skipped} skipped; ${steps}"
[ "$total_failed" -eq 0 ] && [ "$steps_failed" -eq 0 ]
