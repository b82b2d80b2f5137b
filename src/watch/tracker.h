// What watch knows about one target, updated sample by sample: the
// differential sampling of PITFALLS.md section B.
//
// Each tick feeds the cheap aggregated profile (debug=1): counts per bucket
// (fingerprint over the innermost WatchSettings::fingerprint_frames frames).
// A bucket whose count has stayed above its baseline (its count in the first
// sample) for suspect_samples consecutive samples spanning suspect_min_ms is
// a candidate. Candidates need goroutine-level evidence, which only a full
// debug=2 dump gives (and a full dump stops the target's world while it is
// written, so WantsFullDump rate-limits them): a candidate becomes a leak
// suspect (DUMP002) when it waits on a channel, select, lock, wait group or
// condition in user code and some of its goroutines are the same (by id) in
// two full dumps at least suspect_min_ms apart, or have waited a minute.
// Goroutines that come and go under load never pass that test; a pool
// started before watch never becomes a candidate.
//
// Not thread-safe: the runner owns one per target and locks around it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/watch_report.h"
#include "model/snapshot.h"
#include "watch/sample.h"
#include "watch/settings.h"
#include "watch/target.h"

namespace gopit::watch {

class TargetTracker {
 public:
  TargetTracker(const Target& target, const WatchSettings& settings);

  // A cheap sample read and parsed at t_ms. Returns what the store records.
  SampleRecord AddSample(UnixMs t_ms, double latency_ms, const ReadResult& profile);
  // A tick that read only the goroutine count (from the /debug/pprof/ index
  // page, which costs the target nothing like a profile does).
  void AddTotal(UnixMs t_ms, double latency_ms, uint64_t total);
  // Whether this tick should read the per-bucket profile: always without
  // the index page, else when max_duty allows (see NextIntervalMs).
  bool WantsBucketSample(UnixMs now_ms) const;
  void SetIndexAvailable(bool available) { index_available_ = available; }
  // How long the target took to answer the latest profile request (the
  // request alone, not gopit's parse): what max_duty is measured against.
  void NoteProfileCost(double ms) { last_profile_ms_ = ms; }
  // A sample that failed: down, HTTP error, body not a profile.
  SampleRecord AddError(UnixMs t_ms, double latency_ms, const std::string& error);
  // Whether a full dump would now give evidence a candidate needs, and the
  // rate limit allows one.
  bool WantsFullDump(UnixMs now_ms) const;
  // A full debug=2 dump taken at t_ms: categories, states, goroutine ids,
  // and the diagnoses a single dump supports.
  void AddFullDump(UnixMs t_ms, const ReadResult& dump);
  // Whether the goroutine-leak profile is due (and not known to be absent).
  bool WantsLeakProfile(UnixMs now_ms) const;
  // The goroutine-leak profile read at t_ms (DUMP000), or `available`
  // false when the target does not serve one (then it is not asked again).
  void AddLeakProfile(UnixMs t_ms, const ReadResult* profile, bool available);

  // The bucket descriptions learned since the last call (for the store).
  std::vector<BucketInfo> TakeChangedBuckets();
  // Whether the diagnoses changed since the last call (for the store).
  bool TakeDiagnosesChanged();

  TargetReport Report() const;
  uint32_t consecutive_errors() const { return consecutive_errors_; }
  // The interval to wait before the next sample: the configured one, the
  // slow one above slow_above goroutines, backing off after errors.
  long NextIntervalMs() const;

 private:
  struct Fp {
    BucketInfo info;
    bool described = false;        // info holds more than the fingerprint
    bool from_full = false;        // category and state come from a full dump
    std::vector<TimePoint> steps;  // the count where it changed, oldest first
    uint64_t baseline = 0;
    uint64_t last = 0;
    uint64_t max = 0;
    uint32_t above_run = 0;     // consecutive samples above baseline
    UnixMs above_since = 0;     // first sample of that run
    std::vector<uint64_t> ids;  // goroutine ids in the latest full dump, sorted
    UnixMs ids_t = 0;
    uint64_t persisting = 0;  // ids present in two full dumps suspect_min_ms apart
    // When two full dumps showed no goroutine stuck beyond the baseline, the
    // count then: a bucket that comes and goes under load at a steady level
    // asks for no more dumps until it grows past it.
    uint64_t cleared_at = 0;
    bool cleared = false;
    bool suspect = false;
    UnixMs suspect_since = 0;
  };

  bool Candidate(const Fp& f, UnixMs now_ms) const;
  bool Blocking(const Fp& f) const;
  bool MayLeak(const Fp& f) const;
  long ProfileIntervalMs() const;
  // Every single-dump diagnosis of a dump or profile, named by watch's
  // bucket ids.
  std::vector<Diagnosis> DiagnoseDump(const ReadResult& dump) const;
  void UpdateSuspect(Fp& f, UnixMs now_ms);
  void SetCount(uint64_t fp, Fp& f, uint64_t count, UnixMs t_ms);
  Diagnosis SuspectDiagnosis(const Fp& f) const;
  std::vector<Diagnosis> GrowthDiagnoses() const;
  std::vector<TimePoint> Expand(const Fp& f) const;

  Target target_;
  WatchSettings settings_;
  std::unordered_map<uint64_t, Fp> fps_;
  std::vector<uint64_t> changed_;  // fingerprints whose info changed
  bool diagnoses_changed_ = false;

  uint64_t samples_ = 0;
  uint64_t errors_ = 0;
  uint32_t consecutive_errors_ = 0;
  std::string last_error_;
  UnixMs last_error_ms_ = 0;
  bool up_ = false;
  double last_latency_ms_ = 0;
  double last_profile_ms_ = 0;  // how long the latest debug=1 sample took
  UnixMs last_profile_t_ = 0;
  bool index_available_ = false;
  GoroutineRange range_;
  std::map<std::string, uint64_t> by_category_;
  std::vector<TimePoint> totals_;

  UnixMs last_full_ms_ = 0;
  uint64_t full_dumps_ = 0;
  UnixMs last_leak_ms_ = 0;
  bool leak_asked_ = false;
  uint64_t leak_reads_ = 0;
  bool leak_profile_absent_ = false;
  std::vector<Diagnosis> dump_diagnoses_;  // from the latest full dump
  std::vector<Diagnosis> leak_diagnoses_;  // from the latest leak profile
};

}  // namespace gopit::watch
