#!/bin/sh
# Check `ciolint server` with a real editor client: Neovim's built-in LSP client, headless,
# on a file of examples/. Prints the diagnostics it received, then the code actions and the
# hover it is offered on one of them; exits non-zero if no diagnostics arrived.
#
#   editors/nvim-test.sh [FILE] [EXPECTED-RULE]
#
# Needs `nvim` (0.7 or later; Debian: apt-get install neovim). Installs nothing. Uses
# $CIOLINT if set, else builds the debug binary with cargo.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"

file=${1:-examples/src/routes/signup.ts}
if [ $# -ge 2 ]; then
    expect=$2
elif [ $# -eq 0 ]; then
    expect=millisecond-timestamp
else
    expect=
fi

if ! command -v nvim >/dev/null 2>&1; then
    echo "nvim-test: nvim is not installed (Debian: apt-get install neovim)" >&2
    exit 2
fi
if [ ! -f "$file" ]; then
    echo "nvim-test: $file: no such file" >&2
    exit 2
fi
if [ -z "${CIOLINT:-}" ]; then
    cargo build --quiet
    CIOLINT="${CARGO_TARGET_DIR:-$repo/target}/debug/ciolint"
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
CIOLINT=$CIOLINT CIOLINT_ROOT="$repo/examples" CIOLINT_FILE="$repo/$file" \
    CIOLINT_EXPECT=$expect CIOLINT_OUT=$out \
    nvim --headless --clean -n -c "luafile $here/nvim-test.lua" || status=$?
cat "$out"
if [ "$status" -ne 0 ]; then
    echo "nvim-test: FAILED (nvim exited with $status)" >&2
    exit 1
fi
echo "nvim-test: ok ($(nvim --version | head -n 1))"
