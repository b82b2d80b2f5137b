#include "render/scan_json.h"

#include "render/json_writer.h"

namespace gopit {
namespace {

void WriteFinding(JsonWriter& w, const Finding& f) {
  w.BeginObject();
  w.Key("rule").String(f.rule);
  w.Key("slug").String(f.slug);
  w.Key("severity").String(SeverityName(f.severity));
  w.Key("file").String(f.file);
  w.Key("line").Int(f.line);
  w.Key("column").Int(f.column);
  w.Key("message").String(f.message);
  w.Key("related").BeginArray();
  for (const RelatedLocation& rel : f.related) {
    w.BeginObject();
    w.Key("file").String(rel.file.empty() ? f.file : rel.file);
    w.Key("line").Int(rel.line);
    w.Key("column").Int(rel.column);
    w.Key("message").String(rel.message);
    w.EndObject();
  }
  w.EndArray();
  w.Key("fingerprint").String(f.fingerprint);
  w.EndObject();
}

}  // namespace

void WriteScanJson(const ScanReport& r, std::ostream& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("schema").String(kScanSchema);
  w.Key("gopit_version").String(GOPIT_VERSION);
  w.Key("paths").BeginArray();
  for (const std::string& p : r.paths)
    w.String(p);
  w.EndArray();
  w.Key("files_scanned").Uint(r.files_scanned);
  w.Key("lines_scanned").Uint(r.lines_scanned);
  w.Key("packages").Uint(r.packages);
  w.Key("suppressed").Uint(r.suppressed);
  w.Key("baselined").Uint(r.baselined);
  w.Key("generated_skipped").Uint(r.generated_skipped);
  w.Key("errors").BeginArray();
  for (const std::string& e : r.errors)
    w.String(e);
  w.EndArray();
  w.Key("findings").BeginArray();
  for (const Finding& f : r.findings)
    WriteFinding(w, f);
  w.EndArray();
  w.EndObject();
}

}  // namespace gopit
