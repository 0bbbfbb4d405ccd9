#!/usr/bin/env bash
# Speed comparison on a large mixed-language tree: ripgrep with ciolint's own prefilter
# literals (the floor), ciolint with every rule, and Semgrep with a few equivalent rules.
# Prints medians (warm runs), the ratios ciolint/rg and Semgrep/ciolint, and peak memory.
#
# Usage: benches/compare.sh [WORK_DIR]     (default: $TMPDIR/ciolint-bench, outside any git
# repository, so that no tool skips the tree because of a .gitignore)
# Also: ast-grep with the same six rules (benches/ast-grep) on the dense tree, and on a tree of
# 16,000 files that all use Customer.io, for time and peak memory.
# Needs: python3, rg, hyperfine, /usr/bin/time, npm and pip (for real sources, ast-grep and
# Semgrep). SKIP_SEMGREP=1 leaves Semgrep out (it takes minutes).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/ciolint-bench}"
tree="$work/tree"
mkdir -p "$work"

cargo build --release --manifest-path "$root/Cargo.toml" >&2
ciolint="$root/target/release/ciolint"

# 50,000 synthetic files of which a few (0.2%) integrate Customer.io, as in a real monorepo.
if [ ! -d "$tree/synthetic" ]; then
  python3 "$root/benches/gen_tree.py" "$tree/synthetic" --files 50000 --cio-share 0.002 >&2
fi
# The same tree with ten times as many Customer.io files, to show what scan time grows with.
dense="$work/dense"
if [ ! -d "$dense" ]; then
  python3 "$root/benches/gen_tree.py" "$dense" --files 50000 --cio-share 0.02 >&2
fi
# Every file uses Customer.io: what parsing and lowering cost, against ast-grep.
all_cio="$work/all-cio-16k"
if [ ! -d "$all_cio" ]; then
  python3 "$root/benches/gen_tree.py" "$all_cio" --files 16000 --cio-share 1.0 >&2
fi
ast_grep="$(command -v ast-grep || true)"
if [ -z "$ast_grep" ]; then
  npm install --silent --prefix "$work/ast-grep" @ast-grep/cli >&2
  ast_grep="$work/ast-grep/node_modules/.bin/ast-grep"
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
if [ -z "${SKIP_SEMGREP:-}" ] && { command -v semgrep >/dev/null 2>&1 || pip install --quiet semgrep >&2; }; then
  semgrep_cmd="semgrep scan --config $root/benches/semgrep/rules.yml --metrics=off --disable-version-check --quiet --jobs 2 --json --output /dev/null $tree"
  # Fail loudly on a broken rule file instead of timing an error (exit 7 = invalid config).
  semgrep scan --config "$root/benches/semgrep/rules.yml" --metrics=off --disable-version-check --quiet \
    --json --output "$work/semgrep-findings.json" "$root/examples" >&2
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['results'], 'the Semgrep rules found nothing in examples/'; print(len(d['results']), 'Semgrep findings in examples/', file=sys.stderr)" "$work/semgrep-findings.json"
fi

# Exit code 1 means "findings" for ciolint and "no match" for rg: both are successful runs.
hyperfine --warmup 2 --runs 7 --export-json "$work/fast.json" \
  -n rg "rg ${rg_args[*]} $tree > /dev/null || [ \$? -eq 1 ]" \
  -n ciolint "$ciolint check $tree --format json --output-file /dev/null || [ \$? -eq 1 ]" >&2
if [ -n "$semgrep_cmd" ]; then
  hyperfine --warmup 1 --runs 3 --export-json "$work/semgrep.json" -n semgrep "$semgrep_cmd" >&2
fi
hyperfine --warmup 2 --runs 7 --export-json "$work/scaling.json" \
  -n "rg-dense" "rg ${rg_args[*]} $dense > /dev/null || [ \$? -eq 1 ]" \
  -n "ciolint-dense" "$ciolint check $dense --format json --output-file /dev/null || [ \$? -eq 1 ]" >&2
# ast-grep parses every file: on the dense tree it shows what the prefilter saves.
hyperfine --warmup 1 --runs 3 --export-json "$work/dense-ast-grep.json" \
  -n "ast-grep-dense" "$ast_grep scan -c $root/benches/ast-grep/sgconfig.yml --json=compact $dense > /dev/null || [ \$? -eq 1 ]" >&2
ast_grep_cmd="$ast_grep scan -c $root/benches/ast-grep/sgconfig.yml --json=compact $all_cio > /dev/null"
hyperfine --warmup 1 --runs 5 --export-json "$work/all-cio.json" \
  -n "ast-grep-16k" "$ast_grep_cmd || [ \$? -eq 1 ]" \
  -n "ciolint-16k" "$ciolint check $all_cio --format json --output-file /dev/null || [ \$? -eq 1 ]" >&2
for t in "$tree" "$dense"; do
  echo "$(basename "$t"): $(rg "${rg_args[@]}" "$t" | wc -l) files mention Customer.io" >&2
done

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'; }
ciolint_rss=$(rss "$ciolint" check "$tree" --format json --output-file /dev/null || true)
rg_rss=$(rss rg "${rg_args[@]}" "$tree" || true)
ciolint_16k_rss=$(rss "$ciolint" check "$all_cio" --format json --output-file /dev/null || true)
ast_grep_16k_rss=$(rss "$ast_grep" scan -c "$root/benches/ast-grep/sgconfig.yml" --json=compact "$all_cio" || true)

python3 - "$work" "$ciolint_rss" "$rg_rss" "$ciolint_16k_rss" "$ast_grep_16k_rss" <<'PY'
import json, os, sys
work, c_rss, r_rss, c16_rss, a16_rss = sys.argv[1:6]
fast = {r["command"]: r for r in json.load(open(os.path.join(work, "fast.json")))["results"]}
med = {k: v["median"] for k, v in fast.items()}
print(f"rg -l (floor)   median {med['rg']*1000:8.1f} ms")
print(f"ciolint check   median {med['ciolint']*1000:8.1f} ms   ciolint/rg = {med['ciolint']/med['rg']:.2f}x")
sc = {r["command"]: r["median"] for r in json.load(open(os.path.join(work, "scaling.json")))["results"]}
print(f"dense tree (10x Customer.io files): rg {sc['rg-dense']*1000:.1f} ms, ciolint {sc['ciolint-dense']*1000:.1f} ms ({sc['ciolint-dense']/sc['rg-dense']:.2f}x)")
ad = json.load(open(os.path.join(work, "dense-ast-grep.json")))["results"][0]["median"]
print(f"dense tree: ast-grep {ad*1000:.1f} ms, ciolint/ast-grep = {sc['ciolint-dense']/ad:.2f}x")
sp = os.path.join(work, "semgrep.json")
if os.path.exists(sp):
    s = json.load(open(sp))["results"][0]["median"]
    print(f"semgrep         median {s*1000:8.1f} ms   semgrep/ciolint = {s/med['ciolint']:.1f}x")
print(f"peak RSS        ciolint {int(c_rss)/1024:.1f} MB   rg {int(r_rss)/1024:.1f} MB")
ac = {r["command"]: r["median"] for r in json.load(open(os.path.join(work, "all-cio.json")))["results"]}
print(f"16k files, all Customer.io: ast-grep {ac['ast-grep-16k']*1000:.1f} ms, ciolint {ac['ciolint-16k']*1000:.1f} ms "
      f"({16000/ac['ciolint-16k']:.0f} files/s, {ac['ciolint-16k']/ac['ast-grep-16k']:.2f}x ast-grep)")
print(f"peak RSS at 16k ciolint {int(c16_rss)/1024:.1f} MB   ast-grep {int(a16_rss)/1024:.1f} MB")
PY
