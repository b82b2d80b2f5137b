// DUMP003, 004, 005, 006, 008 and 009 on real dumps: tests/go/diagshapes
// put a process into each shape and the runtime wrote the dumps
// (scripts/capture-diagshapes.sh); the manifests say where the goroutines
// block and how many there are. Each diagnosis must fire there, and stay
// silent on every other sample.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "analysis/buckets.h"
#include "analysis/diagnoses/diagnoses.h"
#include "analysis/diagnosis.h"
#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

using nlohmann::json;

struct Loaded {
  ReadResult read;
  std::vector<const Snapshot*> snaps;
  BucketReport buckets;
};

// Reads a sample and buckets every goroutine, runtime-internal ones
// included, as `gopit stacks` does for its diagnoses.
std::unique_ptr<Loaded> Load(const std::string& path, bool keep_args = false) {
  auto l = std::make_unique<Loaded>();
  ReadOptions opts;
  opts.parse.keep_args = keep_args;
  InputStatus st = ReadInput(path, opts, l->read);
  EXPECT_TRUE(st.Ok()) << path << ": " << st.error;
  for (const Snapshot& s : l->read.snapshots)
    l->snaps.push_back(&s);
  BucketOptions bo;
  bo.include_runtime = true;
  l->buckets = BuildBuckets(*l->read.symbols, l->snaps, bo);
  return l;
}

std::string DataPath(const std::string& name) {
  return std::string(GOPIT_TEST_DATA) + "/" + name;
}

const std::vector<const DumpDiagnosis*>& Mine() {
  static const std::vector<const DumpDiagnosis*> all = {
      &Dump003Diagnosis(), &Dump004Diagnosis(), &Dump005Diagnosis(),
      &Dump006Diagnosis(), &Dump008Diagnosis(), &Dump009Diagnosis(),
  };
  return all;
}

std::vector<Diagnosis> RunOne(const Loaded& l, const DumpDiagnosis& d,
                              const DiagnoseOptions& o = {}) {
  std::vector<Diagnosis> out;
  d.Run(DiagnosisInput{*l.read.symbols, l.buckets, l.snaps, o}, out);
  return out;
}

std::vector<Diagnosis> RunMine(const Loaded& l, const DiagnoseOptions& o = {}) {
  std::vector<Diagnosis> out;
  for (const DumpDiagnosis* d : Mine())
    d->Run(DiagnosisInput{*l.read.symbols, l.buckets, l.snaps, o}, out);
  return out;
}

const json& Site(const json& manifest, const std::string& name) {
  for (const json& s : manifest["sites"]) {
    if (s["site"] == name) return s;
  }
  ADD_FAILURE() << "no site " << name;
  static const json none = json::object();
  return none;
}

void ExpectAt(const Diagnosis& d, const json& site) {
  EXPECT_EQ(d.location.function, site["function"].get<std::string>()) << d.message;
  EXPECT_EQ(d.location.file, site["file"].get<std::string>());
  EXPECT_EQ(d.location.line, site["line"].get<int>());
}

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

double Dump002Score(uint64_t count, int32_t minutes) {
  return std::log2(1.0 + static_cast<double>(count)) * (1.0 + (minutes > 0 ? minutes : 0) / 10.0);
}

// ---- Documentation ----------------------------------------------------

TEST(Diagnoses003To009, InfoAndDocumentation) {
  std::set<std::string> ids;
  for (const DumpDiagnosis* d : Mine()) {
    const RuleInfo& info = d->Info();
    SCOPED_TRACE(info.id);
    ids.insert(info.id);
    EXPECT_FALSE(info.slug.empty());
    EXPECT_FALSE(info.summary.empty());
    for (const char* section : {"## What it finds", "## Why it is bad", "## Example", "## Fix",
                                "## Score", "## Known limits"}) {
      EXPECT_TRUE(Has(info.doc, section)) << section;
    }
  }
  EXPECT_EQ(ids, (std::set<std::string>{"DUMP003", "DUMP004", "DUMP005", "DUMP006", "DUMP008",
                                        "DUMP009"}));
  EXPECT_EQ(Dump003Diagnosis().Info().slug, "http-conn-leak");
  EXPECT_EQ(Dump004Diagnosis().Info().slug, "server-conn-pileup");
  EXPECT_EQ(Dump005Diagnosis().Info().slug, "finalizer-blocked");
  EXPECT_EQ(Dump005Diagnosis().Info().severity, Severity::kError);
  EXPECT_EQ(Dump006Diagnosis().Info().slug, "lock-pileup");
  EXPECT_EQ(Dump008Diagnosis().Info().slug, "locked-threads");
  EXPECT_EQ(Dump009Diagnosis().Info().slug, "long-syscall");
}

// ---- DUMP003 http-conn-leak --------------------------------------------

TEST(Dump003, BodiesNotClosed) {
  json m = testing_data::Manifest("diagshapes.http-body-leak.manifest.json");
  const json& rd = Site(m, "persistconn-readloop");
  const json& wr = Site(m, "persistconn-writeloop");
  uint64_t n = rd["count"].get<uint64_t>();
  for (const char* sample :
       {"diagshapes.http-body-leak.txt", "diagshapes.http-body-leak.debug1.txt"}) {
    SCOPED_TRACE(sample);
    auto l = Load(DataPath(sample));
    std::vector<Diagnosis> ds = RunOne(*l, Dump003Diagnosis());
    ASSERT_EQ(ds.size(), 1u);
    const Diagnosis& d = ds[0];
    EXPECT_EQ(d.id, "DUMP003");
    EXPECT_EQ(d.slug, "http-conn-leak");
    EXPECT_EQ(d.severity, Severity::kWarning);
    ExpectAt(d, rd);
    if (std::string(sample).ends_with("leak.txt")) {  // debug=1 has no created-by lines
      ASSERT_TRUE(d.created_by.has_value());
      EXPECT_EQ(d.created_by->function, rd["created_by_function"].get<std::string>());
      EXPECT_EQ(d.created_by->line, rd["created_by_line"].get<int>());
    }
    EXPECT_EQ(d.goroutines, n + wr["count"].get<uint64_t>());
    EXPECT_EQ(d.bucket_ids.size(), 2u);
    EXPECT_TRUE(Has(d.message, std::to_string(n) + " HTTP client connections")) << d.message;
    EXPECT_TRUE(Has(d.message, "started by net/http itself")) << d.message;
    EXPECT_TRUE(Has(d.message, "response bodies not closed")) << d.message;
    EXPECT_DOUBLE_EQ(d.score, Dump002Score(n, -1));
  }
  // The threshold counts connections.
  auto l = Load(DataPath("diagshapes.http-body-leak.txt"));
  DiagnoseOptions o;
  o.http_conns = n;
  EXPECT_EQ(RunOne(*l, Dump003Diagnosis(), o).size(), 1u);
  o.http_conns = n + 1;
  EXPECT_TRUE(RunOne(*l, Dump003Diagnosis(), o).empty());
}

TEST(Dump003, TransportPerRequest) {
  json m = testing_data::Manifest("diagshapes.http-transport-leak.manifest.json");
  const json& rd = Site(m, "persistconn-readloop");
  auto l = Load(DataPath("diagshapes.http-transport-leak.txt"));
  std::vector<Diagnosis> ds = RunOne(*l, Dump003Diagnosis());
  ASSERT_EQ(ds.size(), 1u);
  ExpectAt(ds[0], rd);
  EXPECT_TRUE(Has(ds[0].message, std::to_string(rd["count"].get<int>()) + " HTTP client"));
  EXPECT_TRUE(Has(ds[0].message, "Transport or Client made per request")) << ds[0].message;
  EXPECT_FALSE(Has(ds[0].message, "bodies not closed")) << ds[0].message;
}

// ---- DUMP004 server-conn-pileup ----------------------------------------

TEST(Dump004, IdleConnectionsForMinutes) {
  json m = testing_data::Manifest("diagshapes.server-idle-conns-long.manifest.json");
  const json& conns = Site(m, "server-conn-idle");
  const json& accept = Site(m, "server-accept");
  auto l = Load(DataPath("diagshapes.server-idle-conns-long.txt"));
  DiagnoseOptions o;
  o.long_wait_minutes = 1;  // the capture waited a little over a minute
  std::vector<Diagnosis> ds = RunOne(*l, Dump004Diagnosis(), o);
  ASSERT_EQ(ds.size(), 1u);
  const Diagnosis& d = ds[0];
  EXPECT_EQ(d.id, "DUMP004");
  EXPECT_EQ(d.severity, Severity::kWarning);
  // The location is where the program runs the server.
  ExpectAt(d, accept);
  ASSERT_TRUE(d.created_by.has_value());
  EXPECT_EQ(d.created_by->function, conns["created_by_function"].get<std::string>());
  EXPECT_EQ(d.created_by->line, conns["created_by_line"].get<int>());
  uint64_t n = conns["count"].get<uint64_t>();
  EXPECT_EQ(d.goroutines, n);
  EXPECT_TRUE(Has(d.message, std::to_string(n) + " HTTP server connections")) << d.message;
  EXPECT_TRUE(Has(d.message, "have waited 1 minute for")) << d.message;
  EXPECT_TRUE(Has(d.message, "ReadHeaderTimeout")) << d.message;
  EXPECT_DOUBLE_EQ(d.score, Dump002Score(n, 1));

  // Not long by default (5 minutes), and not enough connections above n.
  EXPECT_TRUE(RunOne(*l, Dump004Diagnosis()).empty());
  o.server_conns = n + 1;
  EXPECT_TRUE(RunOne(*l, Dump004Diagnosis(), o).empty());
}

TEST(Dump004, FreshConnectionsAreNotAPileup) {
  DiagnoseOptions o;
  o.long_wait_minutes = 1;
  for (const char* s : {"diagshapes.server-idle-conns.txt", "diagshapes.http-body-leak.txt"}) {
    SCOPED_TRACE(s);
    auto l = Load(DataPath(s));
    EXPECT_TRUE(RunOne(*l, Dump004Diagnosis(), o).empty());
  }
}

// ---- DUMP005 finalizer-blocked -----------------------------------------

TEST(Dump005, FinalizerBlockedOnMutex) {
  for (const char* sample :
       {"diagshapes.finalizer-lock.txt", "diagshapes.finalizer-lock.debug1.txt",
        "diagshapes.finalizer-lock.sigquit-system.txt"}) {
    SCOPED_TRACE(sample);
    json m = testing_data::Manifest(std::string(sample).ends_with("sigquit-system.txt")
                                        ? "diagshapes.finalizer-lock-sigquit.manifest.json"
                                        : "diagshapes.finalizer-lock.manifest.json");
    const json& site = Site(m, "finalizer-lock");
    auto l = Load(DataPath(sample));
    std::vector<Diagnosis> ds = RunOne(*l, Dump005Diagnosis());
    ASSERT_EQ(ds.size(), 1u);
    const Diagnosis& d = ds[0];
    EXPECT_EQ(d.id, "DUMP005");
    EXPECT_EQ(d.slug, "finalizer-blocked");
    EXPECT_EQ(d.severity, Severity::kError);
    ExpectAt(d, site);
    EXPECT_EQ(d.goroutines, 1u);
    EXPECT_TRUE(Has(d.message, "the finalizer goroutine is blocked")) << d.message;
    EXPECT_DOUBLE_EQ(d.score, 4.0);
  }
  // GOTRACEBACK=system prints the creator the other formats hide.
  auto l = Load(DataPath("diagshapes.finalizer-lock.sigquit-system.txt"));
  std::vector<Diagnosis> ds = RunOne(*l, Dump005Diagnosis());
  ASSERT_EQ(ds.size(), 1u);
  ASSERT_TRUE(ds[0].created_by.has_value());
  EXPECT_EQ(ds[0].created_by->function, "runtime.createfing");
}

// ---- DUMP006 lock-pileup -----------------------------------------------

TEST(Dump006, ShortWaitsAreAHotLockOrTooYoung) {
  json m = testing_data::Manifest("diagshapes.lock-pileup.manifest.json");
  const json& readers = Site(m, "balance-readers");
  uint64_t n = readers["count"].get<uint64_t>();
  auto l = Load(DataPath("diagshapes.lock-pileup.txt"));
  std::vector<Diagnosis> ds = RunOne(*l, Dump006Diagnosis());
  ASSERT_EQ(ds.size(), 1u);  // the AB-BA pair are single waiters, below the threshold
  const Diagnosis& d = ds[0];
  EXPECT_EQ(d.id, "DUMP006");
  EXPECT_EQ(d.severity, Severity::kWarning);
  ExpectAt(d, readers);
  ASSERT_TRUE(d.created_by.has_value());
  EXPECT_EQ(d.created_by->line, readers["created_by_line"].get<int>());
  EXPECT_EQ(d.goroutines, n);
  EXPECT_TRUE(Has(d.message, std::to_string(n) + " goroutines wait in sync.Mutex.Lock"))
      << d.message;
  EXPECT_TRUE(Has(d.message, "hot (contended) lock")) << d.message;
  // The two deadlocked goroutines are named as possible holders.
  for (const char* other : {"abba-transfer", "abba-post"}) {
    const json& s = Site(m, other);
    std::string fn = s["function"];
    EXPECT_TRUE(Has(d.message, "main.go:" + std::to_string(s["line"].get<int>()) + " (" + fn))
        << d.message;
  }
  EXPECT_TRUE(Has(d.message, "that is a lock-order deadlock")) << d.message;
  EXPECT_DOUBLE_EQ(d.score, Dump002Score(n, -1));

  DiagnoseOptions o;
  o.lock_waiters = n + 1;
  EXPECT_TRUE(RunOne(*l, Dump006Diagnosis(), o).empty());
}

TEST(Dump006, LongWaitsAreLikelyADeadlock) {
  json m = testing_data::Manifest("diagshapes.lock-pileup-long.manifest.json");
  const json& readers = Site(m, "balance-readers");
  uint64_t n = readers["count"].get<uint64_t>();
  auto l = Load(DataPath("diagshapes.lock-pileup-long.txt"));
  DiagnoseOptions o;
  o.long_wait_minutes = 1;
  std::vector<Diagnosis> ds = RunOne(*l, Dump006Diagnosis(), o);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  ExpectAt(ds[0], readers);
  EXPECT_TRUE(Has(ds[0].message, "likely a deadlock")) << ds[0].message;
  EXPECT_DOUBLE_EQ(ds[0].score, Dump002Score(n, 1));
  // With the default 5 minutes one minute is not long: a warning.
  ds = RunOne(*l, Dump006Diagnosis());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kWarning);
  EXPECT_TRUE(Has(ds[0].message, "for up to 1 minute:")) << ds[0].message;
}

TEST(Dump006, ArgumentsTellOneMutexFromMany) {
  auto l = Load(DataPath("diagshapes.lock-pileup.txt"), true);
  std::vector<Diagnosis> ds = RunOne(*l, Dump006Diagnosis());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_TRUE(Has(ds[0].message, "wait on one mutex (0x")) << ds[0].message;

  // states: 12 goroutines on the one mutex main holds; 10 writers at one
  // line, each on its own RWMutex, whose receiver the runtime prints as
  // "0x...?" (not trustworthy): no claim either way there.
  json m = testing_data::Manifest("states.manifest.json");
  const json& mutex = Site(m, "mutex-lock");
  const json& writers = Site(m, "rwmutex-lock");
  auto s = Load(DataPath("states.debug2.txt"), true);
  int seen = 0;
  for (const Diagnosis& d : RunOne(*s, Dump006Diagnosis())) {
    if (d.location.line == mutex["line"].get<int>()) {
      ++seen;
      EXPECT_TRUE(Has(d.message, "all 12 with arguments wait on one mutex")) << d.message;
    }
    if (d.location.line == writers["line"].get<int>()) {
      ++seen;
      EXPECT_FALSE(Has(d.message, "mutex (0x")) << d.message;
      EXPECT_FALSE(Has(d.message, "different mutexes")) << d.message;
    }
  }
  EXPECT_EQ(seen, 2);
}

// ---- DUMP008 locked-threads --------------------------------------------

TEST(Dump008, ManyLockedGoroutines) {
  json m = testing_data::Manifest("diagshapes.locked-threads.manifest.json");
  const json& site = Site(m, "locked-workers");
  uint64_t n = site["count"].get<uint64_t>();
  auto l = Load(DataPath("diagshapes.locked-threads.txt"));
  std::vector<Diagnosis> ds = RunOne(*l, Dump008Diagnosis());
  ASSERT_EQ(ds.size(), 1u);
  const Diagnosis& d = ds[0];
  EXPECT_EQ(d.id, "DUMP008");
  EXPECT_EQ(d.severity, Severity::kWarning);
  ExpectAt(d, site);
  ASSERT_TRUE(d.created_by.has_value());
  EXPECT_EQ(d.created_by->line, site["created_by_line"].get<int>());
  EXPECT_EQ(d.goroutines, n);
  EXPECT_TRUE(Has(d.message, std::to_string(n) + " goroutines are locked to their OS thread"))
      << d.message;
  EXPECT_DOUBLE_EQ(d.score, Dump002Score(n, -1));
  DiagnoseOptions o;
  o.locked_threads = n + 1;
  EXPECT_TRUE(RunOne(*l, Dump008Diagnosis(), o).empty());
}

// ---- DUMP009 long-syscall ----------------------------------------------

TEST(Dump009, BlockingReadForMinutes) {
  json m = testing_data::Manifest("diagshapes.long-syscall-long.manifest.json");
  const json& site = Site(m, "pipe-read");
  uint64_t n = site["count"].get<uint64_t>();
  auto l = Load(DataPath("diagshapes.long-syscall-long.txt"));
  DiagnoseOptions o;
  o.long_wait_minutes = 1;
  std::vector<Diagnosis> ds = RunOne(*l, Dump009Diagnosis(), o);
  ASSERT_EQ(ds.size(), 1u);
  const Diagnosis& d = ds[0];
  EXPECT_EQ(d.id, "DUMP009");
  EXPECT_EQ(d.severity, Severity::kWarning);
  ExpectAt(d, site);
  ASSERT_TRUE(d.created_by.has_value());
  EXPECT_EQ(d.created_by->line, site["created_by_line"].get<int>());
  EXPECT_EQ(d.goroutines, n);
  EXPECT_TRUE(Has(
      d.message,
      std::to_string(n) + " goroutines have been in a system call (syscall.Syscall) for 1 minute"))
      << d.message;
  EXPECT_DOUBLE_EQ(d.score, Dump002Score(n, 1));
  EXPECT_TRUE(RunOne(*l, Dump009Diagnosis()).empty());  // 5 minutes by default
  // Taken right away: no wait time printed, nothing to say.
  auto fresh = Load(DataPath("diagshapes.long-syscall.txt"));
  EXPECT_TRUE(RunOne(*fresh, Dump009Diagnosis(), o).empty());
}

// ---- Every sample: what fires where -------------------------------------

struct Expect {
  const char* sample;
  std::multiset<std::string> ids;  // with default options
};

TEST(Diagnoses003To009, FireOnlyWhereTheyShould) {
  const std::vector<Expect> table = {
      // The shapes: each fires its own diagnosis and nothing else.
      {"diagshapes.http-body-leak.txt", {"DUMP003"}},
      {"diagshapes.http-body-leak.debug1.txt", {"DUMP003"}},
      {"diagshapes.http-transport-leak.txt", {"DUMP003"}},
      {"diagshapes.server-idle-conns.txt", {}},
      {"diagshapes.server-idle-conns-long.txt", {}},  // one minute < 5
      {"diagshapes.finalizer-lock.txt", {"DUMP005"}},
      {"diagshapes.finalizer-lock.debug1.txt", {"DUMP005"}},
      {"diagshapes.finalizer-lock.sigquit-system.txt", {"DUMP005"}},
      {"diagshapes.lock-pileup.txt", {"DUMP006"}},
      {"diagshapes.lock-pileup-long.txt", {"DUMP006"}},
      {"diagshapes.locked-threads.txt", {"DUMP008"}},
      {"diagshapes.long-syscall.txt", {}},
      {"diagshapes.long-syscall-long.txt", {}},  // one minute < 5
      // The other samples. states holds 12 goroutines on a mutex main
      // holds forever, 11 readers behind a held write lock and 10 writers
      // at one line: lock pile-ups by any measure, in every format.
      {"states.debug2.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.debug1.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.debug0.pb.gz", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.stack.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.panic.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.sigquit-all.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.sigquit-system.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"states.sigquit-crash.txt", {"DUMP006", "DUMP006", "DUMP006"}},
      {"two-dumps.txt", {"DUMP006", "DUMP006", "DUMP006"}},  // two states dumps merged
      {"deadlock.txt", {}},
      {"leakprof.debug2.txt", {}},
      {"leakprof.debug1.txt", {}},
      {"leakprof.debug0.pb.gz", {}},
      {"testtimeout.txt", {}},
  };
  for (const Expect& e : table) {
    SCOPED_TRACE(e.sample);
    auto l = Load(DataPath(e.sample));
    std::multiset<std::string> got;
    std::string all;
    for (const Diagnosis& d : RunMine(*l)) {
      got.insert(d.id);
      all += d.id + ": " + d.message + "\n";
    }
    EXPECT_EQ(got, e.ids) << all;
  }
}

TEST(Diagnoses003To009, StatesLockPileupsAreTheHeldMutexes) {
  json m = testing_data::Manifest("states.manifest.json");
  auto l = Load(DataPath("states.debug2.txt"));
  std::vector<Diagnosis> ds = RunOne(*l, Dump006Diagnosis());
  std::set<std::string> sites;
  for (const Diagnosis& d : ds) {
    for (const json& s : m["sites"]) {
      if (s["function"] == d.location.function && s["line"] == d.location.line) {
        sites.insert(s["site"]);
        EXPECT_EQ(d.goroutines, s["count"].get<uint64_t>());
      }
    }
  }
  EXPECT_EQ(sites, (std::set<std::string>{"mutex-lock", "rwmutex-rlock", "rwmutex-lock"}));
}

TEST(Diagnoses003To009, LeakyServerDemo) {
  // The demo's report requests pile up on a mutex held across a hung
  // upstream call: DUMP006 there, at the manifest's line, and nothing else
  // of these six (its 8 idle keep-alive connections are few and fresh).
  std::string dir = std::string(GOPIT_GO_DIR) + "/../../examples/";
  json m = json::parse(testing_data::ReadFile(dir + "leaky-server.manifest.json"));
  auto l = Load(dir + "leaky-server.debug2.txt");
  std::vector<Diagnosis> ds = RunMine(*l);
  std::string all;
  for (const Diagnosis& d : ds)
    all += d.id + ": " + d.message + "\n";
  const json& pile = Site(m, "report-lock-pileup");
  if (pile["count"].get<uint64_t>() < DiagnoseOptions{}.lock_waiters) {
    EXPECT_TRUE(ds.empty()) << all;
    return;
  }
  ASSERT_EQ(ds.size(), 1u) << all;
  EXPECT_EQ(ds[0].id, "DUMP006");
  ExpectAt(ds[0], pile);
}

}  // namespace
}  // namespace gopit
