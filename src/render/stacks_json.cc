#include "render/stacks_json.h"

#include "render/json_writer.h"

namespace gopit {
namespace {

void WriteFrame(JsonWriter& w, const Symbols& sym, const Frame& f) {
  w.BeginObject();
  w.Key("function").String(sym.Str(f.function));
  w.Key("file").String(sym.Str(f.file));
  w.Key("line").Int(f.line);
  if (f.inlined) w.Key("inlined").Bool(true);
  if (f.args != kNoStr) w.Key("args").String(sym.Str(f.args));
  w.EndObject();
}

}  // namespace

void WriteBucketFields(JsonWriter& w, const Symbols& sym, const Bucket& b, bool any_ids) {
  w.Key("id").String(FingerprintHex(b.fingerprint));
  w.Key("count").Uint(b.count);
  w.Key("state").String(sym.Str(b.state));
  w.Key("category").String(CategoryName(b.category));
  w.Key("wait_note");
  if (b.category == Category::kUnknown) {
    w.String(kUnknownWaitNote);
  } else {
    w.Null();
  }
  w.Key("wait_minutes");
  if (b.wait.max >= 0) {
    w.BeginObject().Key("min").Int(b.wait.min).Key("max").Int(b.wait.max).EndObject();
  } else {
    w.Null();
  }
  w.Key("locked_to_thread").Bool(b.locked_to_thread > 0);
  w.Key("locked_to_thread_count").Uint(b.locked_to_thread);
  w.Key("proven_leaked").Uint(b.leaked);
  w.Key("frames").BeginArray();
  for (FrameId f : b.frames)
    WriteFrame(w, sym, sym.GetFrame(f));
  w.EndArray();
  w.Key("elided_frames");
  if (b.elided_unknown) {
    w.String("unknown");
  } else {
    w.Uint(b.elided);
  }
  w.Key("created_by");
  if (b.created_by != kNoFrame) {
    const Frame& f = sym.GetFrame(b.created_by);
    w.BeginObject();
    w.Key("function").String(sym.Str(f.function));
    w.Key("file").String(sym.Str(f.file));
    w.Key("line").Int(f.line);
    w.Key("goroutine");
    if (b.created_by_goroutine) {
      w.Uint(b.created_by_goroutine);
    } else {
      w.Null();
    }
    w.EndObject();
  } else {
    w.Null();
  }
  // Every `created by` line and every state of the bucket, most goroutines first.
  w.Key("creators").BeginArray();
  for (const auto& [f, n] : b.creators) {
    const Frame& c = sym.GetFrame(f);
    w.BeginObject();
    w.Key("function").String(sym.Str(c.function));
    w.Key("file").String(sym.Str(c.file));
    w.Key("line").Int(c.line);
    w.Key("goroutines").Uint(n);
    w.EndObject();
  }
  w.EndArray();
  w.Key("more_creators_goroutines").Uint(b.more_creators);
  w.Key("states").BeginArray();
  for (const auto& [state, n] : b.states) {
    w.BeginObject();
    w.Key("state").String(sym.Str(state));
    w.Key("goroutines").Uint(n);
    w.EndObject();
  }
  w.EndArray();
  w.Key("labels").BeginArray();
  for (StrId l : b.labels)
    w.String(sym.Str(l));
  w.EndArray();
  w.Key("goroutine_ids");
  if (any_ids) {
    w.UintArray(b.goroutine_ids);
  } else {
    w.Null();
  }
}

namespace {

void WriteBucket(JsonWriter& w, const Symbols& sym, const Bucket& b, bool any_ids) {
  w.BeginObject();
  WriteBucketFields(w, sym, b, any_ids);
  w.EndObject();
}

void WriteLocation(JsonWriter& w, const CodeLocation& l) {
  w.BeginObject();
  w.Key("file").String(l.file);
  w.Key("line").Int(l.line);
  w.Key("function").String(l.function);
  w.EndObject();
}

}  // namespace

void WriteDiagnosisJson(JsonWriter& w, const Diagnosis& d) {
  w.BeginObject();
  w.Key("id").String(d.id);
  w.Key("slug").String(d.slug);
  w.Key("severity").String(SeverityName(d.severity));
  w.Key("message").String(d.message);
  w.Key("score").Double(d.score);
  w.Key("location");
  WriteLocation(w, d.location);
  w.Key("created_by");
  if (d.created_by) {
    WriteLocation(w, *d.created_by);
  } else {
    w.Null();
  }
  w.Key("bucket_ids").BeginArray();
  for (uint64_t id : d.bucket_ids)
    w.String(FingerprintHex(id));
  w.EndArray();
  w.Key("goroutines").Uint(d.goroutines);
  w.EndObject();
}

void RenderStacksJson(const StacksReport& report, std::ostream& out) {
  const ReadResult& read = *report.read;
  const Symbols& sym = *read.symbols;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("schema").String(kStacksSchema);
  w.Key("gopit_version").String(GOPIT_VERSION);
  w.Key("inputs").BeginArray();
  for (const InputSummary& in : report.inputs) {
    w.BeginObject();
    w.Key("name").String(in.name);
    w.Key("snapshots").Uint(in.snapshots);
    w.Key("error");
    if (in.error.empty()) {
      w.Null();
    } else {
      w.String(in.error);
    }
    w.EndObject();
  }
  w.EndArray();
  bool any_ids = false;
  w.Key("snapshots").BeginArray();
  for (const Snapshot& s : read.snapshots) {
    any_ids |= s.format == InputFormat::kTraceback;
    w.BeginObject();
    w.Key("input").String(s.input);
    w.Key("format").String(InputFormatName(s.format));
    w.Key("leak_profile").Bool(s.leak_profile);
    w.Key("reason");
    if (s.reason.empty()) {
      w.Null();
    } else {
      w.String(s.reason);
    }
    w.Key("current_goroutine");
    if (s.current_goroutine) {
      w.Uint(s.current_goroutine);
    } else {
      w.Null();
    }
    w.Key("first_line").Uint(s.first_line);
    w.Key("total_goroutines").Uint(s.TotalGoroutines());
    w.Key("declared_total");
    if (s.declared_total >= 0) {
      w.Int(s.declared_total);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("grouping").BeginObject();
  w.Key("similarity")
      .String(report.options.similarity == Similarity::kExactArgs ? "exact-args" : "ignore-args");
  w.Key("top_frames").Uint(report.options.top_frames);
  w.Key("runtime_hidden").Bool(!report.options.include_runtime);
  w.EndObject();
  w.Key("total_goroutines").Uint(report.buckets.total);
  w.Key("hidden_goroutines").Uint(report.buckets.hidden);
  w.Key("diagnoses");
  if (report.diagnosed) {
    w.BeginArray();
    for (const Diagnosis& d : report.diagnoses)
      WriteDiagnosisJson(w, d);
    w.EndArray();
  } else {
    w.Null();
  }
  w.Key("buckets").BeginArray();
  for (const Bucket& b : report.buckets.buckets)
    WriteBucket(w, sym, b, any_ids);
  w.EndArray();
  w.Key("warnings");
  WriteWarningsJson(w, read.warnings);
  w.EndObject();
}

void WriteWarningsJson(JsonWriter& w, const std::vector<Warning>& warnings) {
  w.BeginArray();
  for (const Warning& warn : warnings) {
    w.BeginObject();
    w.Key("input").String(warn.input);
    w.Key("line");
    if (warn.line) {
      w.Uint(warn.line);
    } else {
      w.Null();
    }
    w.Key("message").String(warn.message);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace gopit
