#!/usr/bin/env bash
# Operator memory and start-up benchmark on a real, local API server (tests/cluster/cluster.sh; loopback only).
# For each variant: a fresh namespace gets the sample's nine ModelBenchmarks (config/samples/paper-a800.yaml, GpuProfile
# a800-80g) and ROUTES ModelRoutes shaped like the sample's (three candidates, MaxQuality within a budget, a TTFT SLO,
# floor demand 1–20 req/s; candidates name no Deployment, so a pass plans and writes status and Events but scales
# nothing). No Prometheus is configured, so every route is planned at its floor demand (MetricsAvailable=False). Then
# the operator starts, and the script measures, from the moment it is started:
#   planned   seconds until every route has status.plan (the API server polled every 0.25 s); CPU: the operator's
#             user+system CPU seconds until then (a figure other load on the machine barely moves)
#   peak      VmHWM of /proc/PID/status at the end: the largest resident set the process ever had
#   planned@  VmRSS when the last route was planned
#   steady    mean VmRSS over the last 10 s of SETTLE seconds after that (by default 40 s: a second planning pass at
#             the 30 s default interval is inside it)
#   anon/file the end's resident set split into anonymous memory (GC heap, JIT code, native) and mapped files (DLLs)
#   heap      the managed heap (dotnet_total_memory_bytes on /metrics) at the end; gen0/1/2 the GC counts
# Variants run one after another in the same run, on the same cluster, so compare them by ratio to the first.
#
# Usage: bash tests/scripts/bench-operator-memory.sh [VARIANT ...]
#   VARIANT = LABEL or LABEL=DLL or LABEL=DLL,NAME=VALUE,...   (DLL empty: this checkout's operator, built Release)
#   e.g.  base=/tmp/base/frontier-operator.dll  current  server-gc=,DOTNET_gcServer=1
#   With no variant: "runtime-defaults" (this checkout's operator as `dotnet` runs it) and "chart" (the same with the
#   runtime settings the Helm chart's operator Deployment sets: DOTNET_GCgen0size from values.yaml's operator.gcGen0Size).
# Environment: ROUTES (500), SETTLE (40 s), REPEAT (1: each variant this many times, the median is reported),
#   PLAN_TIMEOUT (180 s: a variant that has not planned every route by then is reported as such).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d /tmp/frontier-bench-operator-memory.XXXXXX)"
cluster="$work/cluster"

cleanup() {
  bash tests/cluster/cluster.sh stop "$cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bash tests/cluster/cluster.sh check >/dev/null || { echo "bench-operator-memory: run 'bash tests/cluster/cluster.sh install' first" >&2; exit 3; }
dotnet build -c Release src/Frontier.Operator --nologo -v quiet >/dev/null
FRONTIER_CLUSTER_OWNER_PID=$$ bash tests/cluster/cluster.sh start "$cluster" --no-node-agent >"$work/cluster-start.log" 2>&1 \
  || { cat "$work/cluster-start.log" >&2; exit 1; }
kubectl() { bash tests/cluster/cluster.sh kubectl "$cluster" "$@"; }
kubectl apply -f crds/ >/dev/null
kubectl wait --for=condition=Established --timeout=60s crd/gpuprofiles.frontier.dev crd/modelbenchmarks.frontier.dev crd/modelroutes.frontier.dev >/dev/null

gen0="$(sed -n 's/^  gcGen0Size: "\(.*\)"$/\1/p' charts/frontier/values.yaml)"
[ "$#" -gt 0 ] || set -- runtime-defaults "chart=,DOTNET_GCgen0size=$gen0"
timeout --kill-after=30 "${BENCH_TIMEOUT:-3600}" python3 - "$root" "$cluster" "$@" <<'PY'
import json, os, signal, socket, ssl, statistics, subprocess, sys, time, urllib.request

root, cluster, variants = sys.argv[1], sys.argv[2], sys.argv[3:]
routes = int(os.environ.get("ROUTES", "500"))
settle = float(os.environ.get("SETTLE", "40"))
repeat = int(os.environ.get("REPEAT", "1"))
plan_timeout = float(os.environ.get("PLAN_TIMEOUT", "180"))
default_dll = os.path.join(root, "src/Frontier.Operator/bin/Release/net10.0/frontier-operator.dll")
env_file = dict(l.split("=", 1) for l in open(os.path.join(cluster, "cluster.env")).read().splitlines() if "=" in l)
api = env_file["FRONTIER_APISERVER_URL"]
token = env_file["FRONTIER_ADMIN_TOKEN"]
tls = ssl.create_default_context(cafile=os.path.join(cluster, "pki", "ca.crt"))
kubeconfig = os.path.join(cluster, "kubeconfig")


def planned_routes(ns):
    """How many routes have status.plan; None when the API server did not answer in time (a busy machine): ask again."""
    request = urllib.request.Request(api + f"/apis/frontier.dev/v1alpha1/namespaces/{ns}/modelroutes",
                                     headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, context=tls, timeout=10) as response:
            items = json.load(response)["items"]
    except (OSError, ValueError):
        return None
    return sum(1 for r in items if (r.get("status") or {}).get("plan"))


def kubectl(*args, stdin=None):
    subprocess.run(["bash", os.path.join(root, "tests/cluster/cluster.sh"), "kubectl", cluster, *args],
                   input=stdin, text=True, check=True, stdout=subprocess.DEVNULL)


def world(ns):
    """The sample's GpuProfile and benchmarks in NS, and ROUTES routes shaped like the sample's."""
    sample = open(os.path.join(root, "config/samples/paper-a800.yaml")).read()
    docs = [d for d in sample.split("\n---\n") if "kind: ModelRoute" not in d]
    out = [d.replace("namespace: default", "namespace: " + ns) for d in docs]
    candidates = [("qwen72b", "qwen2-5-72b", "Qwen2.5-72B-Instruct", 0, 4),
                  ("wingpt", "wingpt-3-5", "WiNGPT-3.5", 1, 6),
                  ("qwen14b", "qwen2-5-14b", "Qwen2.5-14B-Instruct", 0, 6)]
    for i in range(routes):
        name = f"route-{i:04d}"
        lines = ["apiVersion: frontier.dev/v1alpha1", "kind: ModelRoute", f"metadata: {{name: {name}, namespace: {ns}}}", "spec:",
                 f"  model: {name}", "  objective: MaxQuality", f"  budget: {{maxHourlyCost: {8 + i % 9}}}",
                 "  slo: {maxTtftSeconds: 2}", f"  demand: {{floorRequestsPerSecond: {1 + i % 20}}}", "  candidates:"]
        for cname, bench, served, lo, hi in candidates:
            lines.append(f"    - {{name: {cname}, benchmark: {bench}, servedModel: {served}, "
                         f"backend: {{service: {{name: {cname}, port: 8000}}}}, replicas: {{min: {lo}, max: {hi}}}}}")
        out.append("\n".join(lines))
    return "\n---\n".join(out)


def cpu_seconds(pid):
    """User plus system CPU time of the process so far: unlike wall time, barely moved by other load on the machine."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status_of(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                fields[key] = int(value.split()[0]) / 1024.0  # MB
    return fields


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def metric(text, name, labels=""):
    for line in text.splitlines():
        if line.startswith(name + labels + " ") or (not labels and line.startswith(name + " ")):
            return float(line.split()[-1])
    return float("nan")


def run(label, dll, extra_env, attempt):
    ns = f"bench-{label.lower()}-{attempt}-{int(time.time()) % 100000}"
    docs = world(ns).split("\n---\n")
    kubectl("create", "namespace", ns)
    kubectl("apply", "-f", "-", stdin="\n---\n".join(d for d in docs if "kind: ModelRoute" not in d))
    kubectl("create", "-f", "-", stdin="\n---\n".join(d for d in docs if "kind: ModelRoute" in d))
    port = free_port()
    env = dict(os.environ, **extra_env)
    args = ["dotnet", dll, f"--urls=http://127.0.0.1:{port}", f"--Frontier:Kubeconfig={kubeconfig}",
            f"--Frontier:WatchNamespace={ns}", f"--Frontier:LeaseNamespace={ns}", "--Frontier:Identity=bench",
            "--Logging:LogLevel:Default=Warning"]
    log = open(os.path.join(cluster, f"operator-{ns}.log"), "w")
    started = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    planned_at, rss_at_planned, cpu_at_planned, samples, seen = None, None, None, [], 0
    try:
        while True:
            now = time.monotonic() - started
            if proc.poll() is not None:
                raise RuntimeError(f"{label}: the operator exited with {proc.returncode}; see {log.name}")
            rss = status_of(proc.pid)["VmRSS"]
            samples.append((now, rss))
            if planned_at is None:
                count = planned_routes(ns)
                seen = max(seen, count or 0)
                if count == routes:
                    planned_at, rss_at_planned, cpu_at_planned = time.monotonic() - started, rss, cpu_seconds(proc.pid)
                elif now > plan_timeout:
                    break
            elif now > planned_at + settle:
                break
            time.sleep(0.25)
        final = status_of(proc.pid)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            metrics = response.read().decode()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        # Wait for the namespace to go, so that deleting 500 routes does not load the next variant's run.
        subprocess.run(["bash", os.path.join(root, "tests/cluster/cluster.sh"), "kubectl", cluster, "delete", "namespace", ns, "--timeout=180s"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = samples[-1][0]
    steady = [rss for t, rss in samples if t >= end - 10] if planned_at else []
    planned_text = f"only {seen} planned after {plan_timeout:.0f} s" if planned_at is None else f"all planned after {planned_at:.1f} s"
    print(f"[bench-operator-memory] {label} run {attempt + 1}: {planned_text}, peak {final['VmHWM']:.0f} MB", file=sys.stderr, flush=True)
    return {
        "planned": planned_at,
        "cpu": cpu_at_planned,
        "peak": final["VmHWM"],
        "planned_rss": rss_at_planned,
        "steady": statistics.mean(steady) if steady else float("nan"),
        "heap": metric(metrics, "dotnet_total_memory_bytes") / 2**20,
        "anon": final["RssAnon"],
        "file": final["RssFile"],
        "gc": "/".join(str(int(metric(metrics, "dotnet_collection_count_total", f'{{generation="{g}"}}'))) for g in range(3)),
    }


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


rows = []
for spec in variants:
    label, _, rest = spec.partition("=")
    parts = rest.split(",") if rest else [""]
    dll = parts[0] or default_dll
    extra_env = dict(p.split("=", 1) for p in parts[1:] if p)
    results = [run(label, dll, extra_env, i) for i in range(repeat)]
    row = {k: median([r[k] for r in results]) for k in ("planned", "cpu", "peak", "planned_rss", "steady", "heap", "anon", "file")}
    row["gc"] = results[len(results) // 2]["gc"]
    row["label"], row["runs"] = label, repeat
    rows.append(row)

fmt = lambda v, spec: "—" if v is None or v != v else format(v, spec)
print(f"\n{routes} ModelRoutes, floor demand (no Prometheus), settle {settle:.0f} s, median of {repeat} run(s) per variant; "
      f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
print("| variant | all planned (s) | CPU until then (s) | peak RSS (MB) | RSS when planned (MB) | steady RSS (MB) | of it anon/file (MB) | managed heap (MB) | GCs gen0/1/2 | peak vs first |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
base = rows[0]["peak"]
for r in rows:
    print(f"| {r['label']} | {fmt(r['planned'], '.1f')} | {fmt(r['cpu'], '.1f')} | {fmt(r['peak'], '.0f')} | {fmt(r['planned_rss'], '.0f')} | "
          f"{fmt(r['steady'], '.0f')} | {fmt(r['anon'], '.0f')}/{fmt(r['file'], '.0f')} | {fmt(r['heap'], '.1f')} | {r['gc']} | {fmt(r['peak'] / base, '.2f')}x |")
PY
