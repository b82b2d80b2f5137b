// K8S003 probe-misconfigured: a liveness probe that gives up before the
// readiness probe does, or after a single failure, or on the 1 s default
// timeout.
#include <string>

#include "scan/rules/k8s_common.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

// The key of a probe field when it is written, else the probe's own key
// (the default applies there).
YamlPos At(const ProbeField& f, const ProbeSpec& p) {
  return f.value ? f.at : p.at;
}

std::string Secs(int64_t n) {
  return std::to_string(n) + " s";
}

class K8s003 : public ManifestRule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{
        "K8S003", "probe-misconfigured", Severity::kWarning,
        "A liveness probe gives up sooner than the readiness probe (or after one failure), or "
        "relies on the 1 s default timeout: a slow but healthy Go service is restarted.",
        R"(## What it finds
Liveness probes of the long-running containers of a Kubernetes workload
that restart the container more readily than they should. One finding per
container, the first that applies:

1. `failureThreshold: 1` on the liveness probe (warning): one slow
   response restarts the container.
2. A liveness probe stricter than the container's readiness probe
   (warning): a smaller `timeoutSeconds`, or a shorter failure window,
   `periodSeconds` x `failureThreshold`. Unset fields count at their
   Kubernetes defaults: `timeoutSeconds` 1, `periodSeconds` 10,
   `failureThreshold` 3.
3. A liveness probe without `timeoutSeconds` (info): every check must
   answer within the 1 s default.

The finding is on the liveness field that is too strict (or the
`livenessProbe:` line when a default is to blame); related lines are the
readiness field it is compared with and the container's `name:`.

## Why it is bad
Readiness takes a struggling pod out of the Service; liveness kills it.
If liveness gives up first, an overloaded pod is restarted while it still
receives traffic, its load moves to the other pods, they slow down in
turn, and the restarts cascade. A Go service at its CPU limit (throttled
by the CFS quota) or in a long GC cycle answers a health check late
although nothing is wrong; a 1 s timeout, or a single allowed failure,
turns that into a restart and a cold start under the same load.

## Bad
```yaml
livenessProbe:
  httpGet: {path: /healthz, port: 8080}
  periodSeconds: 5
  failureThreshold: 2      # gives up after 10 s
readinessProbe:
  httpGet: {path: /ready, port: 8080}
  periodSeconds: 10
  failureThreshold: 3      # unready after 30 s
```

## Fix
Make liveness the more patient of the two: at least the readiness
timeout, and a failure window (period x threshold) at least as long as
readiness's; give both an explicit `timeoutSeconds` above the handler's
worst normal latency:
```yaml
livenessProbe:
  httpGet: {path: /healthz, port: 8080}
  timeoutSeconds: 5
  periodSeconds: 10
  failureThreshold: 6
readinessProbe:
  httpGet: {path: /ready, port: 8080}
  timeoutSeconds: 3
  periodSeconds: 5
  failureThreshold: 3
```

## Go versions
All. The probe settings are Kubernetes', the reasons to be patient (CPU
throttling, GC) are the Go runtime's.

## Known limits
- Only liveness against readiness of the same container is compared;
  startup probes and `initialDelaySeconds` are not judged.
- The handlers are not compared: a liveness probe on a cheap endpoint may
  rightly be stricter than a readiness probe on an expensive one. Silence
  such a finding with `# gopit:ignore K8S003 reason`.
- A readiness probe without a liveness probe, and readiness probes on the
  default timeout, are not reported (they only take the pod out of
  rotation).
- Helm templates (files containing `{{`) are not YAML and are not read.)"};
    return info;
  }

  void CheckManifest(const Manifest& m, const ManifestGo&, ManifestSink& sink) const override {
    for (const Workload& w : m.workloads) {
      for (const ContainerSpec& c : w.containers) {
        if (c.liveness) Check(w, c, sink);
      }
    }
  }

 private:
  void Check(const Workload& w, const ContainerSpec& c, ManifestSink& sink) const {
    const ProbeSpec& live = *c.liveness;
    const std::string who = "the liveness probe of " + ContainerLabel(w, c);
    std::pair<YamlPos, std::string> container{c.name_at, "the container"};
    if (live.failure_threshold.value && *live.failure_threshold.value == 1) {
      sink.Report(Info(), Severity::kWarning, live.failure_threshold.at,
                  who +
                      " has failureThreshold 1: a single slow check restarts the container; "
                      "allow at least 3 failures",
                  {container});
      return;
    }
    if (c.readiness) {
      const ProbeSpec& ready = *c.readiness;
      if (live.Timeout() < ready.Timeout()) {
        sink.Report(
            Info(), Severity::kWarning, At(live.timeout_seconds, live),
            who + " times out after " + Secs(live.Timeout()) +
                ", sooner than its readiness probe (" + Secs(ready.Timeout()) +
                "): a slow pod is restarted before it is taken out of service",
            {{At(ready.timeout_seconds, ready), "the readiness probe's timeout"}, container});
        return;
      }
      if (live.FailureWindow() < ready.FailureWindow()) {
        const bool by_threshold = live.FailureThreshold() < ready.FailureThreshold();
        const ProbeField& lf = by_threshold ? live.failure_threshold : live.period_seconds;
        const ProbeField& rf = by_threshold ? ready.failure_threshold : ready.period_seconds;
        sink.Report(Info(), Severity::kWarning, At(lf, live),
                    who + " gives up after " + Secs(live.FailureWindow()) + " (" +
                        std::to_string(live.FailureThreshold()) + " x " + Secs(live.Period()) +
                        "), sooner than its readiness probe (" + Secs(ready.FailureWindow()) +
                        "): a slow pod is restarted before it is taken out of service",
                    {{At(rf, ready), "the readiness probe's setting"}, container});
        return;
      }
    }
    if (!live.timeout_seconds.value) {
      sink.Report(Info(), Severity::kInfo, live.at,
                  who +
                      " has no timeoutSeconds: every check must answer within the 1 s "
                      "default, which a CPU-throttled service or a long GC cycle can miss; "
                      "set it above the handler's worst normal latency",
                  {container});
    }
  }
};

}  // namespace

const ManifestRule& K8s003Rule() {
  static const K8s003 rule;
  return rule;
}

}  // namespace gopit::scan
