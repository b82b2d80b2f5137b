// libFuzzer target for the Kubernetes manifest reader and the K8S rules:
// any bytes as a YAML file must read (yaml-cpp's exceptions caught inside)
// and give findings whose positions lie in the file, without a crash or a
// hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scan/k8s_manifest.h"
#include "scan/manifest_rule.h"
#include "scan/rules/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  int32_t lines = 1;
  for (char c : text)
    lines += c == '\n';
  auto inside = [&](gopit::scan::YamlPos p) {
    return p.line == 0 || (p.line >= 1 && p.line <= lines && p.column >= 1);
  };
  gopit::scan::Manifest m = gopit::scan::ReadManifest("fuzz.yaml", text);
  for (const gopit::scan::Workload& w : m.workloads) {
    if (!inside(w.at)) __builtin_trap();
    for (const gopit::scan::ContainerSpec& c : w.containers) {
      if (!inside(c.name_at) || !inside(c.cpu_limit_at) || !inside(c.memory_limit_at)) {
        __builtin_trap();
      }
    }
  }
  // Unknown Go, so every rule reports what it would.
  gopit::scan::ManifestScan s = gopit::scan::ScanManifestText(
      "fuzz.yaml", text, gopit::scan::AllManifestRules(), gopit::scan::ManifestGo{});
  for (const gopit::Finding& f : s.findings) {
    if (f.line < 1 || f.line > lines || f.column < 1 || f.rule.empty() || f.message.empty()) {
      __builtin_trap();
    }
    for (const gopit::RelatedLocation& r : f.related) {
      if (r.line < 0 || r.line > lines) __builtin_trap();
    }
  }
  return 0;
}
