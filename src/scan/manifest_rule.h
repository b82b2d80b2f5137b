// What a Kubernetes manifest rule (K8S...) sees and how it reports: the
// second kind of rule beside the per-function Go rules of scan/rule.h. A
// manifest rule looks at one YAML file at a time, read into the small model
// of scan/k8s_manifest.h, together with what is known of the Go that builds
// the images: the manifest cannot say, so the scan takes it from
// --go-version or from the go.mod the manifest lives under.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/finding.h"
#include "scan/k8s_manifest.h"

namespace gopit::scan {

struct ManifestGo {
  std::string version;  // "1.24"; "" when unknown
  std::string source;   // "--go-version", or the go.mod path it came from
  // The module depends on a library that sets the variable from the
  // container's cgroup at start-up, so the manifest need not.
  bool module_sets_gomaxprocs = false;  // go.uber.org/automaxprocs
  bool module_sets_gomemlimit = false;  // github.com/KimMachineGun/automemlimit
};

// `go_version` (the --go-version option) wins; else the nearest go.mod
// above `dir`.
ManifestGo ManifestGoFor(const std::string& dir, const std::string& go_version);

class ManifestSink {
 public:
  ManifestSink(const Manifest& m, std::vector<Finding>& out) : manifest_(m), out_(out) {}
  void Report(const RuleInfo& rule, Severity severity, YamlPos at, std::string message,
              const std::vector<std::pair<YamlPos, std::string>>& related);

 private:
  const Manifest& manifest_;
  std::vector<Finding>& out_;
};

class ManifestRule {
 public:
  virtual ~ManifestRule() = default;
  virtual const RuleInfo& Info() const = 0;
  virtual void CheckManifest(const Manifest& m, const ManifestGo& go, ManifestSink& sink) const = 0;
};

struct ManifestScan {
  bool read = false;  // the file was taken for a manifest (counted as scanned)
  uint64_t lines = 0;
  uint64_t suppressed = 0;
  std::vector<Finding> findings;  // suppressions applied, fingerprints set
};

// One YAML file's text through the reader and `rules`: a syntax error in a
// file that looks like a manifest becomes a PARSE finding (warning);
// `# gopit:ignore ID reason` comments are honoured. Never throws.
ManifestScan ScanManifestText(const std::string& path, std::string_view text,
                              const std::vector<const ManifestRule*>& rules, const ManifestGo& go);

}  // namespace gopit::scan
