#include "scan/manifest_rule.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "golang/go_mod.h"
#include "scan/baseline.h"
#include "scan/rules/rules.h"
#include "scan/suppressions.h"

namespace gopit::scan {
namespace {

std::string_view LineOf(std::string_view text, int32_t line) {
  size_t at = 0;
  for (int32_t n = 1; n < line; ++n) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return {};
    at = nl + 1;
  }
  std::string_view l = text.substr(at, text.find('\n', at) - at);
  if (l.ends_with('\r')) l.remove_suffix(1);
  return l;
}

}  // namespace

ManifestGo ManifestGoFor(const std::string& dir, const std::string& go_version) {
  ManifestGo go;
  std::optional<golang::GoMod> mod = golang::FindGoMod(dir);
  if (mod) {
    go.version = mod->go_version;
    if (!go.version.empty()) go.source = mod->path;
    // The require lines are not part of GoMod; the library paths are
    // distinctive enough to look for in the text.
    std::ifstream in(mod->path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string t = std::move(text).str();
    go.module_sets_gomaxprocs = t.find("go.uber.org/automaxprocs") != std::string::npos;
    go.module_sets_gomemlimit = t.find("/automemlimit") != std::string::npos;
  }
  if (!go_version.empty()) {
    go.version = go_version;
    go.source = "--go-version";
  }
  return go;
}

void ManifestSink::Report(const RuleInfo& rule, Severity severity, YamlPos at, std::string message,
                          const std::vector<std::pair<YamlPos, std::string>>& related) {
  Finding f;
  f.rule = rule.id;
  f.slug = rule.slug;
  f.severity = severity;
  f.file = manifest_.path;
  f.line = at.line;
  f.column = at.column;
  f.message = std::move(message);
  for (const auto& [pos, msg] : related)
    f.related.push_back(RelatedLocation{manifest_.path, pos.line, pos.column, msg});
  out_.push_back(std::move(f));
}

ManifestScan ScanManifestText(const std::string& path, std::string_view text,
                              const std::vector<const ManifestRule*>& rules, const ManifestGo& go) {
  ManifestScan out;
  if (rules.empty() || !LooksLikeManifest(text)) return out;
  Manifest m = ReadManifest(path, text);
  if (m.template_skipped) return out;
  out.read = true;
  out.lines = 1;
  for (char c : text)
    out.lines += c == '\n';
  if (!text.empty() && text.back() == '\n') --out.lines;
  std::vector<Finding> found;
  if (m.syntax_error) {
    const RuleInfo& info = ParseRuleInfo();
    Finding f;
    f.rule = info.id;
    f.slug = info.slug;
    // A warning, not an error: the file may be YAML of some other kind
    // that merely has a top-level `kind:`.
    f.severity = Severity::kWarning;
    f.file = path;
    f.line = m.syntax_error->at.line > 0 ? m.syntax_error->at.line : 1;
    f.column = m.syntax_error->at.column > 0 ? m.syntax_error->at.column : 1;
    f.message = "YAML syntax error: " + m.syntax_error->message +
                " (the Kubernetes manifest rules skipped this document)";
    f.fingerprint = FindingFingerprint(f, LineOf(text, f.line));
    out.findings.push_back(std::move(f));
  }
  ManifestSink sink(m, found);
  for (const ManifestRule* r : rules)
    r->CheckManifest(m, go, sink);
  std::optional<Suppressions> sup;
  for (Finding& f : found) {
    if (!sup) sup = Suppressions::FromHashComments(text);
    if (sup->Suppresses(f)) {
      ++out.suppressed;
      continue;
    }
    f.fingerprint = FindingFingerprint(f, LineOf(text, f.line));
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace gopit::scan
