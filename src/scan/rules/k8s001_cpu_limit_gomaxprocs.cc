// K8S001 cpu-limit-gomaxprocs: a CPU limit the Go runtime does not know
// about, so GOMAXPROCS stays at the node's core count.
#include "golang/go_mod.h"
#include "scan/rules/k8s_common.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

class K8s001 : public ManifestRule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{
        "K8S001", "cpu-limit-gomaxprocs", Severity::kWarning,
        "A container has a CPU limit but no GOMAXPROCS, and its Go (before 1.25) does not read "
        "the limit: the runtime runs one thread per node core and the container is throttled.",
        R"(## What it finds
A container of a Kubernetes workload (Pod, Deployment, StatefulSet,
DaemonSet, ReplicaSet, Job, CronJob) with `resources.limits.cpu` and no
`GOMAXPROCS` in its `env:`, in a manifest whose Go is older than 1.25. The
finding is on the `cpu:` line of the limits; the related line is the
container's `name:`.

## Why it is bad
Before Go 1.25 the runtime sets GOMAXPROCS to the number of cores of the
node, not to the container's CPU quota. A service limited to 2 CPUs on a
64-core node runs up to 64 threads of Go code at once; the kernel's CFS
quota then stops every thread of the container for the rest of each
100 ms period once the quota is spent. Latency grows in steps of tens of
milliseconds, the garbage collector's parallel phases make it worse, and
probes time out under load.

## Bad
```yaml
containers:
  - name: api
    image: registry.example.com/api:1.4.2
    resources:
      limits:
        cpu: "2"
        memory: 1Gi
```

## Fix
Set GOMAXPROCS from the limit, so it follows every change of the limit:
```yaml
    env:
      - name: GOMAXPROCS
        valueFrom:
          resourceFieldRef:
            resource: limits.cpu
```
(`resourceFieldRef` rounds a fractional limit up to a whole CPU.) Or build
with Go 1.25 or later and `go 1.25` in go.mod, or import
`go.uber.org/automaxprocs` in the main package.

## Go versions
Go 1.25 made GOMAXPROCS follow the cgroup CPU limit, but only for main
modules whose go.mod says `go 1.25` or later (older ones keep the old
default through the `containermaxprocs` GODEBUG setting). A manifest does
not say which Go built its image, so the rule takes the version from
`--go-version` when given, else from the `go` directive of the nearest
go.mod above the YAML file. At 1.25 or later nothing is reported; below,
a warning. With neither (manifests outside any Go module) the image may
not even be Go: the finding is `info` and says the version is unknown.

## Known limits
- Containers with `envFrom:` are not reported: the ConfigMap or Secret may
  set GOMAXPROCS, and the manifest does not show it.
- Containers running well-known official images of programs not written
  in Go (nginx, postgres, redis, python, node, openjdk and a few more) are
  not reported; any other image is taken for Go.
- A go.mod that requires `go.uber.org/automaxprocs` silences the rule for
  the manifests below it (the library sets GOMAXPROCS at start-up when the
  main package imports it, which the rule does not check).
- Init containers that run to completion are not checked; sidecars
  (`restartPolicy: Always`) are.
- Helm templates (files containing `{{`) are not YAML and are not read;
  run the rule on `helm template` output instead.
- Pod-level `spec.resources` (Kubernetes 1.32+) is not read.)"};
    return info;
  }

  void CheckManifest(const Manifest& m, const ManifestGo& go, ManifestSink& sink) const override {
    Severity severity = Severity::kWarning;
    if (go.version.empty()) {
      severity = Severity::kInfo;
    } else if (golang::CompareGoVersions(go.version, "1.25") >= 0) {
      return;  // container-aware GOMAXPROCS
    }
    if (go.module_sets_gomaxprocs) return;
    for (const Workload& w : m.workloads) {
      for (const ContainerSpec& c : w.containers) {
        if (!c.cpu_limit || c.HasEnv("GOMAXPROCS") || SkipForEnvironment(c)) continue;
        sink.Report(Info(), severity, c.cpu_limit_at,
                    ContainerLabel(w, c) + " has a CPU limit of " + *c.cpu_limit +
                        " but no GOMAXPROCS: before Go 1.25 the runtime uses every core of the "
                        "node and the quota throttles it; set GOMAXPROCS from limits.cpu" +
                        GoNote(go),
                    {{c.name_at, "the container"}});
      }
    }
  }
};

}  // namespace

const ManifestRule& K8s001Rule() {
  static const K8s001 rule;
  return rule;
}

}  // namespace gopit::scan
