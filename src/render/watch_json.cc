#include "render/watch_json.h"

#include "analysis/buckets.h"
#include "render/json_writer.h"
#include "render/stacks_json.h"

namespace gopit {
namespace {

void WriteLocation(JsonWriter& w, const CodeLocation& l) {
  w.BeginObject();
  w.Key("file").String(l.file);
  w.Key("line").Int(l.line);
  w.Key("function").String(l.function);
  w.EndObject();
}

// [[t_ms, value], ...]: compact, and what charting code wants.
void WritePoints(JsonWriter& w, const std::vector<TimePoint>& points) {
  w.BeginArray();
  for (const TimePoint& p : points) {
    w.BeginArray();
    w.Int(p.t_ms);
    w.Uint(p.value);
    w.EndArray();
  }
  w.EndArray();
}

void WriteAlert(JsonWriter& w, const AlertEvent& a) {
  w.BeginObject();
  w.Key("name").String(a.name);
  w.Key("severity").String(a.severity);
  w.Key("summary").String(a.summary);
  w.Key("description").String(a.description);
  w.Key("labels").BeginObject();
  for (const auto& [k, v] : a.labels)
    w.Key(k).String(v);
  w.EndObject();
  w.Key("starts_at_ms").Int(a.starts_at_ms);
  if (a.Firing()) {
    w.Key("ends_at_ms").Null();
  } else {
    w.Key("ends_at_ms").Int(a.ends_at_ms);
  }
  w.EndObject();
}

void WriteBucket(JsonWriter& w, const BucketTrend& b) {
  w.BeginObject();
  w.Key("fingerprint").String(FingerprintHex(b.info.fingerprint));
  w.Key("category").String(b.info.category);
  w.Key("state").String(b.info.state);
  w.Key("location");
  WriteLocation(w, b.info.location);
  w.Key("created_by");
  if (b.info.created_by) {
    WriteLocation(w, *b.info.created_by);
  } else {
    w.Null();
  }
  w.Key("stack").BeginArray();
  for (const std::string& s : b.info.stack)
    w.String(s);
  w.EndArray();
  w.Key("baseline").Uint(b.baseline);
  w.Key("last").Uint(b.last);
  w.Key("max").Uint(b.max);
  w.Key("suspect").Bool(b.suspect);
  w.Key("counts");
  WritePoints(w, b.counts);
  w.EndObject();
}

void WriteTarget(JsonWriter& w, const TargetReport& t) {
  w.BeginObject();
  w.Key("name").String(t.name);
  w.Key("url").String(t.url);
  w.Key("up").Bool(t.up);
  w.Key("samples").Uint(t.samples);
  w.Key("errors").Uint(t.errors);
  w.Key("last_error").String(t.last_error);
  w.Key("last_latency_ms").Double(t.last_latency_ms);
  w.Key("full_dumps").Uint(t.full_dumps);
  w.Key("leak_profile_reads").Uint(t.leak_profile_reads);
  w.Key("goroutines").BeginObject();
  if (t.samples) {
    w.Key("first").Uint(t.goroutines.first);
    w.Key("last").Uint(t.goroutines.last);
    w.Key("max").Uint(t.goroutines.max);
  } else {
    w.Key("first").Null();
    w.Key("last").Null();
    w.Key("max").Null();
  }
  w.EndObject();
  w.Key("by_category").BeginObject();
  for (const auto& [k, v] : t.by_category)
    w.Key(k).Uint(v);
  w.EndObject();
  w.Key("diagnoses").BeginArray();
  for (const Diagnosis& d : t.diagnoses)
    WriteDiagnosisJson(w, d);
  w.EndArray();
  w.Key("alerts").BeginArray();
  for (const AlertEvent& a : t.alerts)
    WriteAlert(w, a);
  w.EndArray();
  w.Key("buckets").BeginArray();
  for (const BucketTrend& b : t.buckets)
    WriteBucket(w, b);
  w.EndArray();
  w.Key("totals");
  WritePoints(w, t.totals);
  w.EndObject();
}

}  // namespace

void RenderWatchJson(const WatchReport& report, std::ostream& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("schema").String(kWatchSchema);
  w.Key("from_ms").Int(report.from_ms);
  w.Key("to_ms").Int(report.to_ms);
  w.Key("targets").BeginArray();
  for (const TargetReport& t : report.targets)
    WriteTarget(w, t);
  w.EndArray();
  w.EndObject();
  out << "\n";
}

}  // namespace gopit
