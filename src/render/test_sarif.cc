// `gopit test --format sarif`: hung and leaking tests at their source lines,
// for code scanning. SARIF 2.1.0 as `gopit scan` writes it (the artifact URIs
// and rule names come from render/scan_sarif.h); diagnoses with no source
// line (a test none of whose goroutines was in the dump) are left out, as
// code scanning requires a location.
#include <map>

#include "analysis/diagnosis.h"
#include "gotest/leak_diagnosis.h"
#include "render/json_writer.h"
#include "render/scan_sarif.h"
#include "render/test_render.h"

namespace gopit {
namespace {

const char* Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    default:
      return "note";
  }
}

}  // namespace

void RenderTestSarif(const TestRunReport& r, std::ostream& out) {
  std::map<std::string, const RuleInfo*> known;
  for (const DumpDiagnosis* d : AllDiagnoses())
    known[d->Info().id] = &d->Info();
  known[TestLeakRuleInfo().id] = &TestLeakRuleInfo();  // the leak check's own, not a dump's
  std::vector<std::string> rule_ids;
  std::map<std::string, size_t> rule_index;
  for (const TestDiagnosis& d : r.diagnoses) {
    if (d.d.location.file.empty() || d.d.location.line <= 0) continue;
    if (rule_index.emplace(d.d.id, rule_ids.size()).second) rule_ids.push_back(d.d.id);
  }

  JsonWriter w(out);
  w.BeginObject();
  w.Key("$schema").String("https://json.schemastore.org/sarif-2.1.0.json");
  w.Key("version").String("2.1.0");
  w.Key("runs").BeginArray().BeginObject();
  w.Key("tool").BeginObject().Key("driver").BeginObject();
  w.Key("name").String("gopit");
  w.Key("version").String(GOPIT_VERSION);
  w.Key("rules").BeginArray();
  for (const std::string& id : rule_ids) {
    auto it = known.find(id);
    w.BeginObject();
    w.Key("id").String(id);
    if (it != known.end()) {
      w.Key("name").String(SarifRuleName(it->second->slug));
      w.Key("shortDescription").BeginObject().Key("text").String(it->second->summary).EndObject();
      w.Key("fullDescription").BeginObject().Key("text").String(it->second->summary).EndObject();
      w.Key("help").BeginObject().Key("text").String(it->second->summary);
      w.Key("markdown").String(it->second->doc).EndObject();
      w.Key("defaultConfiguration").BeginObject().Key("level").String(Level(it->second->severity));
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject().EndObject();  // driver, tool
  w.Key("results").BeginArray();
  for (const TestDiagnosis& d : r.diagnoses) {
    if (d.d.location.file.empty() || d.d.location.line <= 0) continue;
    w.BeginObject();
    w.Key("ruleId").String(d.d.id);
    w.Key("ruleIndex").Uint(rule_index[d.d.id]);
    w.Key("level").String(Level(d.d.severity));
    w.Key("message").BeginObject().Key("text").String(d.d.message).EndObject();
    w.Key("locations").BeginArray().BeginObject();
    w.Key("physicalLocation").BeginObject();
    bool relative = false;
    std::string uri = SarifArtifactUri(d.d.location.file, relative);
    w.Key("artifactLocation").BeginObject().Key("uri").String(uri);
    if (relative) w.Key("uriBaseId").String("%SRCROOT%");
    w.EndObject();
    w.Key("region").BeginObject().Key("startLine").Int(d.d.location.line).EndObject();
    w.EndObject();  // physicalLocation
    w.Key("logicalLocations").BeginArray().BeginObject();
    w.Key("fullyQualifiedName").String(d.d.location.function);
    w.Key("kind").String("function");
    w.EndObject().EndArray();
    w.EndObject().EndArray();  // locations
    w.Key("partialFingerprints").BeginObject();
    w.Key("gopitTest/v1").String(d.package + " " + d.test + " " + d.d.id);
    w.EndObject();
    w.Key("properties").BeginObject();
    w.Key("test").String(d.test);
    w.Key("package").String(d.package);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject().EndArray();  // run, runs
  w.EndObject();
  out << '\n';
}

}  // namespace gopit
