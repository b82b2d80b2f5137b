// The history store on SQLite. Schema (version 1, PRAGMA user_version):
//
//   targets(name PRIMARY KEY, url)                   url without user:password
//   samples(id, target, t_ms, latency_ms, error, total, by_category JSON)
//   bucket_counts(sample_id, fingerprint, count)     clustered by sample
//   buckets(target, fingerprint, category, state, file, line, function,
//           created_file, created_line, created_function, stack JSON,
//           first_seen, last_seen)                    one row per bucket
//   diagnosis_sets(id, target, t_ms)                 one per RecordDiagnoses
//   diagnoses(set_id, position, rule, severity, json)
//   alerts(id, target, name, labels JSON, severity, summary, description,
//          starts_at, ends_at)                        ends_at 0 while firing
//
// Fingerprints are uint64 but SQLite integers are signed 64-bit: they are
// stored bit-cast to int64, so half of them read back negative in the sqlite3
// shell. docs/history.md says so for people querying the file directly.
#include "watch/history_store.h"

#include <pwd.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace gopit::watch {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;
// "gopt": marks the file as a gopit history, so that another program's
// SQLite database is refused instead of having our tables added to it.
constexpr int32_t kApplicationId = 0x676f7074;

int64_t ToSql(uint64_t fingerprint) {
  return std::bit_cast<int64_t>(fingerprint);
}
uint64_t FromSql(int64_t v) {
  return std::bit_cast<uint64_t>(v);
}

// Removes "user:password@" from the authority of a URL; anything else is
// kept as it was given.
std::string StripUserInfo(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  size_t at = url.rfind('@', end == 0 ? 0 : end - 1);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

UnixMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char kSchema[] = R"sql(
CREATE TABLE targets(
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL
);
CREATE TABLE samples(
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL,
  t_ms INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  error TEXT NOT NULL,
  total INTEGER NOT NULL,
  by_category TEXT NOT NULL
);
CREATE INDEX samples_by_target_time ON samples(target, t_ms);
CREATE INDEX samples_by_time ON samples(t_ms);
CREATE TABLE bucket_counts(
  sample_id INTEGER NOT NULL,
  fingerprint INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY(sample_id, fingerprint)
) WITHOUT ROWID;
CREATE TABLE buckets(
  target TEXT NOT NULL,
  fingerprint INTEGER NOT NULL,
  category TEXT NOT NULL,
  state TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  function TEXT NOT NULL,
  created_file TEXT,
  created_line INTEGER,
  created_function TEXT,
  stack TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY(target, fingerprint)
);
CREATE TABLE diagnosis_sets(
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL,
  t_ms INTEGER NOT NULL
);
CREATE INDEX diagnosis_sets_by_target_time ON diagnosis_sets(target, t_ms);
CREATE TABLE diagnoses(
  set_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY(set_id, position)
) WITHOUT ROWID;
CREATE TABLE alerts(
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL,
  name TEXT NOT NULL,
  labels TEXT NOT NULL,
  severity TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  UNIQUE(target, name, labels, starts_at)
);
CREATE INDEX alerts_by_target_time ON alerts(target, starts_at);
)sql";

// A prepared statement, reset after every use so it holds no read lock
// between calls.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  bool Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) == SQLITE_OK;
  }
  sqlite3_stmt* get() const { return s_; }

  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    const unsigned char* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// Resets a statement when leaving a scope, whatever the way out.
class Using {
 public:
  explicit Using(Stmt& s) : s_(s) {}
  ~Using() { s_.Reset(); }
  Using(const Using&) = delete;
  Using& operator=(const Using&) = delete;

 private:
  Stmt& s_;
};

json LocationJson(const CodeLocation& l) {
  return json{{"file", l.file}, {"line", l.line}, {"function", l.function}};
}

CodeLocation LocationFrom(const json& j) {
  CodeLocation l;
  l.file = j.value("file", "");
  l.line = j.value("line", 0);
  l.function = j.value("function", "");
  return l;
}

json DiagnosisJson(const Diagnosis& d) {
  json j{{"id", d.id},
         {"slug", d.slug},
         {"severity", SeverityName(d.severity)},
         {"message", d.message},
         {"score", d.score},
         {"location", LocationJson(d.location)},
         {"goroutines", d.goroutines}};
  if (d.created_by) j["created_by"] = LocationJson(*d.created_by);
  // As text: JSON numbers past 2^53 lose digits in most readers.
  json ids = json::array();
  for (uint64_t id : d.bucket_ids)
    ids.push_back(std::to_string(id));
  j["bucket_ids"] = std::move(ids);
  return j;
}

Diagnosis DiagnosisFrom(const json& j) {
  Diagnosis d;
  d.id = j.value("id", "");
  d.slug = j.value("slug", "");
  Severity sev = Severity::kWarning;
  if (ParseSeverity(j.value("severity", "warning"), sev)) d.severity = sev;
  d.message = j.value("message", "");
  d.score = j.value("score", 0.0);
  if (j.contains("location")) d.location = LocationFrom(j["location"]);
  if (j.contains("created_by")) d.created_by = LocationFrom(j["created_by"]);
  d.goroutines = j.value("goroutines", uint64_t{0});
  if (j.contains("bucket_ids")) {
    for (const json& id : j["bucket_ids"])
      d.bucket_ids.push_back(std::strtoull(id.get<std::string>().c_str(), nullptr, 10));
  }
  return d;
}

// What a bucket's count did over the samples of a range: sparse until the
// bucket is chosen for the report.
struct Series {
  uint64_t fingerprint = 0;
  std::vector<std::pair<uint32_t, uint64_t>> points;  // sample index, count
  uint64_t baseline = 0;
  uint64_t last = 0;
  uint64_t max = 0;
  bool suspect = false;
};

class SqliteHistoryStore final : public HistoryStore {
 public:
  SqliteHistoryStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteHistoryStore() override {
    statements_.clear();
    sqlite3_close_v2(db_);
  }

  bool Init(std::string* error);

  bool RecordTarget(const std::string& name, const std::string& url, std::string* error) override;
  bool RecordSample(const SampleRecord& s, std::string* error) override;
  bool RecordBuckets(const std::string& target, const std::vector<BucketInfo>& buckets,
                     std::string* error) override;
  bool RecordDiagnoses(const std::string& target, UnixMs t_ms,
                       const std::vector<Diagnosis>& diagnoses, std::string* error) override;
  bool RecordAlert(const AlertEvent& a, std::string* error) override;
  bool Prune(UnixMs before_ms, std::string* error) override;
  std::optional<WatchReport> Load(UnixMs from_ms, UnixMs to_ms, const std::string& target,
                                  size_t top_buckets, std::string* error) override;

 private:
  // Sets *error to what failed, naming the file; SQLite's own words are
  // kept after ours.
  bool Fail(const std::string& what, std::string* error) const;
  bool Exec(const char* sql, std::string* error);
  Stmt* Prepared(const char* sql, std::string* error);
  bool Begin(bool write, std::string* error);
  bool Commit(std::string* error);
  void Rollback();
  bool LoadTarget(const std::string& name, UnixMs from_ms, UnixMs to_ms, size_t top_buckets,
                  TargetReport& t, bool& any, std::string* error);

  sqlite3* db_;
  std::string path_;
  // Keyed by the SQL text's address: every statement is a literal.
  std::unordered_map<const char*, std::unique_ptr<Stmt>> statements_;
};

bool SqliteHistoryStore::Fail(const std::string& what, std::string* error) const {
  if (!error) return false;
  int code = sqlite3_extended_errcode(db_) & 0xff;
  std::string why = sqlite3_errmsg(db_);
  if (code == SQLITE_NOTADB) {
    *error = path_ + ": not a SQLite database (" + why + ")";
  } else if (code == SQLITE_CORRUPT) {
    *error = path_ + ": the history database is damaged (" + why +
             "); move it away and let gopit watch start a new one";
  } else if (code == SQLITE_BUSY) {
    *error = path_ + ": " + what + ": the database stayed locked by another process (" + why + ")";
  } else {
    *error = path_ + ": " + what + ": " + why;
  }
  return false;
}

bool SqliteHistoryStore::Exec(const char* sql, std::string* error) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return Fail(sql, error);
  return true;
}

Stmt* SqliteHistoryStore::Prepared(const char* sql, std::string* error) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second.get();
  auto s = std::make_unique<Stmt>();
  if (!s->Prepare(db_, sql)) {
    Fail("preparing a statement", error);
    return nullptr;
  }
  Stmt* raw = s.get();
  statements_.emplace(sql, std::move(s));
  return raw;
}

bool SqliteHistoryStore::Begin(bool write, std::string* error) {
  // IMMEDIATE takes the write lock up front: a deferred transaction that
  // later needs it could fail with SQLITE_BUSY without waiting.
  Stmt* s = Prepared(write ? "BEGIN IMMEDIATE" : "BEGIN", error);
  if (!s) return false;
  Using u(*s);
  if (s->Step() != SQLITE_DONE) return Fail("starting a transaction", error);
  return true;
}

bool SqliteHistoryStore::Commit(std::string* error) {
  Stmt* s = Prepared("COMMIT", error);
  if (!s) return false;
  Using u(*s);
  if (s->Step() != SQLITE_DONE) {
    Fail("committing", error);
    Rollback();
    return false;
  }
  return true;
}

void SqliteHistoryStore::Rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool SqliteHistoryStore::Init(std::string* error) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  // The first read of the file: here a file that is not SQLite is found.
  Stmt probe;
  if (!probe.Prepare(db_,
                     "SELECT (SELECT user_version FROM pragma_user_version),"
                     " (SELECT application_id FROM pragma_application_id),"
                     " (SELECT count(*) FROM sqlite_master)") ||
      probe.Step() != SQLITE_ROW)
    return Fail("reading the schema", error);
  int64_t version = probe.Int(0);
  int64_t app = probe.Int(1);
  int64_t objects = probe.Int(2);
  probe.Reset();
  // Refused before any pragma below changes another program's file.
  if ((objects > 0 || version != 0) && app != kApplicationId) {
    if (error) *error = path_ + ": a SQLite database, but not a gopit history";
    return false;
  }
  if (version > kSchemaVersion) {
    if (error)
      *error = path_ + ": written by a newer gopit (history schema " + std::to_string(version) +
               ", this gopit reads up to " + std::to_string(kSchemaVersion) +
               "); upgrade gopit or use another --db";
    return false;
  }
  // Only an empty file can take it: lets Prune hand freed pages back.
  if (objects == 0 && !Exec("PRAGMA auto_vacuum=INCREMENTAL", error)) return false;
  // synchronous=NORMAL in WAL mode: a commit is in the WAL file before the
  // call returns, so a killed process loses nothing committed; only a power
  // loss can take back the last commits, and never corrupts the file.
  if (!Exec("PRAGMA journal_mode=WAL", error) || !Exec("PRAGMA synchronous=NORMAL", error) ||
      !Exec("PRAGMA cache_size=-16384", error))
    return false;
  if (version == kSchemaVersion) return true;
  // A new file, or one another process is creating right now: decide again
  // under the write lock.
  if (!Exec("BEGIN IMMEDIATE", error)) return false;
  if (probe.Step() != SQLITE_ROW) {
    Fail("reading the schema", error);
    Rollback();
    return false;
  }
  version = probe.Int(0);
  objects = probe.Int(2);
  probe.Reset();
  if (version == kSchemaVersion) return Exec("COMMIT", error);
  if (objects > 0) {
    Rollback();
    if (error) *error = path_ + ": a SQLite database, but not a gopit history";
    return false;
  }
  std::string create = std::string(kSchema) +
                       "PRAGMA application_id=" + std::to_string(kApplicationId) +
                       ";PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";";
  if (sqlite3_exec(db_, create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    Fail("creating the schema", error);
    Rollback();
    return false;
  }
  return Exec("COMMIT", error);
}

bool SqliteHistoryStore::RecordTarget(const std::string& name, const std::string& url,
                                      std::string* error) {
  Stmt* s = Prepared(
      "INSERT INTO targets(name, url) VALUES(?1, ?2)"
      " ON CONFLICT(name) DO UPDATE SET url = excluded.url",
      error);
  if (!s) return false;
  Using u(*s);
  s->Bind(1, name).Bind(2, StripUserInfo(url));
  if (s->Step() != SQLITE_DONE) return Fail("recording target " + name, error);
  return true;
}

bool SqliteHistoryStore::RecordSample(const SampleRecord& r, std::string* error) {
  Stmt* sample = Prepared(
      "INSERT INTO samples(target, t_ms, latency_ms, error, total, by_category)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
      error);
  Stmt* count = Prepared(
      "INSERT OR REPLACE INTO bucket_counts(sample_id, fingerprint, count) VALUES(?1, ?2, ?3)",
      error);
  if (!sample || !count) return false;
  json cats = json::object();
  for (const auto& [name, n] : r.by_category)
    cats[name] = n;
  if (!Begin(true, error)) return false;
  {
    Using u(*sample);
    sample->Bind(1, r.target)
        .Bind(2, r.t_ms)
        .Bind(3, r.latency_ms)
        .Bind(4, r.error)
        .Bind(5, static_cast<int64_t>(r.total))
        .Bind(6, cats.dump());
    if (sample->Step() != SQLITE_DONE) {
      Fail("recording a sample of " + r.target, error);
      Rollback();
      return false;
    }
  }
  int64_t id = sqlite3_last_insert_rowid(db_);
  for (const auto& [fp, n] : r.bucket_counts) {
    Using u(*count);
    count->Bind(1, id).Bind(2, ToSql(fp)).Bind(3, static_cast<int64_t>(n));
    if (count->Step() != SQLITE_DONE) {
      Fail("recording bucket counts of " + r.target, error);
      Rollback();
      return false;
    }
  }
  return Commit(error);
}

bool SqliteHistoryStore::RecordBuckets(const std::string& target,
                                       const std::vector<BucketInfo>& buckets, std::string* error) {
  // first_seen and last_seen are in the time of the target's samples (a
  // test or a replay may not run on the wall clock); the wall clock only
  // when the target has none yet.
  Stmt* latest = Prepared("SELECT max(t_ms) FROM samples WHERE target = ?1", error);
  Stmt* upsert = Prepared(
      "INSERT INTO buckets(target, fingerprint, category, state, file, line, function,"
      " created_file, created_line, created_function, stack, first_seen, last_seen)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)"
      " ON CONFLICT(target, fingerprint) DO UPDATE SET category = excluded.category,"
      " state = CASE WHEN excluded.state = '' THEN buckets.state ELSE excluded.state END,"
      " file = excluded.file, line = excluded.line, function = excluded.function,"
      " created_file = excluded.created_file, created_line = excluded.created_line,"
      " created_function = excluded.created_function, stack = excluded.stack,"
      " last_seen = max(buckets.last_seen, excluded.last_seen)",
      error);
  if (!latest || !upsert) return false;
  if (!Begin(true, error)) return false;
  UnixMs seen = 0;
  {
    Using u(*latest);
    latest->Bind(1, target);
    if (latest->Step() != SQLITE_ROW) {
      Fail("reading samples of " + target, error);
      Rollback();
      return false;
    }
    seen = latest->IsNull(0) ? NowMs() : latest->Int(0);
  }
  for (const BucketInfo& b : buckets) {
    Using u(*upsert);
    json stack = b.stack;
    upsert->Bind(1, target)
        .Bind(2, ToSql(b.fingerprint))
        .Bind(3, b.category)
        .Bind(4, b.state)
        .Bind(5, b.location.file)
        .Bind(6, int64_t{b.location.line})
        .Bind(7, b.location.function)
        .Bind(11, stack.dump())
        .Bind(12, seen);
    if (b.created_by) {
      upsert->Bind(8, b.created_by->file)
          .Bind(9, int64_t{b.created_by->line})
          .Bind(10, b.created_by->function);
    } else {
      upsert->BindNull(8).BindNull(9).BindNull(10);
    }
    if (upsert->Step() != SQLITE_DONE) {
      Fail("recording buckets of " + target, error);
      Rollback();
      return false;
    }
  }
  return Commit(error);
}

bool SqliteHistoryStore::RecordDiagnoses(const std::string& target, UnixMs t_ms,
                                         const std::vector<Diagnosis>& diagnoses,
                                         std::string* error) {
  Stmt* set = Prepared("INSERT INTO diagnosis_sets(target, t_ms) VALUES(?1, ?2)", error);
  Stmt* row = Prepared(
      "INSERT INTO diagnoses(set_id, position, rule, severity, json) VALUES(?1, ?2, ?3, ?4, ?5)",
      error);
  if (!set || !row) return false;
  if (!Begin(true, error)) return false;
  {
    Using u(*set);
    set->Bind(1, target).Bind(2, t_ms);
    if (set->Step() != SQLITE_DONE) {
      Fail("recording diagnoses of " + target, error);
      Rollback();
      return false;
    }
  }
  int64_t id = sqlite3_last_insert_rowid(db_);
  for (size_t i = 0; i < diagnoses.size(); ++i) {
    const Diagnosis& d = diagnoses[i];
    Using u(*row);
    row->Bind(1, id)
        .Bind(2, static_cast<int64_t>(i))
        .Bind(3, d.id)
        .Bind(4, std::string(SeverityName(d.severity)))
        .Bind(5, DiagnosisJson(d).dump());
    if (row->Step() != SQLITE_DONE) {
      Fail("recording diagnoses of " + target, error);
      Rollback();
      return false;
    }
  }
  return Commit(error);
}

bool SqliteHistoryStore::RecordAlert(const AlertEvent& a, std::string* error) {
  Stmt* s = Prepared(
      "INSERT INTO alerts(target, name, labels, severity, summary, description, starts_at,"
      " ends_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
      " ON CONFLICT(target, name, labels, starts_at) DO UPDATE SET ends_at = excluded.ends_at,"
      " severity = excluded.severity, summary = excluded.summary,"
      " description = excluded.description",
      error);
  if (!s) return false;
  // std::map keeps the labels sorted, so the same labels are the same text
  // and the UNIQUE constraint finds the stored alert.
  json labels = json::object();
  for (const auto& [k, v] : a.labels)
    labels[k] = v;
  Using u(*s);
  s->Bind(1, a.target)
      .Bind(2, a.name)
      .Bind(3, labels.dump())
      .Bind(4, a.severity)
      .Bind(5, a.summary)
      .Bind(6, a.description)
      .Bind(7, a.starts_at_ms)
      .Bind(8, a.ends_at_ms);
  if (s->Step() != SQLITE_DONE) return Fail("recording alert " + a.name, error);
  return true;
}

bool SqliteHistoryStore::Prune(UnixMs before_ms, std::string* error) {
  static const char* const kSteps[] = {
      "DELETE FROM bucket_counts WHERE sample_id IN (SELECT id FROM samples WHERE t_ms < ?1)",
      "DELETE FROM samples WHERE t_ms < ?1",
      "DELETE FROM diagnoses WHERE set_id IN (SELECT id FROM diagnosis_sets WHERE t_ms < ?1)",
      "DELETE FROM diagnosis_sets WHERE t_ms < ?1",
      "DELETE FROM alerts WHERE ends_at != 0 AND ends_at < ?1",
      // A bucket described before the cut and counted in no sample that is
      // left describes nothing any more.
      "DELETE FROM buckets WHERE last_seen < ?1 AND (target, fingerprint) NOT IN"
      " (SELECT s.target, bc.fingerprint FROM bucket_counts bc JOIN samples s"
      " ON s.id = bc.sample_id)",
  };
  if (!Begin(true, error)) return false;
  for (const char* sql : kSteps) {
    Stmt* s = Prepared(sql, error);
    if (!s) {
      Rollback();
      return false;
    }
    Using u(*s);
    s->Bind(1, before_ms);
    if (s->Step() != SQLITE_DONE) {
      Fail("pruning", error);
      Rollback();
      return false;
    }
  }
  if (!Commit(error)) return false;
  // Give the freed pages back to the file system and keep the WAL small;
  // failing here loses nothing, the rows are gone either way.
  sqlite3_exec(db_, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
               nullptr);
  return true;
}

bool SqliteHistoryStore::LoadTarget(const std::string& name, UnixMs from_ms, UnixMs to_ms,
                                    size_t top_buckets, TargetReport& t, bool& any,
                                    std::string* error) {
  t.name = name;
  any = false;

  // Samples, oldest first. `ok_ids` are the samples that answered, in the
  // order their bucket counts are read below.
  Stmt* samples = Prepared(
      "SELECT id, t_ms, latency_ms, error, total, by_category FROM samples"
      " WHERE target = ?1 AND t_ms BETWEEN ?2 AND ?3 ORDER BY t_ms, id",
      error);
  if (!samples) return false;
  std::vector<int64_t> ok_ids;
  std::string latest_categories;
  {
    Using u(*samples);
    samples->Bind(1, name).Bind(2, from_ms).Bind(3, to_ms);
    int rc;
    while ((rc = samples->Step()) == SQLITE_ROW) {
      any = true;
      UnixMs at = samples->Int(1);
      t.last_latency_ms = samples->Double(2);
      std::string err = samples->Text(3);
      if (!err.empty()) {
        ++t.errors;
        t.last_error = std::move(err);
        t.last_error_ms = at;
        t.up = false;
        continue;
      }
      t.up = true;
      uint64_t total = static_cast<uint64_t>(samples->Int(4));
      if (t.samples == 0) t.goroutines.first = total;
      t.goroutines.last = total;
      t.goroutines.max = std::max(t.goroutines.max, total);
      ok_ids.push_back(samples->Int(0));
      t.totals.push_back(TimePoint{at, total});
      latest_categories = samples->Text(5);
      ++t.samples;
    }
    if (rc != SQLITE_DONE) return Fail("reading samples of " + name, error);
  }
  if (!latest_categories.empty()) {
    json cats = json::parse(latest_categories, nullptr, false);
    if (cats.is_object()) {
      for (const auto& [k, v] : cats.items())
        if (v.is_number_unsigned()) t.by_category[k] = v.get<uint64_t>();
    }
  }

  // The latest diagnoses set in range.
  Stmt* set = Prepared(
      "SELECT id FROM diagnosis_sets WHERE target = ?1 AND t_ms BETWEEN ?2 AND ?3"
      " ORDER BY t_ms DESC, id DESC LIMIT 1",
      error);
  Stmt* rows = Prepared("SELECT json FROM diagnoses WHERE set_id = ?1 ORDER BY position", error);
  if (!set || !rows) return false;
  std::optional<int64_t> set_id;
  {
    Using u(*set);
    set->Bind(1, name).Bind(2, from_ms).Bind(3, to_ms);
    int rc = set->Step();
    if (rc == SQLITE_ROW) {
      set_id = set->Int(0);
    } else if (rc != SQLITE_DONE) {
      return Fail("reading diagnoses of " + name, error);
    }
  }
  std::unordered_set<uint64_t> suspects;
  if (set_id) {
    any = true;
    Using u(*rows);
    rows->Bind(1, *set_id);
    int rc;
    while ((rc = rows->Step()) == SQLITE_ROW) {
      json j = json::parse(rows->Text(0), nullptr, false);
      if (!j.is_object()) continue;
      Diagnosis d = DiagnosisFrom(j);
      if (d.id == "DUMP002") suspects.insert(d.bucket_ids.begin(), d.bucket_ids.end());
      t.diagnoses.push_back(std::move(d));
    }
    if (rc != SQLITE_DONE) return Fail("reading diagnoses of " + name, error);
  }

  // Bucket counts of every sample in range, in one pass.
  Stmt* counts = Prepared(
      "SELECT bc.sample_id, bc.fingerprint, bc.count FROM samples s"
      " JOIN bucket_counts bc ON bc.sample_id = s.id"
      " WHERE s.target = ?1 AND s.t_ms BETWEEN ?2 AND ?3 AND s.error = ''"
      " ORDER BY s.t_ms, s.id",
      error);
  if (!counts) return false;
  std::vector<Series> series;
  std::unordered_map<uint64_t, size_t> by_fp;
  size_t at = 0;  // the sample of the current row in ok_ids: rows come in its order
  {
    Using u(*counts);
    counts->Bind(1, name).Bind(2, from_ms).Bind(3, to_ms);
    int rc;
    while ((rc = counts->Step()) == SQLITE_ROW) {
      int64_t id = counts->Int(0);
      while (at < ok_ids.size() && ok_ids[at] != id)
        ++at;
      if (at == ok_ids.size()) {
        if (error) *error = path_ + ": bucket counts of " + name + " out of sample order";
        return false;
      }
      uint64_t fp = FromSql(counts->Int(1));
      auto [it, inserted] = by_fp.emplace(fp, series.size());
      if (inserted) {
        series.emplace_back();
        series.back().fingerprint = fp;
      }
      series[it->second].points.emplace_back(static_cast<uint32_t>(at),
                                             static_cast<uint64_t>(counts->Int(2)));
    }
    if (rc != SQLITE_DONE) return Fail("reading bucket counts of " + name, error);
  }
  uint32_t last_index = t.totals.empty() ? 0 : static_cast<uint32_t>(t.totals.size() - 1);
  for (Series& s : series) {
    for (const auto& [i, n] : s.points) {
      if (i == 0) s.baseline = n;
      if (i == last_index) s.last = n;
      s.max = std::max(s.max, n);
    }
    s.suspect = suspects.count(s.fingerprint) > 0;
  }
  auto growth = [](const Series& s) {
    return static_cast<int64_t>(s.last) - static_cast<int64_t>(s.baseline);
  };
  std::sort(series.begin(), series.end(), [&](const Series& a, const Series& b) {
    if (a.suspect != b.suspect) return a.suspect;
    if (growth(a) != growth(b)) return growth(a) > growth(b);
    if (a.last != b.last) return a.last > b.last;
    return a.fingerprint < b.fingerprint;
  });
  if (top_buckets != 0 && series.size() > top_buckets) series.resize(top_buckets);

  // Descriptions of the chosen buckets.
  Stmt* info = Prepared(
      "SELECT fingerprint, category, state, file, line, function, created_file, created_line,"
      " created_function, stack FROM buckets WHERE target = ?1",
      error);
  if (!info) return false;
  std::unordered_map<uint64_t, size_t> chosen;
  t.buckets.resize(series.size());
  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    BucketTrend& b = t.buckets[i];
    chosen.emplace(s.fingerprint, i);
    b.info.fingerprint = s.fingerprint;
    b.baseline = s.baseline;
    b.last = s.last;
    b.max = s.max;
    b.suspect = s.suspect;
    b.counts.reserve(t.totals.size());
    for (const TimePoint& p : t.totals)
      b.counts.push_back(TimePoint{p.t_ms, 0});
    for (const auto& [idx, n] : s.points)
      b.counts[idx].value = n;
  }
  if (!chosen.empty()) {
    Using u(*info);
    info->Bind(1, name);
    int rc;
    while ((rc = info->Step()) == SQLITE_ROW) {
      auto it = chosen.find(FromSql(info->Int(0)));
      if (it == chosen.end()) continue;
      BucketInfo& b = t.buckets[it->second].info;
      b.category = info->Text(1);
      b.state = info->Text(2);
      b.location = CodeLocation{info->Text(3), static_cast<int32_t>(info->Int(4)), info->Text(5)};
      if (!info->IsNull(6))
        b.created_by =
            CodeLocation{info->Text(6), static_cast<int32_t>(info->Int(7)), info->Text(8)};
      json stack = json::parse(info->Text(9), nullptr, false);
      if (stack.is_array()) {
        for (const json& f : stack)
          if (f.is_string()) b.stack.push_back(f.get<std::string>());
      }
    }
    if (rc != SQLITE_DONE) return Fail("reading buckets of " + name, error);
  }

  // Alerts that fired at some time in the range, oldest first.
  Stmt* alerts = Prepared(
      "SELECT name, labels, severity, summary, description, starts_at, ends_at FROM alerts"
      " WHERE target = ?1 AND starts_at <= ?3 AND (ends_at = 0 OR ends_at >= ?2)"
      " ORDER BY starts_at, id",
      error);
  if (!alerts) return false;
  {
    Using u(*alerts);
    alerts->Bind(1, name).Bind(2, from_ms).Bind(3, to_ms);
    int rc;
    while ((rc = alerts->Step()) == SQLITE_ROW) {
      any = true;
      AlertEvent a;
      a.target = name;
      a.name = alerts->Text(0);
      json labels = json::parse(alerts->Text(1), nullptr, false);
      if (labels.is_object()) {
        for (const auto& [k, v] : labels.items())
          if (v.is_string()) a.labels[k] = v.get<std::string>();
      }
      a.severity = alerts->Text(2);
      a.summary = alerts->Text(3);
      a.description = alerts->Text(4);
      a.starts_at_ms = alerts->Int(5);
      a.ends_at_ms = alerts->Int(6);
      t.alerts.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return Fail("reading alerts of " + name, error);
  }
  return true;
}

std::optional<WatchReport> SqliteHistoryStore::Load(UnixMs from_ms, UnixMs to_ms,
                                                    const std::string& target, size_t top_buckets,
                                                    std::string* error) {
  // One read transaction: a watch writing meanwhile is seen either wholly
  // before or wholly after each of its samples, in every table alike.
  if (!Begin(false, error)) return std::nullopt;
  struct Ended {
    SqliteHistoryStore* self;
    ~Ended() { self->Rollback(); }
  } ended{this};

  std::map<std::string, std::string> known;  // name -> url
  Stmt* names = Prepared(
      "SELECT name, url FROM targets UNION SELECT DISTINCT target, '' FROM samples"
      " UNION SELECT DISTINCT target, '' FROM alerts ORDER BY 1, 2 DESC",
      error);
  if (!names) return std::nullopt;
  {
    Using u(*names);
    int rc;
    while ((rc = names->Step()) == SQLITE_ROW)
      known.emplace(names->Text(0), names->Text(1));  // the stored URL sorts first
    if (rc != SQLITE_DONE) {
      Fail("reading targets", error);
      return std::nullopt;
    }
  }
  if (!target.empty() && !known.count(target)) {
    if (error) {
      *error = path_ + ": no target named \"" + target + "\"";
      if (known.empty()) {
        *error += " (the history is empty)";
      } else {
        *error += " (targets:";
        for (const auto& [n, url] : known)
          *error += " " + n;
        *error += ")";
      }
    }
    return std::nullopt;
  }

  WatchReport report;
  report.from_ms = from_ms;
  report.to_ms = to_ms;
  UnixMs first_seen = std::numeric_limits<UnixMs>::max();
  UnixMs last_seen = std::numeric_limits<UnixMs>::min();
  for (const auto& [name, url] : known) {
    if (!target.empty() && name != target) continue;
    TargetReport t;
    bool any = false;
    if (!LoadTarget(name, from_ms, to_ms, top_buckets, t, any, error)) return std::nullopt;
    // A target asked for by name is reported even when idle in the range.
    if (!any && target.empty()) continue;
    t.url = url;
    auto seen = [&](UnixMs at) {
      first_seen = std::min(first_seen, at);
      last_seen = std::max(last_seen, at);
    };
    if (!t.totals.empty()) {
      seen(t.totals.front().t_ms);
      seen(t.totals.back().t_ms);
    }
    if (t.last_error_ms) seen(t.last_error_ms);
    report.targets.push_back(std::move(t));
  }
  // An open-ended range reads as the span the history covers.
  if (first_seen <= last_seen) {
    report.from_ms = std::max(from_ms, first_seen);
    report.to_ms = std::min(to_ms, last_seen);
  }
  return report;
}

}  // namespace

std::unique_ptr<HistoryStore> HistoryStore::Open(const std::string& path, std::string* error) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      if (error) *error = parent.string() + ": cannot create the directory: " + ec.message();
      return nullptr;
    }
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    if (error) *error = path + ": cannot open: " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return nullptr;
  }
  auto store = std::make_unique<SqliteHistoryStore>(db, path);
  if (!store->Init(error)) return nullptr;
  return store;
}

std::string DefaultHistoryPath() {
  // The XDG base directory spec: relative values are to be ignored.
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state && state[0] == '/') return std::string(state) + "/gopit/history.db";
  std::string home;
  if (const char* h = std::getenv("HOME"); h && h[0]) {
    home = h;
  } else if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) {
    home = pw->pw_dir;
  }
  if (home.empty()) return "gopit-history.db";
  return home + "/.local/state/gopit/history.db";
}

}  // namespace gopit::watch
