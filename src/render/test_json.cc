// `gopit test --format json`: schema gopit.test/v1 (docs/test-json.md).
#include "render/json_writer.h"
#include "render/test_render.h"

namespace gopit {
namespace {

void WriteLocation(JsonWriter& w, const CodeLocation& l) {
  w.BeginObject();
  w.Key("file").String(l.file);
  w.Key("line").Int(l.line);
  w.Key("function").String(l.function);
  w.EndObject();
}

}  // namespace

void RenderTestJson(const TestRunReport& r, std::ostream& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("schema").String("gopit.test/v1");
  TestTotals t = CountTests(r);
  w.Key("summary").BeginObject();
  w.Key("packages").Uint(t.packages);
  w.Key("tests").Uint(t.tests);
  w.Key("passed").Uint(t.passed);
  w.Key("failed").Uint(t.failed);
  w.Key("hung").Uint(t.hung);
  w.Key("leaked").Uint(t.leaked);
  w.Key("skipped").Uint(t.skipped);
  w.Key("build_errors").Uint(t.build_errors);
  w.EndObject();
  w.Key("packages").BeginArray();
  for (const PackageResult& p : r.packages) {
    w.BeginObject();
    w.Key("package").String(p.package);
    w.Key("result").String(p.result);
    w.Key("elapsed").Double(p.elapsed_s);
    if (p.result == "build-error") w.Key("build_output").String(p.output);
    w.Key("tests").BeginArray();
    for (const TestResult& x : p.tests) {
      w.BeginObject();
      w.Key("name").String(x.name);
      w.Key("result").String(x.result);
      w.Key("elapsed").Double(x.elapsed_s);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("diagnoses").BeginArray();
  for (const TestDiagnosis& d : r.diagnoses) {
    w.BeginObject();
    w.Key("id").String(d.d.id);
    w.Key("slug").String(d.d.slug);
    w.Key("severity").String(SeverityName(d.d.severity));
    w.Key("message").String(d.d.message);
    w.Key("test").String(d.test);
    w.Key("package").String(d.package);
    w.Key("location");
    WriteLocation(w, d.d.location);
    w.Key("created_by");
    if (d.d.created_by) {
      WriteLocation(w, *d.d.created_by);
    } else {
      w.Null();
    }
    w.Key("goroutines").Uint(d.d.goroutines);
    w.EndObject();
  }
  w.EndArray();
  w.Key("warnings").BeginArray();
  for (const std::string& s : r.warnings)
    w.String(s);
  w.EndArray();
  w.EndObject();
  out << '\n';
}

}  // namespace gopit
