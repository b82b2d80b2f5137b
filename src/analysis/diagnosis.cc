#include "analysis/diagnosis.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace gopit {

bool DiagnosisMoreImportant(const Diagnosis& a, const Diagnosis& b) {
  return std::make_tuple(static_cast<int>(a.severity), a.score, b.id, b.location.line) >
         std::make_tuple(static_cast<int>(b.severity), b.score, a.id, a.location.line);
}

std::vector<Diagnosis> Diagnose(const DiagnosisInput& in) {
  std::vector<Diagnosis> out;
  for (const DumpDiagnosis* d : AllDiagnoses())
    d->Run(in, out);
  std::stable_sort(out.begin(), out.end(), DiagnosisMoreImportant);
  return out;
}

bool IsStdlibFunction(std::string_view function) {
  if (function.empty()) return true;  // unknown: never the user's line
  // The import path ends at the last '/' before the first '.' after it:
  // "net/http.(*conn).serve" -> "net/http", "example.com/x/y.F" -> "example.com/x/y".
  size_t slash = function.rfind('/', function.find('('));
  size_t dot = function.find('.', slash == std::string_view::npos ? 0 : slash);
  std::string_view path = function.substr(0, dot);
  if (path == "main" || path.starts_with("main.")) return false;
  std::string_view first = path.substr(0, path.find('/'));
  return first.find('.') == std::string_view::npos;
}

namespace {

CodeLocation FromFrame(const Symbols& symbols, FrameId id) {
  const Frame& f = symbols.GetFrame(id);
  return CodeLocation{std::string(symbols.Str(f.file)), f.line,
                      std::string(symbols.Str(f.function))};
}

}  // namespace

bool HasUserFrame(const Symbols& symbols, const std::vector<FrameId>& frames) {
  for (FrameId f : frames) {
    if (!IsStdlibFunction(symbols.Str(symbols.GetFrame(f).function))) return true;
  }
  return false;
}

CodeLocation UserLocation(const Symbols& symbols, const std::vector<FrameId>& frames) {
  for (FrameId f : frames) {
    if (!IsStdlibFunction(symbols.Str(symbols.GetFrame(f).function))) {
      return FromFrame(symbols, f);
    }
  }
  return frames.empty() ? CodeLocation{} : FromFrame(symbols, frames.front());
}

std::optional<CodeLocation> CreatedByLocation(const Symbols& symbols, const Bucket& b) {
  if (b.created_by == kNoFrame) return std::nullopt;
  return FromFrame(symbols, b.created_by);
}

bool HasFunction(const Symbols& symbols, const std::vector<FrameId>& frames,
                 std::string_view function) {
  for (FrameId f : frames) {
    if (symbols.Str(symbols.GetFrame(f).function) == function) return true;
  }
  return false;
}

std::string ShortPlace(const CodeLocation& loc) {
  size_t slash = loc.file.rfind('/');
  std::string base = slash == std::string::npos ? loc.file : loc.file.substr(slash + 1);
  if (base.empty()) base = loc.function;
  return loc.line > 0 ? base + ":" + std::to_string(loc.line) : base;
}

Diagnosis MakeDiagnosis(const RuleInfo& info, const Symbols& symbols, const Bucket& b) {
  Diagnosis d;
  d.id = info.id;
  d.slug = info.slug;
  d.severity = info.severity;
  d.location = UserLocation(symbols, b.frames);
  d.created_by = CreatedByLocation(symbols, b);
  d.bucket_ids.push_back(b.fingerprint);
  d.goroutines = b.count;
  return d;
}

bool IsGrowthSeries(const std::vector<uint64_t>& counts, uint64_t growth_min) {
  if (counts.size() < 3) return false;
  size_t rises = 0;
  for (size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] < counts[i - 1]) return false;
    rises += counts[i] > counts[i - 1];
  }
  return rises >= 2 && counts.back() >= counts.front() + growth_min;
}

double GrowthScore(uint64_t first, uint64_t last) {
  double gained = static_cast<double>(last > first ? last - first : 0);
  return std::log2(1.0 + static_cast<double>(last)) *
         (1.0 + gained / static_cast<double>(std::max<uint64_t>(1, first)));
}

}  // namespace gopit
