// The watch loop: one thread per target samples it (fetch -> parse ->
// tracker), records to the history store, evaluates alerts and hands their
// transitions to the printer and the webhook. A slow or dead target only
// delays itself.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analysis/watch_report.h"
#include "watch/alerts.h"
#include "watch/history_store.h"
#include "watch/settings.h"
#include "watch/target.h"
#include "watch/tracker.h"

namespace gopit::watch {

class Watcher {
 public:
  // Called (from a target's thread, never two at once) with the alert
  // transitions of one target's tick (a warning resolved and a critical
  // fired by the same escalation arrive together), and for every failed
  // sample, to print and send them.
  struct Hooks {
    std::function<void(const std::vector<AlertEvent>&)> on_alerts;
    std::function<void(const std::string& target, const std::string& error)> on_sample_error;
    std::function<void(const std::string& message)> on_store_error;
  };

  // `store` may be null (--no-db).
  Watcher(std::vector<Target> targets, WatchSettings settings, HistoryStore* store, Hooks hooks);
  ~Watcher();  // stops and joins
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  void Start();
  // Asks every target's loop to end and waits for them.
  void Stop();

  // Everything known now (the live page, /metrics, the final report).
  WatchReport Report() const;
  // Every alert fired so far.
  std::vector<AlertEvent> Alerts() const;
  // Deletes history older than `before_ms` (retention).
  void PruneHistory(UnixMs before_ms);
  // Whether any target answered at least once.
  bool AnyAnswered() const;

 private:
  struct TargetState;
  void Loop(TargetState& t);
  void SampleOnce(TargetState& t);
  void Record(const std::function<bool(std::string*)>& write);

  WatchSettings settings_;
  HistoryStore* store_;
  Hooks hooks_;
  std::vector<std::unique_ptr<TargetState>> targets_;
  UnixMs started_ms_ = 0;

  mutable std::mutex mu_;  // guards trackers, alerts_ and the store
  AlertTracker alerts_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

UnixMs NowMs();

}  // namespace gopit::watch
