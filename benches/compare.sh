#!/usr/bin/env bash
# Speed comparison on a large mixed-language tree: ripgrep with ciolint's own prefilter
# literals (the floor), ciolint with every rule, and Semgrep with a few equivalent rules.
# Prints medians (warm runs), the ratios ciolint/rg and Semgrep/ciolint, and peak memory.
#
# Usage: benches/compare.sh [WORK_DIR]     (default: $TMPDIR/ciolint-bench, outside any git
# repository, so that no tool skips the tree because of a .gitignore)
# Needs: python3, rg, hyperfine, /usr/bin/time, npm and pip (for real sources and Semgrep).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/ciolint-bench}"
tree="$work/tree"
mkdir -p "$work"

cargo build --release --manifest-path "$root/Cargo.toml" >&2
ciolint="$root/target/release/ciolint"

if [ ! -d "$tree/synthetic" ]; then
  python3 "$root/benches/gen_tree.py" "$tree/synthetic" --files 50000 >&2
fi
# Real code: the sources of a few large npm and PyPI packages (not under node_modules, so
# that every tool scans them).
if [ ! -d "$tree/real/npm" ]; then
  mkdir -p "$work/npm" "$tree/real"
  npm install --silent --prefix "$work/npm" typescript@5 lodash@4 @babel/core@7 webpack@5 eslint@9 >&2
  cp -r "$work/npm/node_modules" "$tree/real/npm"
fi
if [ ! -d "$tree/real/pypi" ]; then
  mkdir -p "$work/pypi" "$tree/real/pypi"
  pip download --quiet --no-deps --dest "$work/pypi" django==5.1.4 boto3==1.35.0 botocore==1.35.0 requests==2.32.3 >&2
  for w in "$work"/pypi/*.whl; do python3 -m zipfile -e "$w" "$tree/real/pypi/$(basename "$w" .whl)" >/dev/null; done
fi
files=$(find "$tree" -type f \( -name '*.js' -o -name '*.ts' -o -name '*.tsx' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.py' -o -name '*.rb' -o -name '*.go' \) | wc -l)
bytes=$(du -sb "$tree" | cut -f1)
echo "tree: $files source files, $((bytes / 1048576)) MB" >&2

# ripgrep with exactly ciolint's prefilter literals.
mapfile -t literals < <("$ciolint" debug-literals)
rg_args=(-l -F --no-messages)
for l in "${literals[@]}"; do rg_args+=(-e "$l"); done

semgrep_cmd=""
if command -v semgrep >/dev/null 2>&1 || pip install --quiet semgrep >&2; then
  semgrep_cmd="semgrep scan --config $root/benches/semgrep/rules.yml --metrics=off --disable-version-check --quiet --jobs 2 $tree"
fi

hyperfine --warmup 2 --runs 7 --ignore-failure --export-json "$work/fast.json" \
  -n rg "rg ${rg_args[*]} $tree" \
  -n ciolint "$ciolint check $tree --format json --output-file /dev/null" >&2
if [ -n "$semgrep_cmd" ]; then
  hyperfine --warmup 1 --runs 3 --ignore-failure --export-json "$work/semgrep.json" -n semgrep "$semgrep_cmd" >&2
fi

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'; }
ciolint_rss=$(rss "$ciolint" check "$tree" --format json --output-file /dev/null || true)
rg_rss=$(rss rg "${rg_args[@]}" "$tree" || true)

python3 - "$work" "$ciolint_rss" "$rg_rss" <<'PY'
import json, os, sys
work, c_rss, r_rss = sys.argv[1], sys.argv[2], sys.argv[3]
fast = {r["command"]: r for r in json.load(open(os.path.join(work, "fast.json")))["results"]}
med = {k: v["median"] for k, v in fast.items()}
print(f"rg -l (floor)   median {med['rg']*1000:8.1f} ms")
print(f"ciolint check   median {med['ciolint']*1000:8.1f} ms   ciolint/rg = {med['ciolint']/med['rg']:.2f}x")
sp = os.path.join(work, "semgrep.json")
if os.path.exists(sp):
    s = json.load(open(sp))["results"][0]["median"]
    print(f"semgrep         median {s*1000:8.1f} ms   semgrep/ciolint = {s/med['ciolint']:.1f}x")
print(f"peak RSS        ciolint {int(c_rss)/1024:.1f} MB   rg {int(r_rss)/1024:.1f} MB")
PY
