// DUMP000, DUMP001, DUMP002 and DUMP007 on real dumps the runtime wrote
// (tests/data, examples/): the right diagnosis, at the manifest's line,
// ranked first; and nothing where there is nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

using nlohmann::json;

struct Diagnosed {
  ReadResult read;
  BucketReport buckets;
  std::vector<Diagnosis> diagnoses;
};

Diagnosed DiagnoseFile(const std::string& path, DiagnoseOptions opts = {}) {
  Diagnosed d;
  InputStatus st = ReadInput(path, {}, d.read);
  EXPECT_TRUE(st.Ok()) << st.error;
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : d.read.snapshots)
    snaps.push_back(&s);
  BucketOptions all;
  all.include_runtime = true;
  d.buckets = BuildBuckets(*d.read.symbols, snaps, all);
  d.diagnoses = Diagnose(DiagnosisInput{*d.read.symbols, d.buckets, snaps, opts});
  return d;
}

std::string Data(const std::string& name) {
  return std::string(GOPIT_TEST_DATA) + "/" + name;
}

size_t CountId(const Diagnosed& d, const std::string& id) {
  size_t n = 0;
  for (const Diagnosis& x : d.diagnoses)
    n += x.id == id;
  return n;
}

const Diagnosis* At(const Diagnosed& d, const std::string& id, int line) {
  for (const Diagnosis& x : d.diagnoses) {
    if (x.id == id && x.location.line == line) return &x;
  }
  return nullptr;
}

void ExpectSorted(const Diagnosed& d) {
  for (size_t i = 1; i < d.diagnoses.size(); ++i) {
    EXPECT_FALSE(DiagnosisMoreImportant(d.diagnoses[i], d.diagnoses[i - 1])) << i;
  }
}

class LeakProfile : public ::testing::TestWithParam<const char*> {};

// Every leaked site of the program, in every form of the leak profile.
TEST_P(LeakProfile, ProvenLeaksAtTheirLines) {
  Diagnosed d = DiagnoseFile(Data(GetParam()));
  json m = testing_data::Manifest("leakprof.manifest.json");
  size_t leaked_sites = 0;
  for (const json& site : m["sites"]) {
    if (!site.value("leaked", false)) continue;
    ++leaked_sites;
    SCOPED_TRACE(site["site"].get<std::string>());
    const Diagnosis* x = At(d, "DUMP000", site["line"].get<int>());
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(x->severity, Severity::kError);
    EXPECT_EQ(x->location.file, site["file"].get<std::string>());
    EXPECT_EQ(x->location.function, site["function"].get<std::string>());
    EXPECT_EQ(x->goroutines, site["count"].get<uint64_t>());
    EXPECT_EQ(x->bucket_ids.size(), 1u);
  }
  EXPECT_GT(leaked_sites, 0u);
  EXPECT_EQ(CountId(d, "DUMP000"), leaked_sites);
  ASSERT_FALSE(d.diagnoses.empty());
  EXPECT_EQ(d.diagnoses.front().id, "DUMP000");
  ExpectSorted(d);
}

INSTANTIATE_TEST_SUITE_P(Formats, LeakProfile,
                         ::testing::Values("leakprof.debug2.txt", "leakprof.debug1.txt",
                                           "leakprof.debug0.pb.gz"));

TEST(BlockedForever, NilChannelsAndEmptySelects) {
  for (const char* sample : {"states.debug2.txt", "states.sigquit-all.txt"}) {
    SCOPED_TRACE(sample);
    Diagnosed d = DiagnoseFile(Data(sample));
    json m = testing_data::Manifest("states.manifest.json");
    for (const json& site : m["sites"]) {
      std::string state = site["state"];
      bool forever = state.find("(nil chan)") != std::string::npos || state == "select (no cases)";
      const Diagnosis* x = At(d, "DUMP001", site["line"].get<int>());
      if (!forever) {
        EXPECT_EQ(x, nullptr) << site["site"];
        continue;
      }
      ASSERT_NE(x, nullptr) << site["site"];
      EXPECT_EQ(x->severity, Severity::kError);
      EXPECT_EQ(x->goroutines, site["count"].get<uint64_t>());
      ASSERT_TRUE(x->created_by.has_value());
      EXPECT_EQ(x->created_by->line, site["created_by_line"].get<int>());
    }
    EXPECT_EQ(CountId(d, "DUMP001"), 3u);
    // States has goroutines sleeping and in I/O: no deadlock. Its buckets
    // are small and short-waiting: no suspects at the default thresholds.
    EXPECT_EQ(CountId(d, "DUMP007"), 0u);
    EXPECT_EQ(CountId(d, "DUMP002"), 0u);
    EXPECT_EQ(d.diagnoses.front().id, "DUMP001");
  }
}

TEST(BlockedForever, NotFromAggregatedProfiles) {
  // debug=1 has no wait states: nil channels cannot be told apart.
  EXPECT_EQ(CountId(DiagnoseFile(Data("states.debug1.txt")), "DUMP001"), 0u);
}

TEST(LeakSuspect, TheLeakyServerLeakRankedFirst) {
  std::string examples = std::string(GOPIT_TEST_DATA) + "/../../examples/";
  Diagnosed d = DiagnoseFile(examples + "leaky-server.debug2.txt");
  json m = json::parse(testing_data::ReadFile(examples + "leaky-server.manifest.json"));
  const json& leak = m["sites"][0];  // search-worker-send, 180 goroutines
  ASSERT_EQ(leak["site"], "search-worker-send");
  ASSERT_FALSE(d.diagnoses.empty());
  const Diagnosis& top = d.diagnoses.front();
  EXPECT_EQ(top.id, "DUMP002");
  EXPECT_EQ(top.location.file, leak["file"].get<std::string>());
  EXPECT_EQ(top.location.line, leak["line"].get<int>());
  EXPECT_EQ(top.goroutines, leak["count"].get<uint64_t>());
  ASSERT_TRUE(top.created_by.has_value());
  EXPECT_EQ(top.created_by->line, leak["created_by_line"].get<int>());
  EXPECT_NE(top.message.find("main.go:106"), std::string::npos) << top.message;
  ExpectSorted(d);
}

TEST(LeakSuspect, ThresholdsAreSettable) {
  // 17 goroutines wait at states' chan-receive site: below the default
  // count, a suspect at 10.
  DiagnoseOptions low;
  low.suspect_count = 10;
  Diagnosed d = DiagnoseFile(Data("states.debug2.txt"), low);
  EXPECT_NE(At(d, "DUMP002", 44), nullptr);
  EXPECT_EQ(At(DiagnoseFile(Data("states.debug2.txt")), "DUMP002", 44), nullptr);
}

TEST(GlobalDeadlock, TheRuntimesOwnVerdict) {
  Diagnosed d = DiagnoseFile(Data("deadlock.txt"));
  ASSERT_FALSE(d.diagnoses.empty());
  const Diagnosis& top = d.diagnoses.front();
  EXPECT_EQ(top.id, "DUMP007");
  EXPECT_EQ(top.severity, Severity::kError);
  EXPECT_EQ(top.location.function, "main.main");
  EXPECT_GT(top.bucket_ids.size(), 1u);
}

TEST(GlobalDeadlock, NotWhereSomethingRuns) {
  for (const char* sample : {"states.debug2.txt", "leakprof.debug2.txt", "two-dumps.txt"}) {
    EXPECT_EQ(CountId(DiagnoseFile(Data(sample)), "DUMP007"), 0u) << sample;
  }
}

// tests/go/lockholder: refresh (goroutine 6 in lockholder.held.txt) locks
// the store's mutex and waits on a channel; get waits to lock it. One
// waiter, so the pile threshold is lowered to see the holder reasoning on
// this fresh dump (no wait minutes yet).
TEST(LockHolder, NamedWhenTheDumpShowsIt) {
  DiagnoseOptions one;
  one.lock_waiters = 1;
  Diagnosed d = DiagnoseFile(Data("lockholder.held.txt"), one);
  const Diagnosis* x = At(d, "DUMP006", 44);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->location.function, "main.(*store).get");
  EXPECT_NE(x->message.find("held by goroutine 6 at main.go:38 (main.(*store).refresh"),
            std::string::npos)
      << x->message;
  // Without arguments only the receiver type matches: "likely".
  EXPECT_NE(x->message.find("likely"), std::string::npos) << x->message;
}

TEST(LockHolder, ByAddressWithArguments) {
  Diagnosed d;
  ReadOptions po;
  po.parse.keep_args = true;
  ASSERT_TRUE(ReadInput(Data("lockholder.held.txt"), po, d.read).Ok());
  std::vector<const Snapshot*> snaps{&d.read.snapshots[0]};
  BucketOptions all;
  all.include_runtime = true;
  d.buckets = BuildBuckets(*d.read.symbols, snaps, all);
  DiagnoseOptions one;
  one.lock_waiters = 1;
  std::vector<Warning> none;
  d.diagnoses = Diagnose(DiagnosisInput{*d.read.symbols, d.buckets, snaps, one, nullptr, &none});
  const Diagnosis* x = At(d, "DUMP006", 44);
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("the lock is held by goroutine 6 at main.go:38"), std::string::npos)
      << x->message;
  EXPECT_NE(x->message.find("address matches"), std::string::npos) << x->message;
}

// lockholder -exit: refresh returned without Unlock; no goroutine holds it.
TEST(LockHolder, NoneVisibleInAWholeDump) {
  Diagnosed d;
  ASSERT_TRUE(ReadInput(Data("lockholder.exited.txt"), {}, d.read).Ok());
  std::vector<const Snapshot*> snaps{&d.read.snapshots[0]};
  BucketOptions all;
  all.include_runtime = true;
  d.buckets = BuildBuckets(*d.read.symbols, snaps, all);
  DiagnoseOptions one;
  one.lock_waiters = 1;
  std::vector<Warning> none;
  d.diagnoses = Diagnose(DiagnosisInput{*d.read.symbols, d.buckets, snaps, one, nullptr, &none});
  const Diagnosis* x = At(d, "DUMP006", 44);
  ASSERT_NE(x, nullptr);
  EXPECT_NE(x->message.find("no goroutine in the dump holds it visibly"), std::string::npos)
      << x->message;
  // At the default threshold one short wait is nothing.
  EXPECT_EQ(CountId(DiagnoseFile(Data("lockholder.exited.txt")), "DUMP006"), 0u);
}

// The leakshapes worker was started by the handler of a request that has
// ended (its goroutine is gone from the dump): request-scoped, not in flight.
TEST(RequestScope, WorkersOutliveTheirHandler) {
  Diagnosed d = DiagnoseFile(Data("leakshapes.handler-timeout.waited.txt"));
  const Bucket* worker = nullptr;
  for (const Bucket& b : d.buckets.buckets) {
    if (b.count == 180) worker = &b;
  }
  ASSERT_NE(worker, nullptr);
  RequestScope rs = FindRequestScope(*d.read.symbols, d.buckets, *worker);
  EXPECT_TRUE(rs.scoped);
  EXPECT_FALSE(rs.in_flight);
  EXPECT_FALSE(rs.is_request);
  EXPECT_EQ(rs.handler, "main.(*searchApp).handleSearch");
  EXPECT_TRUE(IsRequestFunction("net/http.HandlerFunc.ServeHTTP"));
  EXPECT_TRUE(IsRequestFunction("example.com/api._Greeter_SayHello_Handler"));
  EXPECT_FALSE(IsRequestFunction("main.(*server).watchConfig"));
  EXPECT_FALSE(IsRequestFunction("net/http.(*persistConn).readLoop"));
}

Diagnosed DiagnoseText(const std::string& text) {
  Diagnosed d;
  EXPECT_TRUE(ParseBytes(text, "in.txt", {}, d.read).Ok());
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : d.read.snapshots)
    snaps.push_back(&s);
  BucketOptions all;
  all.include_runtime = true;
  d.buckets = BuildBuckets(*d.read.symbols, snaps, all);
  d.diagnoses =
      Diagnose(DiagnosisInput{*d.read.symbols, d.buckets, snaps, {}, nullptr, &d.read.warnings});
  return d;
}

// The deadlock dump without its first lines reads like a dump taken on
// request: the deadlock is inferred. Cut inside goroutine 1's stack, before
// main.main, as a paste of its first lines is (traefik/traefik#462 in
// tests/data/realdumps), it is an excerpt and no deadlock is claimed.
TEST(GlobalDeadlock, NotWhenMainsStackIsCutShort) {
  std::string text = testing_data::Data("deadlock.txt");
  text = text.substr(text.find("goroutine 1 "));
  Diagnosed whole = DiagnoseText(text);
  ASSERT_EQ(CountId(whole, "DUMP007"), 1u);
  EXPECT_EQ(whole.diagnoses.front().severity, Severity::kWarning);
  size_t main_line = text.find("main.main()\n");
  ASSERT_NE(main_line, std::string::npos);
  std::string cut = text.substr(0, main_line) + text.substr(text.find("\n\n", main_line));
  EXPECT_EQ(CountId(DiagnoseText(cut), "DUMP007"), 0u);
  EXPECT_EQ(CountId(DiagnoseFile(Data("realdumps/healthy.traefik-462.indented.txt")), "DUMP007"),
            0u);
}

// A dump cut short or a crash for another reason is no global deadlock.
TEST(GlobalDeadlock, NotOnCutDumpsOrOtherCrashes) {
  for (const char* sample : {"states.debug2.truncated.txt", "states.panic.txt"}) {
    Diagnosed d;
    ASSERT_TRUE(ReadInput(Data(sample), {}, d.read).Ok());
    std::vector<const Snapshot*> snaps{&d.read.snapshots[0]};
    BucketOptions all;
    all.include_runtime = true;
    d.buckets = BuildBuckets(*d.read.symbols, snaps, all);
    d.diagnoses =
        Diagnose(DiagnosisInput{*d.read.symbols, d.buckets, snaps, {}, nullptr, &d.read.warnings});
    EXPECT_EQ(CountId(d, "DUMP007"), 0u) << sample;
  }
}

// tests/go/daemon after 70 s: a signal handler, a ticker loop, a config
// watcher, a database/sql pool and keep-alive connections, each waiting a
// minute. With --long-wait 1 those are long waits, and still no leak: one
// background goroutine per site is what a healthy daemon has.
TEST(LeakSuspect, AHealthyDaemonsLongWaitsAreNoLeak) {
  DiagnoseOptions one_minute;
  one_minute.long_wait_minutes = 1;
  Diagnosed d = DiagnoseFile(Data("daemon.healthy.txt"), one_minute);
  for (const Diagnosis& x : d.diagnoses)
    EXPECT_EQ(x.severity, Severity::kInfo) << x.id << ": " << x.message;
}

TEST(StdlibFunctions, ByImportPath) {
  EXPECT_TRUE(IsStdlibFunction("runtime.gopark"));
  EXPECT_TRUE(IsStdlibFunction("net/http.(*conn).serve"));
  EXPECT_TRUE(IsStdlibFunction("sync.(*Mutex).Lock"));
  EXPECT_TRUE(IsStdlibFunction("internal/poll.(*FD).Read"));
  EXPECT_FALSE(IsStdlibFunction("main.main"));
  EXPECT_FALSE(IsStdlibFunction("main.(*server).wait"));
  EXPECT_FALSE(IsStdlibFunction("github.com/x/y.(*T).Run"));
  EXPECT_FALSE(IsStdlibFunction("gopkg.in/yaml.v3.Unmarshal"));
  EXPECT_FALSE(IsStdlibFunction("gopit.test/go/internal/sites.Leak"));
}

}  // namespace
}  // namespace gopit

namespace gopit {
namespace {

// Every diagnosis documents itself the same way (gopit rules ID prints it,
// docs/rules/ID.md is generated from it) and ids are unique, in order.
TEST(Registry, EveryDiagnosisIsDocumented) {
  std::string previous;
  for (const DumpDiagnosis* d : AllDiagnoses()) {
    const RuleInfo& i = d->Info();
    EXPECT_GT(i.id, previous) << "ids unique and sorted";
    previous = i.id;
    EXPECT_FALSE(i.slug.empty());
    EXPECT_FALSE(i.summary.empty());
    for (const char* section : {"## What it finds", "## Why it is bad", "## Example", "## Fix",
                                "## Score", "## Known limits"}) {
      EXPECT_NE(i.doc.find(section), std::string::npos) << i.id << " lacks " << section;
    }
  }
  EXPECT_EQ(AllDiagnoses().size(), 13u);  // DUMP000 to DUMP011, DUMP013 (DUMP012 is gopit test's)
}

}  // namespace
}  // namespace gopit

namespace gopit {
namespace {

// A test's leak check listing goroutines it found after the test is
// evidence enough, whatever their count and wait: goleak's report (real
// go test output of three goleak releases) and gRPC's "Leaked goroutine:"
// log lines (grpc/grpc-go#528). The same goroutines in an ordinary dump are
// two short waits and no suspect.
TEST(LeakSuspect, LeftBehindByATestByItsLeakChecksWord) {
  for (const char* name : {"goleak.v1.1.10.txt", "goleak.v1.2.1.txt", "goleak.v1.3.0.txt"}) {
    Diagnosed d = DiagnoseFile(Data(name));
    ASSERT_FALSE(d.diagnoses.empty()) << name;
    EXPECT_EQ(d.diagnoses[0].id, "DUMP002") << name;
    EXPECT_EQ(d.diagnoses[0].location.line, 13) << name;
    EXPECT_EQ(d.diagnoses[0].goroutines, 2u) << name;
    EXPECT_NE(d.diagnoses[0].message.find("leak check"), std::string::npos);
  }
  Diagnosed grpc = DiagnoseFile(Data("realdumps/leak.grpc-528.testlog.txt"));
  ASSERT_FALSE(grpc.diagnoses.empty());
  EXPECT_EQ(grpc.diagnoses[0].id, "DUMP002");
  EXPECT_EQ(grpc.diagnoses[0].location.function, "google.golang.org/grpc.NewClientStream.func1");
  EXPECT_EQ(grpc.diagnoses[0].location.line, 148);

  std::string text = testing_data::Data("realdumps/leak.grpc-528.testlog.txt");
  for (size_t at; (at = text.find("Leaked goroutine: ")) != std::string::npos;)
    text.erase(at, std::string("Leaked goroutine: ").size());
  EXPECT_EQ(CountId(DiagnoseText(text), "DUMP002"), 0u);
}

}  // namespace
}  // namespace gopit
