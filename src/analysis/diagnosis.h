// Diagnoses: what an expert reads out of a goroutine dump ("a pile of
// goroutines blocked on one channel send for 40 minutes, created by a
// handler"), as findings with a place in the user's code.
//
// Each diagnosis lives in its own file under analysis/diagnoses/ with its
// documentation (a RuleInfo, as source rules have), is listed in
// diagnoses/registry.cc, and reads only the buckets and snapshots. The
// result is sorted most important first: by severity, then by score.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/buckets.h"
#include "model/finding.h"
#include "model/snapshot.h"

namespace gopit {

struct CodeLocation {
  std::string file;
  int32_t line = 0;
  std::string function;
};

struct Diagnosis {
  std::string id;    // "DUMP002"
  std::string slug;  // "leak-suspect"
  Severity severity = Severity::kWarning;
  std::string message;
  // How much this deserves attention; comparable across diagnoses. See
  // docs/diagnoses.md for how each diagnosis computes it.
  double score = 0;
  // The blocking place in the user's code: the innermost frame that is
  // neither runtime nor standard library (the innermost frame when every
  // frame is).
  CodeLocation location;
  std::optional<CodeLocation> created_by;
  std::vector<uint64_t> bucket_ids;  // fingerprints of the buckets it rests on
  uint64_t goroutines = 0;           // how many goroutines it covers
};

// Thresholds, all settable from the command line.
struct DiagnoseOptions {
  uint64_t suspect_count = 50;    // DUMP002: a bucket this large is a suspect by size alone
  int32_t long_wait_minutes = 5;  // DUMP002/004/006/009: a wait this long is long
  uint64_t http_conns = 20;       // DUMP003: persistConn loops that make a pile
  uint64_t server_conns = 20;     // DUMP004: idle server connections that make a pile
  uint64_t lock_waiters = 10;     // DUMP006: goroutines at one Lock site that make a pile
  uint64_t locked_threads = 20;   // DUMP008
  uint64_t growth_min = 10;       // DUMP010: goroutines a bucket must gain over the snapshots
};

// A bucket's count in each of several snapshots taken over time.
struct BucketSeries {
  uint64_t fingerprint = 0;
  std::vector<uint64_t> counts;  // one per snapshot, oldest first
};

// What every diagnosis reads. `buckets` holds every goroutine
// (runtime-internal ones included) of `snapshots`, which are in time order
// when there are several. `gopit diff` passes the buckets of the latest
// snapshot only, and `series` with every bucket's count over time.
struct DiagnosisInput {
  const Symbols& symbols;
  const BucketReport& buckets;
  const std::vector<const Snapshot*>& snapshots;
  const DiagnoseOptions& options;
  const std::vector<BucketSeries>* series = nullptr;
  // What the readers said they skipped or found cut; null when unknown.
  // A dump with warnings is not known to be whole.
  const std::vector<Warning>* warnings = nullptr;
};

class DumpDiagnosis {
 public:
  virtual ~DumpDiagnosis() = default;
  virtual const RuleInfo& Info() const = 0;
  virtual void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const = 0;
};

// Every diagnosis, by id (analysis/diagnoses/registry.cc).
const std::vector<const DumpDiagnosis*>& AllDiagnoses();

// Runs every diagnosis and sorts the result most important first.
std::vector<Diagnosis> Diagnose(const DiagnosisInput& in);

// Sorting order: severity (error first), then score, then id.
bool DiagnosisMoreImportant(const Diagnosis& a, const Diagnosis& b);

// ---- Helpers the diagnoses share --------------------------------------

// Whether a frame's function belongs to the runtime or the standard
// library ("runtime.gopark", "net/http.(*conn).serve", "sync.(*Mutex).Lock"):
// its import path's first element has no dot and it is not package main.
bool IsStdlibFunction(std::string_view function);

// The innermost user frame of `frames` (see Diagnosis::location).
CodeLocation UserLocation(const Symbols& symbols, const std::vector<FrameId>& frames);
// Whether any frame is user code.
bool HasUserFrame(const Symbols& symbols, const std::vector<FrameId>& frames);
// The location of a bucket's `created by` frame, if it has one.
std::optional<CodeLocation> CreatedByLocation(const Symbols& symbols, const Bucket& b);
// Whether any frame's function is exactly `function`.
bool HasFunction(const Symbols& symbols, const std::vector<FrameId>& frames,
                 std::string_view function);
// "file.go:42" with the directory dropped, for messages.
std::string ShortPlace(const CodeLocation& loc);

// DUMP010's test of a bucket's counts over time, oldest first: three or more,
// never dropping, rising at least twice, gaining at least `growth_min`.
// `gopit watch` applies the same test to its own series.
bool IsGrowthSeries(const std::vector<uint64_t>& counts, uint64_t growth_min);
// DUMP010's score: large buckets that grow fast rank first.
double GrowthScore(uint64_t first, uint64_t last);

// The bucket holding goroutine `id`, or null (ids are sorted per bucket).
const Bucket* BucketOfGoroutine(const BucketReport& report, uint64_t id);

// Whether a function serves one request: an HTTP handler (`ServeHTTP`,
// net/http's per-connection serve loop, a function named handle*/Handle*),
// a gRPC method handler or server stream loop. Closures of such a function
// (".func1") count as it.
bool IsRequestFunction(std::string_view function);

// Where a goroutine sits among requests, from its `created by` chain.
struct RequestScope {
  bool scoped = false;      // started, directly or through helpers, under a request
  bool in_flight = false;   // the goroutine that started it is still inside that request
  bool is_request = false;  // its own stack is inside a handler: it is a request itself
  std::string handler;      // the request function that shows it
};
RequestScope FindRequestScope(const Symbols& symbols, const BucketReport& report, const Bucket& b);

// Goroutines that wait on the network (IO wait), net/http's per-request
// background reads aside: about one per open connection, the number a
// per-connection site grows with in a healthy process.
uint64_t OpenConnections(const Symbols& symbols, const BucketReport& report);

// "1 goroutine" / "3 goroutines".
std::string Goroutines(uint64_t n);
// "1 minute" / "5 minutes".
std::string Minutes(int64_t n);

// A diagnosis with id, slug and severity from `info`, and the location and
// `created by` of bucket `b`.
Diagnosis MakeDiagnosis(const RuleInfo& info, const Symbols& symbols, const Bucket& b);

}  // namespace gopit
