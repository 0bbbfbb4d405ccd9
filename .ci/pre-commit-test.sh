#!/usr/bin/env bash
# Installs the real `pre-commit` from PyPI and runs this repository's hook in a throwaway
# git repository: a file with a mistake must fail the hook, a corrected one must pass.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PRE_COMMIT_HOME="$work/cache"

# pre-commit clones the hook repository at a commit: use this checkout's HEAD.
rev="$(git -C "$here" rev-parse HEAD)"
mkdir "$work/repo" && cd "$work/repo"
git init --quiet
git config user.email ci@example.com
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: ciolint
YAML
cat > signup.js <<'JS'
const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);
export async function signup(user) {
  await cio.identify(user.id, { email: user.email, created_at: Date.now() });
}
JS
git add -A
if "$work/venv/bin/pre-commit" run --all-files > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"; echo "pre-commit hook passed on a file with a mistake" >&2; exit 1
fi
grep -q "millisecond-timestamp" "$work/out.txt" || { cat "$work/out.txt"; echo "hook output lacks the finding" >&2; exit 1; }
sed -i 's/created_at: Date.now()/created_at: Math.floor(Date.now() \/ 1000)/' signup.js
git add -A
"$work/venv/bin/pre-commit" run --all-files
echo "pre-commit hook: ok"
