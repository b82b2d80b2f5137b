// The history of `gopit watch` in an embedded SQLite database: samples, the
// count of every bucket over time, bucket descriptions, diagnoses and alerts.
//
// Contract: every Record* call is one committed transaction, so a process
// killed at any moment loses at most the sample it was writing; the
// database is in WAL mode and another process may read it (`gopit history`)
// while watch writes. Errors never throw: calls return false and set
// *error. A HistoryStore is used from one thread at a time (the caller
// serialises).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/watch_report.h"
#include "watch/sample.h"

namespace gopit::watch {

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // Opens (creating it and its directory when missing) the database at
  // `path`. Null with *error on failure: not SQLite, another program's
  // SQLite database, or a history schema newer than this gopit's. A reader
  // that must not create a file (`gopit history`) checks it exists first.
  static std::unique_ptr<HistoryStore> Open(const std::string& path, std::string* error);

  // The target as watched (name and URL; the URL is stored without any
  // user:password part).
  virtual bool RecordTarget(const std::string& name, const std::string& url,
                            std::string* error) = 0;
  virtual bool RecordSample(const SampleRecord& s, std::string* error) = 0;
  // Inserts or updates bucket descriptions of a target (by fingerprint). An
  // empty `state` keeps the state stored before (the last full dump's).
  virtual bool RecordBuckets(const std::string& target, const std::vector<BucketInfo>& buckets,
                             std::string* error) = 0;
  // The diagnoses of a target at a moment (replaces none: each call adds a
  // set; the report shows the latest set in range).
  virtual bool RecordDiagnoses(const std::string& target, UnixMs t_ms,
                               const std::vector<Diagnosis>& diagnoses, std::string* error) = 0;
  // Inserts an alert, or sets ends_at of the stored alert with the same
  // target, name, labels and starts_at.
  virtual bool RecordAlert(const AlertEvent& a, std::string* error) = 0;
  // Deletes samples, diagnoses and resolved alerts older than `before_ms`,
  // and descriptions of buckets no remaining sample counts. Firing alerts
  // and targets stay.
  virtual bool Prune(UnixMs before_ms, std::string* error) = 0;

  // Everything in [from_ms, to_ms] for one target (or all when `target` is
  // empty), shaped as the live watch reports it; buckets most important
  // first, at most `top_buckets` per target (0: all). Series (totals, bucket
  // counts) have one point per sample that answered. With `target` empty,
  // targets with no sample, diagnosis or alert in range are left out; a
  // `target` the history does not know is an error that lists those it
  // does. The report's from_ms/to_ms are the range narrowed to the samples
  // found in it. Null with *error when the file cannot be read (damaged).
  virtual std::optional<WatchReport> Load(UnixMs from_ms, UnixMs to_ms, const std::string& target,
                                          size_t top_buckets, std::string* error) = 0;
};

// $XDG_STATE_HOME/gopit/history.db, else ~/.local/state/gopit/history.db.
std::string DefaultHistoryPath();

}  // namespace gopit::watch
