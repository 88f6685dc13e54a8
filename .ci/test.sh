#!/usr/bin/env bash
# `npm test`: installs what it needs, builds, type-checks, then runs every test (unit and property tests,
# webview tests in real Chromium, end-to-end tests in a real VS Code) and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/ensure-deps.sh
bash .ci/setup-e2e.sh

echo "== build"; npm run --silent build
echo "== type-check"; npm run --silent typecheck

mkdir -p test/artifacts
echo "== tests (unit, browser, e2e)"
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test/artifacts/vitest.json "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync("test/artifacts/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit $status
