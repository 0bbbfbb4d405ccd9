#!/bin/sh
# Build the pip package (a wheel holding the ciolint binary, built by maturin), install it
# into a fresh virtualenv, and run `ciolint check examples/` from there: the exit code must be
# 1 (the examples have findings), the report must name them, and the corrected twins under
# examples/fixed must pass. Not part of `cargo test`: it compiles a release build.
#
#   scripts/test-wheel.sh            # PYTHON=python3.12 to pick the interpreter
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "test-wheel: FAILED: $*" >&2
    exit 1
}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
echo "== building the wheel for ciolint $version"
"$python" -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check "maturin>=1,<2"
"$work/build/bin/maturin" build --release --out "$work/dist"
wheel=$(ls "$work"/dist/ciolint-"$version"-*.whl) || fail "no wheel for version $version in $work/dist"
echo "== $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"

echo "== installing it into a fresh virtualenv"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
ciolint="$work/venv/bin/ciolint"
[ -x "$ciolint" ] || fail "the wheel installed no ciolint executable"
shown=$("$ciolint" --version)
echo "ciolint --version: $shown"
[ "$shown" = "ciolint $version" ] || fail "--version says '$shown', expected 'ciolint $version'"

echo "== ciolint check examples/ (from the virtualenv)"
status=0
"$ciolint" check examples/ >"$work/report.txt" || status=$?
tail -n 4 "$work/report.txt"
[ "$status" -eq 1 ] || fail "check examples/ exited with $status, expected 1 (findings)"
grep -q "millisecond-timestamp" "$work/report.txt" || fail "the report names no millisecond-timestamp finding"
grep -q "score" "$work/report.txt" || fail "the report has no score"

echo "== ciolint check examples/fixed (from the virtualenv)"
status=0
"$ciolint" check examples/fixed >"$work/fixed.txt" || status=$?
head -n 1 "$work/fixed.txt"
[ "$status" -eq 0 ] || fail "check examples/fixed exited with $status, expected 0"

echo "test-wheel: ok"
