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

const Bucket* BucketOfGoroutine(const BucketReport& report, uint64_t id) {
  if (id == 0) return nullptr;
  for (const Bucket& b : report.buckets) {
    if (std::binary_search(b.goroutine_ids.begin(), b.goroutine_ids.end(), id)) return &b;
  }
  return nullptr;
}

namespace {

// "main.(*app).handleSearch.func1.2" -> "handleSearch": the name a person
// gave the function, closures and method receivers stripped.
std::string_view DeclaredName(std::string_view fn) {
  size_t slash = fn.rfind('/');
  if (slash != std::string_view::npos) fn = fn.substr(slash + 1);
  while (true) {
    size_t dot = fn.rfind('.');
    if (dot == std::string_view::npos) return fn;
    std::string_view last = fn.substr(dot + 1);
    bool closure =
        last.starts_with("func") || last.starts_with("gowrap") ||
        (!last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos);
    if (!closure) return last;
    fn = fn.substr(0, dot);
  }
}

// A frame of a goroutine is inside a request only at the request function
// itself: a closure of a handler on a goroutine's stack is most often the
// body of a `go func()` the handler started, not the handler.
bool InRequestFrame(std::string_view fn) {
  return IsRequestFunction(fn) && fn.ends_with(DeclaredName(fn));
}

}  // namespace

bool IsRequestFunction(std::string_view fn) {
  if (fn.find("ServeHTTP") != std::string_view::npos) return true;
  if (fn == "net/http.(*conn).serve" || fn == "net/http.(*http2serverConn).runHandler") return true;
  // gRPC: the server's per-stream loops and the generated method handlers
  // ("_Greeter_SayHello_Handler").
  if (fn.find("grpc.(*Server).processUnaryRPC") != std::string_view::npos ||
      fn.find("grpc.(*Server).processStreamingRPC") != std::string_view::npos ||
      fn.find("grpc.(*Server).handleStream") != std::string_view::npos ||
      fn.find("_Handler") != std::string_view::npos) {
    return true;
  }
  if (IsStdlibFunction(fn)) return false;
  std::string_view name = DeclaredName(fn);
  return name.starts_with("handle") || name.starts_with("Handle");
}

RequestScope FindRequestScope(const Symbols& symbols, const BucketReport& report, const Bucket& b) {
  RequestScope rs;
  for (FrameId f : b.frames) {
    std::string_view fn = symbols.Str(symbols.GetFrame(f).function);
    if (InRequestFrame(fn)) {
      rs.scoped = rs.in_flight = rs.is_request = true;
      rs.handler = std::string(fn);
      return rs;
    }
  }
  // Up the `created by` chain through goroutines still alive: a helper
  // started by a goroutine a handler started is request-scoped too.
  const Bucket* at = &b;
  for (int depth = 0; depth < 4 && at && at->created_by != kNoFrame; ++depth) {
    std::string_view creator = symbols.Str(symbols.GetFrame(at->created_by).function);
    const Bucket* parent = BucketOfGoroutine(report, at->created_by_goroutine);
    if (IsRequestFunction(creator)) {
      rs.scoped = true;
      rs.handler = std::string(creator);
      // The request lasts while its goroutine is still in the handler.
      if (parent) {
        for (FrameId f : parent->frames)
          rs.in_flight |= InRequestFrame(symbols.Str(symbols.GetFrame(f).function));
      }
      return rs;
    }
    if (parent) {
      for (FrameId f : parent->frames) {
        std::string_view fn = symbols.Str(symbols.GetFrame(f).function);
        if (InRequestFrame(fn)) {
          // Started by a helper the request is still running.
          rs.scoped = rs.in_flight = true;
          rs.handler = std::string(fn);
          return rs;
        }
      }
    }
    if (parent == at) break;
    at = parent;
  }
  return rs;
}

uint64_t OpenConnections(const Symbols& symbols, const BucketReport& report) {
  uint64_t n = 0;
  for (const Bucket& b : report.buckets) {
    if (b.category != Category::kIO) continue;
    if (HasFunction(symbols, b.frames, "net/http.(*connReader).backgroundRead")) continue;
    n += b.count;
  }
  return n;
}

std::string Goroutines(uint64_t n) {
  return std::to_string(n) + (n == 1 ? " goroutine" : " goroutines");
}

std::string Minutes(int64_t n) {
  return std::to_string(n) + (n == 1 ? " minute" : " minutes");
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
