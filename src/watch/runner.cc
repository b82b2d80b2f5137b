#include "watch/runner.h"

#include <chrono>

#include "dump/http_fetch.h"
#include "dump/reader.h"
#include "watch/pprof_index.h"

namespace gopit::watch {

UnixMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

double ElapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

struct Fetched {
  ReadResult result;
  std::string error;
  long status = 0;
  double fetch_ms = 0;  // the request alone: what writing the profile cost the target, roughly
};

// Fetches and parses one profile. Anything but a 2xx answer that parses as
// the expected format is an error with a reason a person can act on.
// A cut-off body is an error for the counts (`whole`): a sample built on
// part of the goroutines would look like a drop. A full dump cut off (the
// debug=2 handler stops at 64 MiB) still gives evidence for what it holds.
Fetched FetchProfile(const Target& t, const std::string& url, InputFormat expected, bool whole) {
  Fetched f;
  std::vector<std::string> headers;
  if (!RequestHeaders(t, headers, &f.error)) return f;
  auto began = std::chrono::steady_clock::now();
  FetchResult r = HttpFetch(url, t.timeout_ms, t.max_bytes, headers);
  f.fetch_ms = ElapsedMs(began);
  f.status = r.status;
  if (!r.error.empty()) {
    f.error = url + ": " + r.error;
    return f;
  }
  ReadOptions opts;
  opts.threads = 1;
  InputStatus st = ParseBytes(r.body, url, opts, f.result);
  if (!st.Ok()) {
    f.error = url + ": " + st.error;
    return f;
  }
  if (f.result.snapshots.empty() || f.result.snapshots.front().format != expected) {
    std::string got = f.result.snapshots.empty()
                          ? std::string("nothing")
                          : InputFormatName(f.result.snapshots.front().format);
    f.error = url + ": expected a " + InputFormatName(expected) + " profile, got " + got +
              (r.content_type.empty() ? "" : " (" + r.content_type + ")");
    return f;
  }
  // A body cut short parses as far as it goes; the parser says so in a
  // warning (the records fall short of the declared total, or the last line
  // is cut).
  for (const Warning& w : f.result.warnings) {
    if (whole && w.message.find("truncated") != std::string::npos) {
      f.error = url + ": " + w.message;
      return f;
    }
  }
  return f;
}

}  // namespace

struct Watcher::TargetState {
  Target target;
  TargetTracker tracker;
  // Whether /debug/pprof/ gives the count: unknown until first asked; a
  // service with its own mux may serve the profiles but not the index.
  bool index_known = false;
  bool index_available = false;
  TargetState(const Target& t, const WatchSettings& s) : target(t), tracker(t, s) {}
};

Watcher::Watcher(std::vector<Target> targets, WatchSettings settings, HistoryStore* store,
                 Hooks hooks)
    : settings_(settings),
      store_(store),
      hooks_(std::move(hooks)),
      alerts_(settings.alert_resolve_after_ms) {
  for (const Target& t : targets)
    targets_.push_back(std::make_unique<TargetState>(t, settings_));
}

Watcher::~Watcher() {
  Stop();
}

void Watcher::Record(const std::function<bool(std::string*)>& write) {
  if (!store_) return;
  std::string error;
  if (!write(&error) && hooks_.on_store_error) hooks_.on_store_error(error);
}

void Watcher::Start() {
  started_ms_ = NowMs();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : targets_) {
      Record(
          [&](std::string* e) { return store_->RecordTarget(t->target.name, t->target.url, e); });
    }
  }
  for (auto& t : targets_)
    threads_.emplace_back([this, &t] { Loop(*t); });
}

void Watcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  for (std::thread& th : threads_)
    th.join();
  threads_.clear();
}

void Watcher::Loop(TargetState& t) {
  for (;;) {
    auto began = std::chrono::steady_clock::now();
    SampleOnce(t);
    long wait_ms;
    {
      std::lock_guard<std::mutex> lock(mu_);
      wait_ms = t.tracker.NextIntervalMs();
    }
    auto next = began + std::chrono::milliseconds(wait_ms);
    std::unique_lock<std::mutex> lock(stop_mu_);
    if (stop_cv_.wait_until(lock, next, [this] { return stopping_; })) return;
  }
}

void Watcher::SampleOnce(TargetState& t) {
  auto began = std::chrono::steady_clock::now();
  UnixMs now = NowMs();
  bool want_profile = true;
  uint64_t count = 0;
  if (!t.index_known || t.index_available) {
    std::vector<std::string> headers;
    std::string error;
    bool counted = false;
    if (RequestHeaders(t.target, headers, &error)) {
      FetchResult page = HttpFetch(ProfileBase(t.target), t.target.timeout_ms, 4 << 20, headers);
      counted = page.error.empty() && ParseIndexGoroutines(page.body, count);
      // Only a definite answer settles it: a timeout says nothing.
      if (counted || page.status != 0) {
        t.index_known = true;
        t.index_available = counted;
      }
    }
    std::lock_guard<std::mutex> lock(mu_);
    t.tracker.SetIndexAvailable(t.index_available);
    want_profile = !counted || t.tracker.WantsBucketSample(now);
    if (!want_profile) t.tracker.AddTotal(now, ElapsedMs(began), count);
  }
  Fetched cheap;
  if (want_profile) {
    cheap = FetchProfile(t.target, GoroutineEndpoint(t.target, 1), InputFormat::kDebug1, true);
  }
  double latency = ElapsedMs(began);

  bool want_full = false, want_leak = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!want_profile) {
      // Counted from the index page: in the live series, not a sample.
    } else if (cheap.error.empty()) {
      SampleRecord rec = t.tracker.AddSample(now, latency, cheap.result);
      t.tracker.NoteProfileCost(cheap.fetch_ms);
      Record([&](std::string* e) { return store_->RecordSample(rec, e); });
    } else {
      SampleRecord rec = t.tracker.AddError(now, latency, cheap.error);
      Record([&](std::string* e) { return store_->RecordSample(rec, e); });
      if (hooks_.on_sample_error) hooks_.on_sample_error(t.target.name, cheap.error);
    }
    want_full = t.tracker.WantsFullDump(now);
    want_leak = t.tracker.WantsLeakProfile(now);
  }

  // The evidence fetches happen outside the lock: the live page and other
  // targets do not wait for a large dump.
  if (want_full) {
    UnixMs at = NowMs();
    Fetched full =
        FetchProfile(t.target, GoroutineEndpoint(t.target, 2), InputFormat::kTraceback, false);
    std::lock_guard<std::mutex> lock(mu_);
    if (full.error.empty()) {
      t.tracker.AddFullDump(at, full.result);
    } else if (hooks_.on_sample_error) {
      hooks_.on_sample_error(t.target.name, full.error);
    }
  }
  if (want_leak) {
    UnixMs at = NowMs();
    Fetched leak =
        FetchProfile(t.target, LeakProfileEndpoint(t.target, 1), InputFormat::kDebug1, true);
    std::lock_guard<std::mutex> lock(mu_);
    if (leak.error.empty()) {
      t.tracker.AddLeakProfile(at, &leak.result, true);
    } else {
      // 404: this Go has no goroutine-leak profile; do not ask again.
      t.tracker.AddLeakProfile(at, nullptr, leak.status != 404);
    }
  }

  std::lock_guard<std::mutex> lock(mu_);
  std::vector<BucketInfo> changed = t.tracker.TakeChangedBuckets();
  if (!changed.empty()) {
    Record([&](std::string* e) { return store_->RecordBuckets(t.target.name, changed, e); });
  }
  TargetReport report = t.tracker.Report();
  if (t.tracker.TakeDiagnosesChanged()) {
    Record([&](std::string* e) {
      return store_->RecordDiagnoses(t.target.name, now, report.diagnoses, e);
    });
  }
  std::vector<AlertCondition> conditions =
      EvaluateConditions(report, t.tracker.consecutive_errors(), settings_);
  std::vector<AlertEvent> changed_alerts = alerts_.Update(t.target.name, conditions, NowMs());
  for (const AlertEvent& a : changed_alerts) {
    Record([&](std::string* e) { return store_->RecordAlert(a, e); });
  }
  if (!changed_alerts.empty() && hooks_.on_alerts) hooks_.on_alerts(changed_alerts);
}

WatchReport Watcher::Report() const {
  std::lock_guard<std::mutex> lock(mu_);
  WatchReport r;
  r.from_ms = started_ms_;
  r.to_ms = NowMs();
  for (const auto& t : targets_) {
    TargetReport tr = t->tracker.Report();
    for (const AlertEvent& a : alerts_.All()) {
      if (a.target == tr.name) tr.alerts.push_back(a);
    }
    r.targets.push_back(std::move(tr));
  }
  return r;
}

std::vector<AlertEvent> Watcher::Alerts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return alerts_.All();
}

void Watcher::PruneHistory(UnixMs before_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Record([&](std::string* e) { return store_->Prune(before_ms, e); });
}

bool Watcher::AnyAnswered() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& t : targets_) {
    if (t->tracker.Report().samples > 0) return true;
  }
  return false;
}

}  // namespace gopit::watch
