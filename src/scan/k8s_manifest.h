// Kubernetes manifests, read for the K8S rules of `gopit scan`: the pod
// templates of workload objects (Pod, Deployment, StatefulSet, DaemonSet,
// ReplicaSet, ReplicationController, Job, CronJob, and the items of a List)
// reduced to what the rules look at: each container's limits, environment
// variable names and probes, with their positions in the file.
//
// A file may hold several documents separated by `---`; each is read on its
// own, so a syntax error in one leaves the others readable. Documents
// without `kind` and `apiVersion`, and kinds without a pod template, are
// skipped. Files that contain `{{` are Helm or other templates, not YAML,
// and are not read at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gopit::scan {

// 1-based line and column (in bytes); 0 when unknown.
struct YamlPos {
  int32_t line = 0;
  int32_t column = 0;
};

// An integer field of a probe as written, or absent (the Kubernetes default
// applies).
struct ProbeField {
  std::optional<int64_t> value;
  YamlPos at;  // of the key, when present
};

struct ProbeSpec {
  YamlPos at;                    // of the key: livenessProbe, readinessProbe, startupProbe
  ProbeField timeout_seconds;    // default 1
  ProbeField period_seconds;     // default 10
  ProbeField failure_threshold;  // default 3

  int64_t Timeout() const { return timeout_seconds.value.value_or(1); }
  int64_t Period() const { return period_seconds.value.value_or(10); }
  int64_t FailureThreshold() const { return failure_threshold.value.value_or(3); }
  // How long the endpoint must keep failing before the probe gives up.
  int64_t FailureWindow() const { return Period() * FailureThreshold(); }
};

struct ContainerSpec {
  std::string name;
  YamlPos name_at;  // of the `name:` key, or of the container when it has none
  std::string image;
  // An init container with `restartPolicy: Always`: it runs beside the
  // main containers for the pod's lifetime.
  bool sidecar = false;
  std::optional<std::string> cpu_limit, memory_limit;  // as written: "500m", "2", "1Gi"
  YamlPos cpu_limit_at, memory_limit_at;               // of the keys under limits:
  std::vector<std::string> env;                        // names from env:
  bool env_from = false;                               // envFrom: names unknown
  std::optional<ProbeSpec> liveness, readiness, startup;

  bool HasEnv(std::string_view name) const;
};

struct Workload {
  std::string kind;  // "Deployment"
  std::string name;  // metadata.name, or ""
  YamlPos at;        // of the `kind:` key
  // Long-running containers only: the pod's containers and its sidecars.
  // Init containers that run to completion before the pod starts are left
  // out, as are ephemeral (debug) containers.
  std::vector<ContainerSpec> containers;
};

struct Manifest {
  std::string path;
  // The file has a top-level `kind:` line: it is meant to be a manifest,
  // so a syntax error in it is worth reporting.
  bool looks_like_manifest = false;
  bool template_skipped = false;  // holds `{{`: not read
  std::vector<Workload> workloads;
  struct SyntaxError {
    YamlPos at;
    std::string message;
  };
  std::optional<SyntaxError> syntax_error;  // the first one
};

// Whether `text` has a top-level `kind:` line (cheap; decides whether a
// YAML file is parsed at all).
bool LooksLikeManifest(std::string_view text);

// Never throws: yaml-cpp's exceptions are caught inside and become
// `syntax_error`.
Manifest ReadManifest(std::string path, std::string_view text);

}  // namespace gopit::scan
