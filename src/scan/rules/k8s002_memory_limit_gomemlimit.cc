// K8S002 memory-limit-gomemlimit: a memory limit the Go garbage collector
// does not know about.
#include "golang/go_mod.h"
#include "scan/rules/k8s_common.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

class K8s002 : public ManifestRule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{
        "K8S002", "memory-limit-gomemlimit", Severity::kWarning,
        "A container has a memory limit but no GOMEMLIMIT: the garbage collector does not know "
        "the ceiling, lets the heap grow past it and the pod is OOM-killed.",
        R"(## What it finds
A container of a Kubernetes workload (Pod, Deployment, StatefulSet,
DaemonSet, ReplicaSet, Job, CronJob) with `resources.limits.memory` and no
`GOMEMLIMIT` in its `env:`. The finding is on the `memory:` line of the
limits; the related line is the container's `name:`.

## Why it is bad
Without a memory limit of its own, the Go garbage collector paces itself
by GOGC only: the next collection starts when the heap has grown by 100%
over the live heap of the last one. A service with 600 MiB live in a
1 GiB container lets its heap reach 1.2 GiB before collecting, and the
kernel kills it first: OOMKilled, restart, lost requests, and a crash
loop under steady load. GOMEMLIMIT makes the collector work harder as the
heap nears the limit instead.

## Bad
```yaml
containers:
  - name: api
    image: registry.example.com/api:1.4.2
    resources:
      limits:
        memory: 1Gi
```

## Fix
Give the runtime a soft limit somewhat below the container's, leaving
room for memory the Go heap does not count (goroutine stacks, cgo, the
binary):
```yaml
    env:
      - name: GOMEMLIMIT
        value: "900MiB"
```
`valueFrom.resourceFieldRef` with `resource: limits.memory` (and a
`divisor`) sets it to the limit itself, which is better than nothing but
leaves no headroom. Importing `github.com/KimMachineGun/automemlimit`
in the main package does the same from the cgroup at start-up.

## Go versions
GOMEMLIMIT exists from Go 1.19; for older Go (by `--go-version`, or the
`go` directive of the nearest go.mod above the YAML file) nothing is
reported, since the variable would be ignored. When the version is
unknown (no go.mod above the manifest and no `--go-version`) the image
may not be Go at all: the finding is `info`.

## Known limits
- Containers with `envFrom:` are not reported: the ConfigMap or Secret may
  set GOMEMLIMIT, and the manifest does not show it.
- Containers running well-known official images of programs not written
  in Go (nginx, postgres, redis, python, node, openjdk and a few more) are
  not reported; any other image is taken for Go.
- A go.mod that requires `github.com/KimMachineGun/automemlimit` silences
  the rule for the manifests below it.
- A GOMEMLIMIT set to the limit itself, or above it, is not judged.
- Init containers that run to completion are not checked; sidecars
  (`restartPolicy: Always`) are.
- Helm templates (files containing `{{`) are not YAML and are not read.)"};
    return info;
  }

  void CheckManifest(const Manifest& m, const ManifestGo& go, ManifestSink& sink) const override {
    Severity severity = Severity::kWarning;
    if (go.version.empty()) {
      severity = Severity::kInfo;
    } else if (golang::CompareGoVersions(go.version, "1.19") < 0) {
      return;  // no GOMEMLIMIT to set
    }
    if (go.module_sets_gomemlimit) return;
    for (const Workload& w : m.workloads) {
      for (const ContainerSpec& c : w.containers) {
        if (!c.memory_limit || c.HasEnv("GOMEMLIMIT") || SkipForEnvironment(c)) continue;
        sink.Report(Info(), severity, c.memory_limit_at,
                    ContainerLabel(w, c) + " has a memory limit of " + *c.memory_limit +
                        " but no GOMEMLIMIT: the garbage collector lets the heap outgrow the "
                        "limit and the container is OOM-killed; set GOMEMLIMIT a little below "
                        "the limit" +
                        (go.version.empty() ? GoNote(go) : std::string()),
                    {{c.name_at, "the container"}});
      }
    }
  }
};

}  // namespace

const ManifestRule& K8s002Rule() {
  static const K8s002 rule;
  return rule;
}

}  // namespace gopit::scan
