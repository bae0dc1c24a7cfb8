#!/usr/bin/env bash
# Validates the Kubernetes manifests in deploy/kubernetes/ offline: PyPI `kubernetes-validate` (installed
# here with pip when root or in a virtualenv) checks each against the Kubernetes schema (--strict: an
# unknown field fails), after a negative control proves that a wrong field is caught; then the fleet
# invariants: the Job is Indexed, its completions = parallelism = SHARDS in the ConfigMap, pod I runs
# `wsbench load --shard $(SHARD_INDEX)/$(SHARDS) --start-at $(START_AT)` with SHARD_INDEX from the
# completion index, shards are kept apart by pod anti-affinity, every $(VAR) names a ConfigMap key,
# and the merge Job runs `wsbench merge`. Also that the Containerfile's runtime stage installs a Debian
# package for every library Package.swift links.
# Exit 0: valid; 1: a check failed; 3: skipped (kubernetes-validate could not be installed; the reason is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v kubernetes-validate >/dev/null; then
    if [ "$(id -u)" = 0 ] || [ -n "${VIRTUAL_ENV:-}" ]; then
        { python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore kubernetes-validate 2>&1 \
            || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --break-system-packages kubernetes-validate 2>&1; } || true
    fi
    if ! command -v kubernetes-validate >/dev/null; then
        echo "validate-deploy.sh: SKIPPED — kubernetes-validate (PyPI) is not installed and could not be (needs root or a virtualenv)"
        exit 3
    fi
fi
work=$(mktemp -d /tmp/wsbench-validate-XXXXXX)
trap 'rm -rf "$work"' EXIT

# Negative control: the validator must reject an unknown field and a wrong type.
sed 's/completionMode: Indexed/completionMode: Indexed\n  compltions: 4/' deploy/kubernetes/shard-job.yaml >"$work/bad-field.yaml"
sed 's/parallelism: 4/parallelism: "four"/' deploy/kubernetes/shard-job.yaml >"$work/bad-type.yaml"
for bad in bad-field bad-type; do
    if kubernetes-validate --strict --quiet "$work/$bad.yaml" >/dev/null 2>&1; then
        echo "validate-deploy.sh: FAILED — kubernetes-validate accepted a broken manifest ($bad); it is not checking" >&2
        exit 1
    fi
done
kubernetes-validate --strict deploy/kubernetes/*.yaml

python3 - <<'PY'
import re, sys, yaml
def load(name):
    with open(f"deploy/kubernetes/{name}") as f:
        return yaml.safe_load(f)
problems = []
config = load("configmap.yaml")["data"]
job = load("shard-job.yaml")
merge = load("merge-job.yaml")
spec = job["spec"]
shards = int(config["SHARDS"])
if spec.get("completionMode") != "Indexed": problems.append("the shard Job is not completionMode: Indexed")
if spec.get("completions") != shards or spec.get("parallelism") != shards:
    problems.append(f"completions/parallelism ({spec.get('completions')}/{spec.get('parallelism')}) must equal SHARDS ({shards})")
pod = spec["template"]["spec"]
container = pod["containers"][0]
args = container["args"]
text = " ".join(args)
if args[0] != "load": problems.append("the shard container does not run `wsbench load`")
if "--shard $(SHARD_INDEX)/$(SHARDS)" not in text: problems.append("the shard container does not pass --shard $(SHARD_INDEX)/$(SHARDS)")
if "--start-at $(START_AT)" not in text: problems.append("the shard container does not pass --start-at $(START_AT)")
env = {e["name"]: e for e in container.get("env", [])}
ref = env.get("SHARD_INDEX", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath", "")
if "job-completion-index" not in ref: problems.append("SHARD_INDEX does not come from the job completion index")
known = set(config) | set(env)
for c in pod.get("initContainers", []) + pod["containers"]:
    for word in c.get("command", []) + c.get("args", []):
        for var in re.findall(r"\$\((\w+)\)", word):
            if var not in known: problems.append(f"$({var}) in {c['name']} is neither a ConfigMap key nor an env var")
anti = pod.get("affinity", {}).get("podAntiAffinity", {}).get("requiredDuringSchedulingIgnoredDuringExecution", [])
if not anti or anti[0].get("topologyKey") != "kubernetes.io/hostname": problems.append("no required pod anti-affinity per node")
labels = job["spec"]["template"]["metadata"]["labels"]
if anti and any(labels.get(k) != v for k, v in anti[0]["labelSelector"]["matchLabels"].items()):
    problems.append("the anti-affinity selector does not match the shard pods' labels")
if "wsbench merge" not in " ".join(merge["spec"]["template"]["spec"]["containers"][0]["args"]):
    problems.append("the merge Job does not run wsbench merge")
with open("deploy/Containerfile") as f: containerfile = f.read()
runtime = containerfile.split("AS build", 1)[1].split("FROM", 1)[1]
for package in ["libssl3", "libjemalloc2", "zlib1g", "libnghttp2-14", "libisal2", "libdeflate0"]:
    if package not in runtime: problems.append(f"the Containerfile's runtime stage does not install {package}")
for p in problems: print("validate-deploy.sh:", p, file=sys.stderr)
if problems: sys.exit(1)
print(f"validate-deploy.sh: ok — Indexed Job of {shards} shards, anti-affinity per node, ConfigMap variables resolved, merge Job, runtime libraries")
PY
