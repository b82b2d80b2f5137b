#include "render/diff_json.h"

#include "render/json_writer.h"
#include "render/stacks_json.h"

namespace gopit {

void RenderDiffJson(const DiffReport& r, const Symbols& sym, const std::vector<Warning>& warnings,
                    std::ostream& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("schema").String(kDiffSchema);
  w.Key("gopit_version").String(GOPIT_VERSION);
  bool any_ids = false;
  w.Key("snapshots").BeginArray();
  for (size_t i = 0; i < r.snapshots.size(); ++i) {
    const Snapshot& s = *r.snapshots[i];
    any_ids |= s.format == InputFormat::kTraceback;
    w.BeginObject();
    w.Key("input").String(s.input);
    w.Key("format").String(InputFormatName(s.format));
    w.Key("first_line").Uint(s.first_line);
    w.Key("total_goroutines").Uint(r.totals[i]);
    w.EndObject();
  }
  w.EndArray();
  w.Key("hidden_buckets").Uint(r.hidden);
  w.Key("diagnoses");
  if (r.diagnosed) {
    w.BeginArray();
    for (const Diagnosis& d : r.diagnoses)
      WriteDiagnosisJson(w, d);
    w.EndArray();
  } else {
    w.Null();
  }
  w.Key("buckets").BeginArray();
  for (const DiffBucket& d : r.buckets) {
    w.BeginObject();
    WriteBucketFields(w, sym, d.bucket, any_ids);
    w.Key("counts").UintArray(d.counts);
    w.Key("change").Int(d.change);
    w.Key("persisted");
    if (any_ids && r.snapshots.size() > 1) {
      w.BeginObject();
      w.Key("count").Uint(d.persisted_ids.size());
      w.Key("goroutine_ids").UintArray(d.persisted_ids);
      w.Key("wait_minutes_max");
      if (d.persisted_wait_max >= 0) {
        w.Int(d.persisted_wait_max);
      } else {
        w.Null();
      }
      w.EndObject();
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("warnings");
  WriteWarningsJson(w, warnings);
  w.EndObject();
  out << "\n";
}

}  // namespace gopit
