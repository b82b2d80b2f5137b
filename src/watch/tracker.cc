#include "watch/tracker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "analysis/buckets.h"
#include "analysis/category.h"

namespace gopit::watch {
namespace {

std::vector<const Snapshot*> Pointers(const ReadResult& r) {
  std::vector<const Snapshot*> out;
  for (const Snapshot& s : r.snapshots)
    out.push_back(&s);
  return out;
}

uint64_t Total(const ReadResult& r) {
  uint64_t n = 0;
  for (const Snapshot& s : r.snapshots)
    n += s.TotalGoroutines();
  return n;
}

std::vector<std::string> StackLines(const Symbols& sym, const std::vector<FrameId>& frames) {
  std::vector<std::string> out;
  for (FrameId id : frames) {
    const Frame& f = sym.GetFrame(id);
    std::string line(sym.Str(f.function));
    if (f.file != kNoStr) line += " " + std::string(sym.Str(f.file)) + ":" + std::to_string(f.line);
    out.push_back(std::move(line));
  }
  return out;
}

BucketInfo Describe(const Symbols& sym, const Bucket& b, bool with_state) {
  BucketInfo info;
  info.fingerprint = b.fingerprint;
  info.category = CategoryName(b.category);
  if (with_state) info.state = std::string(sym.Str(b.state));
  info.location = UserLocation(sym, b.frames);
  info.created_by = CreatedByLocation(sym, b);
  info.stack = StackLines(sym, b.frames);
  return info;
}

// Diagnoses of full-depth buckets name those buckets; watch names buckets by
// their innermost frames, so the ids are mapped to watch's.
void RenameBuckets(const Symbols& sym, const BucketReport& full, uint32_t top,
                   std::vector<Diagnosis>& diagnoses) {
  std::unordered_map<uint64_t, uint64_t> to_watch;
  for (const Bucket& b : full.buckets) {
    std::vector<FrameId> head(b.frames.begin(),
                              b.frames.begin() + std::min<size_t>(top, b.frames.size()));
    to_watch[b.fingerprint] = Fingerprint(sym, head, Similarity::kIgnoreArgs);
  }
  for (Diagnosis& d : diagnoses) {
    std::vector<uint64_t> ids;
    for (uint64_t id : d.bucket_ids) {
      auto it = to_watch.find(id);
      uint64_t w = it == to_watch.end() ? id : it->second;
      if (std::find(ids.begin(), ids.end(), w) == ids.end()) ids.push_back(w);
    }
    d.bucket_ids = std::move(ids);
  }
}

const RuleInfo& InfoOf(const std::string& id) {
  for (const DumpDiagnosis* d : AllDiagnoses()) {
    if (d->Info().id == id) return d->Info();
  }
  static const RuleInfo none{};
  return none;
}

std::string Plural(uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

TargetTracker::TargetTracker(const Target& target, const WatchSettings& settings)
    : target_(target), settings_(settings) {
  // A bucket is a suspect for its size alone in a single dump; watch judges
  // buckets by how they change instead, so a large healthy pool is not one.
  settings_.diagnose.suspect_count = std::numeric_limits<uint64_t>::max();
}

void TargetTracker::SetCount(uint64_t fp, Fp& f, uint64_t count, UnixMs t_ms) {
  if (f.steps.empty() || f.steps.back().value != count) {
    f.steps.push_back({t_ms, count});
    if (f.steps.size() > settings_.max_points) f.steps.erase(f.steps.begin());
  }
  if (count > f.baseline) {
    if (f.above_run == 0) f.above_since = t_ms;
    ++f.above_run;
  } else {
    f.above_run = 0;
    if (f.suspect) {  // back to where it started: the goroutines went away
      f.suspect = false;
      f.persisting = 0;
      diagnoses_changed_ = true;
    }
  }
  f.last = count;
  f.max = std::max(f.max, count);
  (void)fp;
}

SampleRecord TargetTracker::AddSample(UnixMs t_ms, double latency_ms, const ReadResult& profile) {
  SampleRecord rec;
  rec.target = target_.name;
  rec.t_ms = t_ms;
  rec.latency_ms = latency_ms;
  const Symbols& sym = *profile.symbols;
  std::vector<const Snapshot*> snaps = Pointers(profile);
  BucketOptions opts;
  opts.top_frames = settings_.fingerprint_frames;
  opts.include_runtime = true;
  BucketReport report = HideRuntime(BuildBuckets(sym, snaps, opts));
  uint64_t total = Total(profile);
  bool first = samples_ == 0;

  std::unordered_set<uint64_t> seen;
  std::map<std::string, uint64_t> by_category;
  if (report.hidden) by_category[CategoryName(Category::kRuntime)] = report.hidden;
  for (const Bucket& b : report.buckets) {
    Fp& f = fps_[b.fingerprint];
    if (!f.described) {
      f.info = Describe(sym, b, false);
      f.described = true;
      changed_.push_back(b.fingerprint);
    }
    if (first) f.baseline = b.count;
    SetCount(b.fingerprint, f, b.count, t_ms);
    seen.insert(b.fingerprint);
    by_category[f.info.category] += b.count;
    rec.bucket_counts.emplace_back(b.fingerprint, b.count);
  }
  for (auto it = fps_.begin(); it != fps_.end();) {
    if (!seen.count(it->first)) {
      SetCount(it->first, it->second, 0, t_ms);
      // Forget buckets that came and went long ago: a busy service makes
      // many short-lived stacks, and memory must not grow with them.
      const Fp& f = it->second;
      if (f.baseline == 0 && !f.suspect && !f.steps.empty() &&
          t_ms - f.steps.back().t_ms > 10 * 60 * 1000) {
        it = fps_.erase(it);
        continue;
      }
    }
    ++it;
  }

  ++samples_;
  consecutive_errors_ = 0;
  up_ = true;
  last_latency_ms_ = latency_ms;
  last_profile_ms_ = latency_ms;
  last_profile_t_ = t_ms;
  if (first) range_.first = total;
  range_.last = total;
  range_.max = std::max(range_.max, total);
  by_category_ = by_category;
  totals_.push_back({t_ms, total});
  if (totals_.size() > settings_.max_points) totals_.erase(totals_.begin());
  rec.total = total;
  rec.by_category = std::move(by_category);
  return rec;
}

void TargetTracker::AddTotal(UnixMs t_ms, double latency_ms, uint64_t total) {
  consecutive_errors_ = 0;
  up_ = true;
  last_latency_ms_ = latency_ms;
  range_.last = total;
  range_.max = std::max(range_.max, total);
  totals_.push_back({t_ms, total});
  if (totals_.size() > settings_.max_points) totals_.erase(totals_.begin());
}

long TargetTracker::ProfileIntervalMs() const {
  if (settings_.max_duty <= 0) return 0;
  return static_cast<long>(last_profile_ms_ / settings_.max_duty);
}

bool TargetTracker::WantsBucketSample(UnixMs now_ms) const {
  if (!index_available_ || samples_ == 0) return true;
  return now_ms - last_profile_t_ >= ProfileIntervalMs();
}

SampleRecord TargetTracker::AddError(UnixMs t_ms, double latency_ms, const std::string& error) {
  ++errors_;
  ++consecutive_errors_;
  up_ = false;
  last_error_ = error;
  last_error_ms_ = t_ms;
  last_latency_ms_ = latency_ms;
  SampleRecord rec;
  rec.target = target_.name;
  rec.t_ms = t_ms;
  rec.latency_ms = latency_ms;
  rec.error = error;
  return rec;
}

bool TargetTracker::Candidate(const Fp& f, UnixMs now_ms) const {
  return f.above_run >= settings_.suspect_samples &&
         now_ms - f.above_since >= settings_.suspect_min_ms;
}

bool TargetTracker::Blocking(const Fp& f) const {
  const std::string& c = f.info.category;
  bool waits = c == CategoryName(Category::kChannel) || c == CategoryName(Category::kSelect) ||
               c == CategoryName(Category::kLock) || c == CategoryName(Category::kWaitGroup) ||
               c == CategoryName(Category::kCond);
  return waits && !f.info.location.function.empty() && !IsStdlibFunction(f.info.location.function);
}

bool TargetTracker::MayLeak(const Fp& f) const {
  // debug=1 shows no runtime frames, so a parked channel or select wait is
  // "unknown" there; locks, I/O, sleeps and syscalls are still told apart.
  const std::string& c = f.info.category;
  bool unnamed = c == CategoryName(Category::kUnknown) || c == CategoryName(Category::kOther);
  return Blocking(f) || (unnamed && !f.info.location.function.empty() &&
                         !IsStdlibFunction(f.info.location.function));
}

bool TargetTracker::WantsFullDump(UnixMs now_ms) const {
  // Not even one at start to learn what buckets wait on: at 100,000
  // goroutines a full dump stops the target for most of a second.
  if (samples_ == 0 || !up_) return false;
  // A full dump stops the world for a time that grows with the goroutines
  // (about 0.6 s at 100,000): larger targets get them less often.
  int64_t scale = std::max<int64_t>(1, static_cast<int64_t>(range_.last / 10000));
  if (full_dumps_ > 0 && now_ms - last_full_ms_ < settings_.full_dump_min_interval_ms * scale)
    return false;
  for (const auto& [fp, f] : fps_) {
    if (f.suspect || !Candidate(f, now_ms)) continue;
    if (!MayLeak(f)) continue;  // known not to be a leak shape
    if (f.ids.empty() || now_ms - f.ids_t >= settings_.suspect_min_ms) return true;
  }
  return false;
}

void TargetTracker::AddFullDump(UnixMs t_ms, const ReadResult& dump) {
  const Symbols& sym = *dump.symbols;
  std::vector<const Snapshot*> snaps = Pointers(dump);
  BucketOptions opts;
  opts.top_frames = settings_.fingerprint_frames;
  opts.include_runtime = true;
  BucketReport report = HideRuntime(BuildBuckets(sym, snaps, opts));
  std::unordered_set<uint64_t> seen;
  for (const Bucket& b : report.buckets) {
    Fp& f = fps_[b.fingerprint];
    BucketInfo info = Describe(sym, b, true);
    if (!f.from_full || info.category != f.info.category || info.state != f.info.state ||
        info.created_by.has_value() != f.info.created_by.has_value()) {
      changed_.push_back(b.fingerprint);
    }
    f.info = std::move(info);
    f.described = f.from_full = true;
    std::vector<uint64_t> ids = b.goroutine_ids;
    std::sort(ids.begin(), ids.end());
    bool compared = false;
    if (f.ids_t > 0 && t_ms - f.ids_t >= settings_.suspect_min_ms) {
      std::vector<uint64_t> both;
      std::set_intersection(f.ids.begin(), f.ids.end(), ids.begin(), ids.end(),
                            std::back_inserter(both));
      f.persisting = both.size();
      compared = true;
    }
    if (b.wait.max >= 1) f.persisting = std::max<uint64_t>(f.persisting, b.count);
    if (compared && f.persisting <= f.baseline) {
      f.cleared = true;
      f.cleared_at = std::max(f.last, b.count);
    }
    f.ids = std::move(ids);
    f.ids_t = t_ms;
    seen.insert(b.fingerprint);
  }
  for (auto& [fp, f] : fps_) {
    if (seen.count(fp)) continue;
    f.ids.clear();
    f.ids_t = t_ms;
    f.persisting = 0;
  }
  for (auto& [fp, f] : fps_) {
    // Goroutines of the baseline (a pool that was there from the start) may
    // persist too; only more than that is evidence.
    if (!f.suspect && Candidate(f, t_ms) && Blocking(f) && f.persisting > f.baseline) {
      f.suspect = true;
      diagnoses_changed_ = true;
    }
  }

  dump_diagnoses_.clear();
  for (Diagnosis& d : DiagnoseDump(dump)) {
    if (d.id == "DUMP010") continue;  // watch's own series say more
    dump_diagnoses_.push_back(std::move(d));
  }
  diagnoses_changed_ = true;
  last_full_ms_ = t_ms;
  ++full_dumps_;
}

std::vector<Diagnosis> TargetTracker::DiagnoseDump(const ReadResult& dump) const {
  const Symbols& sym = *dump.symbols;
  std::vector<const Snapshot*> snaps = Pointers(dump);
  BucketOptions opts;
  opts.include_runtime = true;
  BucketReport full = BuildBuckets(sym, snaps, opts);
  DiagnosisInput in{sym, full, snaps, settings_.diagnose, nullptr};
  std::vector<Diagnosis> found = Diagnose(in);
  RenameBuckets(sym, full, settings_.fingerprint_frames, found);
  return found;
}

bool TargetTracker::WantsLeakProfile(UnixMs now_ms) const {
  if (settings_.leak_profile_interval_ms <= 0 || leak_profile_absent_ || !up_) return false;
  return !leak_asked_ || now_ms - last_leak_ms_ >= settings_.leak_profile_interval_ms;
}

void TargetTracker::AddLeakProfile(UnixMs t_ms, const ReadResult* profile, bool available) {
  last_leak_ms_ = t_ms;
  leak_asked_ = true;
  if (!available) {
    leak_profile_absent_ = true;
    return;
  }
  if (!profile) return;
  ++leak_reads_;
  leak_diagnoses_.clear();
  for (Diagnosis& d : DiagnoseDump(*profile)) {
    if (d.id == "DUMP000") leak_diagnoses_.push_back(std::move(d));
  }
  diagnoses_changed_ = true;
}

std::vector<BucketInfo> TargetTracker::TakeChangedBuckets() {
  std::vector<BucketInfo> out;
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  for (uint64_t fp : changed_) {
    auto it = fps_.find(fp);
    if (it != fps_.end()) out.push_back(it->second.info);
  }
  changed_.clear();
  return out;
}

bool TargetTracker::TakeDiagnosesChanged() {
  bool c = diagnoses_changed_;
  diagnoses_changed_ = false;
  return c;
}

Diagnosis TargetTracker::SuspectDiagnosis(const Fp& f) const {
  const RuleInfo& info = InfoOf("DUMP002");
  Diagnosis d;
  d.id = info.id;
  d.slug = info.slug;
  d.severity = Severity::kWarning;
  d.location = f.info.location;
  d.created_by = f.info.created_by;
  d.bucket_ids = {f.info.fingerprint};
  d.goroutines = f.last;
  uint64_t excess = f.last > f.baseline ? f.last - f.baseline : 0;
  double seconds = totals_.empty() ? 0 : (totals_.back().t_ms - f.above_since) / 1000.0;
  d.score = GrowthScore(f.baseline, f.last) * (1.0 + std::min(seconds, 3600.0) / 600.0);
  if (f.last >= 2 * std::max<uint64_t>(1, f.baseline) && excess >= settings_.diagnose.growth_min)
    d.severity = Severity::kError;
  std::string wait = f.info.state.empty() ? f.info.category : f.info.state;
  d.message = Plural(f.last, "goroutine") + " blocked in " + wait + " at " +
              ShortPlace(d.location) + " (" + std::to_string(f.baseline) +
              " when watch started, +" + std::to_string(excess) + " for " +
              std::to_string(static_cast<int64_t>(seconds)) + " s; " +
              std::to_string(f.persisting > f.baseline ? f.persisting - f.baseline : 0) +
              " of them seen stuck in two dumps)" +
              (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "") +
              ": a leak (a send or receive nobody will complete)";
  return d;
}

std::vector<Diagnosis> TargetTracker::GrowthDiagnoses() const {
  std::vector<Diagnosis> out;
  if (totals_.size() < 3) return out;
  // Five equal spans over what was watched; the lowest count of each span,
  // so goroutines that come and go under load do not look like growth and a
  // leak, which never gives back, does.
  const size_t kSpans = 5;
  UnixMs begin = totals_.front().t_ms, end = totals_.back().t_ms;
  if (end <= begin) return out;
  const RuleInfo& info = InfoOf("DUMP010");
  for (const auto& [fp, f] : fps_) {
    if (f.last < settings_.diagnose.growth_min || f.steps.empty()) continue;
    std::vector<uint64_t> series(kSpans, std::numeric_limits<uint64_t>::max());
    for (size_t i = 0; i < kSpans; ++i) {
      UnixMs a = begin + (end - begin) * static_cast<int64_t>(i) / kSpans;
      UnixMs b = begin + (end - begin) * static_cast<int64_t>(i + 1) / kSpans;
      uint64_t at_a = 0;  // the count in force at the span's start
      for (const TimePoint& p : f.steps) {
        if (p.t_ms <= a) at_a = p.value;
      }
      uint64_t low = at_a;
      for (const TimePoint& p : f.steps) {
        if (p.t_ms > a && p.t_ms <= b) low = std::min(low, p.value);
      }
      series[i] = low;
    }
    series.push_back(f.last);
    if (!IsGrowthSeries(series, settings_.diagnose.growth_min)) continue;
    Diagnosis d;
    d.id = info.id;
    d.slug = info.slug;
    d.severity = Severity::kWarning;
    d.location = f.info.location;
    d.created_by = f.info.created_by;
    d.bucket_ids = {fp};
    d.goroutines = f.last;
    d.score = GrowthScore(series.front(), series.back());
    std::string text;
    for (size_t i = 0; i < series.size(); ++i)
      text += (i ? " -> " : "") + std::to_string(series[i]);
    d.message = "grew " + text + " goroutines over " + std::to_string((end - begin) / 1000) +
                " s, at " + ShortPlace(d.location) +
                (f.info.state.empty() ? "" : " in " + f.info.state) +
                (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "");
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<TimePoint> TargetTracker::Expand(const Fp& f) const {
  std::vector<TimePoint> out;
  out.reserve(totals_.size());
  size_t s = 0;
  uint64_t v = 0;
  for (const TimePoint& t : totals_) {
    while (s < f.steps.size() && f.steps[s].t_ms <= t.t_ms)
      v = f.steps[s++].value;
    out.push_back({t.t_ms, v});
  }
  return out;
}

TargetReport TargetTracker::Report() const {
  TargetReport r;
  r.name = target_.name;
  r.url = target_.url;
  r.samples = samples_;
  r.errors = errors_;
  r.last_error = last_error_;
  r.last_error_ms = last_error_ms_;
  r.up = up_;
  r.last_latency_ms = last_latency_ms_;
  r.full_dumps = full_dumps_;
  r.leak_profile_reads = leak_reads_;
  r.goroutines = range_;
  r.by_category = by_category_;
  r.totals = totals_;

  std::vector<const Fp*> order;
  for (const auto& [fp, f] : fps_) {
    if (f.last > 0 || f.suspect) order.push_back(&f);
  }
  auto growth = [](const Fp* f) {
    return static_cast<int64_t>(f->last) - static_cast<int64_t>(f->baseline);
  };
  std::sort(order.begin(), order.end(), [&](const Fp* a, const Fp* b) {
    if (a->suspect != b->suspect) return a->suspect;
    if (growth(a) != growth(b)) return growth(a) > growth(b);
    if (a->last != b->last) return a->last > b->last;
    return a->info.fingerprint < b->info.fingerprint;
  });
  if (order.size() > settings_.top_buckets) order.resize(settings_.top_buckets);
  for (const Fp* f : order) {
    BucketTrend t;
    t.info = f->info;
    t.counts = Expand(*f);
    t.baseline = f->baseline;
    t.last = f->last;
    t.max = f->max;
    t.suspect = f->suspect;
    r.buckets.push_back(std::move(t));
  }

  std::unordered_set<uint64_t> suspects;
  for (const auto& [fp, f] : fps_) {
    if (!f.suspect) continue;
    suspects.insert(fp);
    r.diagnoses.push_back(SuspectDiagnosis(f));
  }
  for (Diagnosis& d : GrowthDiagnoses())
    r.diagnoses.push_back(std::move(d));
  for (const Diagnosis& d : dump_diagnoses_) {
    bool covered = d.id == "DUMP002" && !d.bucket_ids.empty() && suspects.count(d.bucket_ids[0]);
    if (!covered) r.diagnoses.push_back(d);
  }
  for (const Diagnosis& d : leak_diagnoses_)
    r.diagnoses.push_back(d);
  std::stable_sort(r.diagnoses.begin(), r.diagnoses.end(), DiagnosisMoreImportant);
  return r;
}

long TargetTracker::NextIntervalMs() const {
  if (consecutive_errors_ > 0) {
    long backoff = settings_.interval_ms;
    for (uint32_t i = 1; i < consecutive_errors_ && backoff < settings_.max_backoff_ms; ++i)
      backoff *= 2;
    return std::min(backoff, settings_.max_backoff_ms);
  }
  long interval = range_.last > settings_.slow_above
                      ? std::max(settings_.interval_ms, settings_.slow_interval_ms)
                      : settings_.interval_ms;
  // The runtime records every goroutine's stack for a profile: at 100,000
  // goroutines that takes the target a few hundred ms. Keep that work under
  // max_duty of the target's time. With the index page, ticks in between
  // read only the count (WantsBucketSample); without it, every tick is a
  // profile and the ticks slow down instead.
  if (!index_available_) interval = std::max(interval, ProfileIntervalMs());
  return interval;
}

}  // namespace gopit::watch
