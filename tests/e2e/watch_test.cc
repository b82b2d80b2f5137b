// End to end: `gopit watch` against a real Go service (tests/go/watchsvc)
// that serves net/http/pprof on 127.0.0.1 and, in leaky mode, leaks one
// goroutine per request at the line marked `watchsvc:leak-line`. The test
// drives a bounded load while the real gopit binary watches, then checks
// the suspect names that line and the `go` statement above it, that the
// healthy mode yields no suspect, that the webhook receiver (a local server
// here) gets the alert in Alertmanager's format, that history survives
// SIGKILL and a restart, and that dead, slow, wrong and truncated targets are
// reported while the good one keeps being watched.
#include <signal.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "dump/http_fetch.h"
#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const std::string kSource = std::string(GOPIT_GO_DIR) + "/watchsvc/main.go";

int MarkedLine(const std::string& marker) {
  std::ifstream in(kSource);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find(marker) != std::string::npos) return n;
  }
  return 0;
}

// The service, started in the given mode; stopped when the test ends.
class Service {
 public:
  explicit Service(const std::string& mode, const std::vector<std::string>& build_env = {}) {
    std::string bin = BuildGoProgram("watchsvc", build_env);
    std::vector<std::string> argv{bin, "-mode", mode};
    proc_ = std::make_unique<Process>(argv);
    std::string line = proc_->WaitForLine("LISTEN ", seconds(60));
    if (line.size() > 7) url_ = line.substr(7);
  }
  ~Service() {
    proc_->Signal(SIGTERM);
    proc_->Wait(seconds(20));
  }
  const std::string& url() const { return url_; }

  // `n` lookups, one every `gap`: in leaky mode each leaves a goroutine behind.
  void Drive(int n, std::chrono::milliseconds gap) {
    for (int i = 0; i < n; ++i) {
      HttpFetch(url_ + "/api/lookup?key=k" + std::to_string(i), 5000, 1 << 20);
      std::this_thread::sleep_for(gap);
    }
  }

 private:
  std::unique_ptr<Process> proc_;
  std::string url_;
};

// A local HTTP server the test controls: the webhook receiver, and targets
// that misbehave.
class LocalServer {
 public:
  LocalServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would leave it running: wait for
    // it (bounded).
    for (int i = 0; i < 5000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::vector<std::string> FastWatch() {
  // Short intervals so a bounded test sees the differential evidence: a
  // suspect needs two full dumps at least --suspect-min apart.
  // --max-duty 0: a profile every tick, however slow the machine (a
  // sanitizer build parses slower), so the test sees the same samples.
  return {"watch", "--interval", "250ms", "--full-dump-interval", "2s", "--max-duty",
          "0",     "--color",    "never"};
}

json RunWatch(std::vector<std::string> args, Output* out = nullptr) {
  Output o = Gopit(args);
  if (out) *out = o;
  if (o.out.empty() || o.out[0] != '{') {
    ADD_FAILURE() << "no JSON report; status " << o.status << "\n" << o.err << o.out;
    return json::object();
  }
  return json::parse(o.out);
}

std::string Describe(const json& target) {
  std::string s = target.dump(1).substr(0, 6000);
  return s;
}

TEST(Watch, LeakyServiceSuspectNamesTheLeakLineAndWebhookGetsTheAlert) {
  Service svc("leaky");
  ASSERT_FALSE(svc.url().empty());
  LocalServer hook;
  std::mutex mu;
  std::vector<json> payloads;
  hook.server().Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    payloads.push_back(json::parse(req.body, nullptr, false));
    res.status = 200;
  });
  std::string db = WorkDir("watch-leaky") + "/history.db";

  std::vector<std::string> args = FastWatch();
  args.insert(args.end(), {"--duration", "12s", "--format", "json", "--db", db, "--webhook",
                           hook.url() + "/hook", "--fail-on", "warning", "svc=" + svc.url()});
  Output o;
  std::thread load([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    svc.Drive(60, std::chrono::milliseconds(100));
  });
  json report = RunWatch(args, &o);
  load.join();
  EXPECT_EQ(o.status, 1) << "a LeakSuspect warning must fail --fail-on warning\n" << o.err;
  ASSERT_EQ(report.value("schema", ""), "gopit.watch/v1");
  ASSERT_EQ(report["targets"].size(), 1u);
  const json& t = report["targets"][0];
  EXPECT_EQ(t["name"], "svc");
  EXPECT_GT(t["samples"].get<int>(), 10);
  EXPECT_EQ(t["errors"].get<int>(), 0) << t["last_error"];
  EXPECT_GE(t["goroutines"]["last"].get<int>(), t["goroutines"]["first"].get<int>() + 50);

  ASSERT_FALSE(t["diagnoses"].empty()) << Describe(t);
  const json& top = t["diagnoses"][0];
  EXPECT_EQ(top["id"], "DUMP002") << Describe(t);
  int leak_line = MarkedLine("// watchsvc:leak-line");
  ASSERT_GT(leak_line, 0);
  EXPECT_EQ(top["location"]["file"], kSource) << Describe(t);
  EXPECT_EQ(top["location"]["line"], leak_line) << Describe(t);
  EXPECT_EQ(top["location"]["function"], "main.lookupLeaky.func1");
  ASSERT_TRUE(top["created_by"].is_object()) << Describe(t);
  EXPECT_EQ(top["created_by"]["line"], leak_line - 1);
  EXPECT_GE(top["goroutines"].get<int>(), 50);

  bool growth = false;
  for (const json& d : t["diagnoses"])
    growth = growth || d["id"] == "DUMP010";
  EXPECT_TRUE(growth) << "the bucket grew all along: DUMP010\n" << Describe(t);

  ASSERT_FALSE(t["buckets"].empty());
  EXPECT_TRUE(t["buckets"][0]["suspect"].get<bool>());
  EXPECT_EQ(t["buckets"][0]["state"], "chan send");
  EXPECT_EQ(t["buckets"][0]["location"]["line"], leak_line);

  bool alerted = false;
  for (const json& a : t["alerts"])
    alerted = alerted || a["name"] == "LeakSuspect";
  EXPECT_TRUE(alerted) << Describe(t);

  std::lock_guard<std::mutex> lock(mu);
  bool hooked = false;
  for (const json& p : payloads) {
    ASSERT_TRUE(p.is_object());
    EXPECT_EQ(p["version"], "4");
    for (const json& a : p["alerts"]) {
      if (a["labels"]["alertname"] != "LeakSuspect") continue;
      hooked = true;
      EXPECT_EQ(a["status"], "firing");
      EXPECT_EQ(a["labels"]["target"], "svc");
      EXPECT_EQ(a["labels"]["severity"], "warning");
      EXPECT_NE(a["annotations"]["summary"].get<std::string>().find("main.go:" +
                                                                    std::to_string(leak_line)),
                std::string::npos)
          << a.dump();
    }
  }
  EXPECT_TRUE(hooked) << payloads.size() << " payloads, none with LeakSuspect";

  // The history holds what watch saw.
  Output h = Gopit({"history", "--db", db, "--format", "json"});
  ASSERT_EQ(h.status, 0) << h.err;
  json hist = json::parse(h.out);
  ASSERT_EQ(hist["targets"].size(), 1u);
  EXPECT_EQ(hist["targets"][0]["samples"], t["samples"]);
  EXPECT_EQ(hist["targets"][0]["diagnoses"][0]["id"], "DUMP002");
}

TEST(Watch, HealthyServiceUnderTheSameLoadHasNoSuspect) {
  Service svc("healthy");
  ASSERT_FALSE(svc.url().empty());
  std::vector<std::string> args = FastWatch();
  args.insert(args.end(), {"--duration", "10s", "--format", "json", "--no-db", "--fail-on",
                           "warning", svc.url()});
  Output o;
  std::thread load([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    svc.Drive(60, std::chrono::milliseconds(100));
  });
  json report = RunWatch(args, &o);
  load.join();
  EXPECT_EQ(o.status, 0) << o.err;
  ASSERT_EQ(report["targets"].size(), 1u);
  const json& t = report["targets"][0];
  EXPECT_GT(t["samples"].get<int>(), 10);
  for (const json& d : t["diagnoses"]) {
    EXPECT_NE(d["id"], "DUMP002") << Describe(t);
    EXPECT_NE(d["id"], "DUMP010") << Describe(t);
  }
  for (const json& b : t["buckets"])
    EXPECT_FALSE(b["suspect"].get<bool>()) << Describe(t);
  EXPECT_TRUE(t["alerts"].empty()) << Describe(t);
}

// Built with GOEXPERIMENT=goroutineleakprofile (Go 1.26), the service serves
// the goroutine-leak profile, in which the runtime proves the leaked workers
// can never wake: watch reads it and reports DUMP000 and a critical alert.
TEST(Watch, LeakProfileProvesTheLeak) {
  Service svc("leaky", {"GOEXPERIMENT=goroutineleakprofile"});
  ASSERT_FALSE(svc.url().empty());
  std::vector<std::string> args = FastWatch();
  args.insert(args.end(), {"--duration", "6s", "--leak-profile-interval", "1s", "--format", "json",
                           "--no-db", svc.url()});
  Output o;
  std::thread load([&] { svc.Drive(20, std::chrono::milliseconds(100)); });
  json report = RunWatch(args, &o);
  load.join();
  const json& t = report["targets"][0];
  EXPECT_GE(t["leak_profile_reads"].get<int>(), 2) << Describe(t);
  const json* proven = nullptr;
  for (const json& d : t["diagnoses"]) {
    if (d["id"] == "DUMP000" && !proven) proven = &d;
  }
  ASSERT_NE(proven, nullptr) << Describe(t);
  EXPECT_EQ((*proven)["location"]["line"], MarkedLine("// watchsvc:leak-line"));
  EXPECT_EQ(t["diagnoses"][0]["id"], "DUMP000") << "a proof ranks above a suspicion";
  bool critical = false;
  for (const json& a : t["alerts"])
    critical = critical || (a["name"] == "ProvenLeak" && a["severity"] == "critical");
  EXPECT_TRUE(critical) << Describe(t);
}

TEST(Watch, WithoutTheLeakProfileItIsNotAskedAgain) {
  Service svc("healthy");
  ASSERT_FALSE(svc.url().empty());
  json report =
      RunWatch({"watch", "--interval", "200ms", "--duration", "3s", "--leak-profile-interval",
                "500ms", "--format", "json", "--no-db", svc.url()});
  const json& t = report["targets"][0];
  EXPECT_EQ(t["leak_profile_reads"], 0);
  EXPECT_EQ(t["errors"], 0) << "a missing leak profile is not a failed sample";
}

int HistorySamples(const std::string& db) {
  Output h = Gopit({"history", "--db", db, "--format", "json"});
  if (h.status != 0 || h.out.empty()) return -1;
  json j = json::parse(h.out, nullptr, false);
  if (!j.is_object() || j["targets"].empty()) return 0;
  return j["targets"][0]["samples"].get<int>();
}

TEST(Watch, HistorySurvivesSigkillAndRestart) {
  Service svc("healthy");
  ASSERT_FALSE(svc.url().empty());
  std::string db = WorkDir("watch-kill") + "/history.db";
  int before = 0;
  {
    Process watch(
        {GOPIT_BINARY, "watch", "--interval", "100ms", "--db", db, "--quiet", "svc=" + svc.url()});
    // Bounded: wait until the history holds samples, then kill without warning.
    for (int i = 0; i < 100 && before < 5; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      before = HistorySamples(db);
    }
    watch.Signal(SIGKILL);
    watch.Wait(seconds(10));
  }
  ASSERT_GE(before, 5) << "watch recorded no samples";
  int after_kill = HistorySamples(db);
  EXPECT_GE(after_kill, before) << "committed samples were lost";

  Output o = Gopit({"watch", "--interval", "100ms", "--duration", "2s", "--db", db, "--quiet",
                    "svc=" + svc.url()});
  EXPECT_EQ(o.status, 0) << o.err;
  int after_restart = HistorySamples(db);
  EXPECT_GT(after_restart, after_kill) << "the restarted watch appends to the same history";
}

TEST(Watch, BadTargetsAreReportedAndTheGoodOneIsStillWatched) {
  Service svc("healthy");
  ASSERT_FALSE(svc.url().empty());
  // Real debug=1 text, for the truncated answer.
  FetchResult real = HttpFetch(svc.url() + "/debug/pprof/goroutine?debug=1", 5000, 1 << 20);
  ASSERT_EQ(real.error, "");
  // Declared before the server, so they outlive its handler threads.
  std::atomic<bool> stopping{false};
  std::string half = real.body.substr(0, real.body.size() / 2);
  LocalServer bad;
  bad.server().Get("/slow/debug/pprof/goroutine",
                   [&](const httplib::Request&, httplib::Response& res) {
                     for (int i = 0; i < 30 && !stopping; ++i)
                       std::this_thread::sleep_for(std::chrono::milliseconds(100));
                     res.set_content(real.body, "text/plain");
                   });
  bad.server().Get("/html/debug/pprof/goroutine",
                   [](const httplib::Request&, httplib::Response& res) {
                     res.set_content("<html><body>login required</body></html>", "text/html");
                   });
  bad.server().Get("/fail/debug/pprof/goroutine",
                   [](const httplib::Request&, httplib::Response& res) {
                     res.status = 500;
                     res.set_content("internal error", "text/plain");
                   });
  bad.server().Get("/cut/debug/pprof/goroutine",
                   [&](const httplib::Request&, httplib::Response& res) {
                     res.set_content(half, "text/plain");
                   });

  // A port nothing listens on: bind one, then let it go.
  std::string dead;
  {
    LocalServer gone;
    dead = gone.url();
  }
  Output o;
  json report = RunWatch(
      // --max-duty 0: on a loaded machine a slow sample would stretch the
      // good target's interval, and this test counts its samples.
      {"watch", "--interval", "200ms", "--max-duty", "0", "--duration", "4s", "--timeout", "1s",
       "--no-db", "--format", "json", "good=" + svc.url(), "down=" + dead,
       "slow=" + bad.url() + "/slow", "html=" + bad.url() + "/html", "fail=" + bad.url() + "/fail",
       "missing=" + bad.url() + "/nothing", "cut=" + bad.url() + "/cut"},
      &o);
  stopping = true;
  EXPECT_EQ(o.status, 0) << "one target answered: " << o.err;
  std::map<std::string, json> by_name;
  for (const json& t : report["targets"])
    by_name[t["name"]] = t;
  ASSERT_EQ(by_name.size(), 7u);
  EXPECT_GT(by_name["good"]["samples"].get<int>(), 5);
  EXPECT_EQ(by_name["good"]["errors"].get<int>(), 0);
  for (const char* name : {"down", "slow", "html", "fail", "missing", "cut"}) {
    const json& t = by_name[name];
    EXPECT_EQ(t["samples"].get<int>(), 0) << name << ": " << t.dump();
    EXPECT_GT(t["errors"].get<int>(), 0) << name;
    EXPECT_FALSE(t["up"].get<bool>()) << name;
    EXPECT_NE(t["last_error"].get<std::string>(), "") << name;
    EXPECT_NE(o.err.find("gopit: " + std::string(name) + ":"), std::string::npos)
        << name << " is said on stderr:\n"
        << o.err;
  }
  EXPECT_NE(by_name["fail"]["last_error"].get<std::string>().find("500"), std::string::npos);
  EXPECT_NE(by_name["missing"]["last_error"].get<std::string>().find("404"), std::string::npos);
  EXPECT_NE(by_name["cut"]["last_error"].get<std::string>().find("trunc"), std::string::npos)
      << by_name["cut"]["last_error"];
  // The down target raised TargetDown after three failed samples.
  bool down_alert = false;
  for (const json& a : by_name["down"]["alerts"])
    down_alert = down_alert || a["name"] == "TargetDown";
  EXPECT_TRUE(down_alert) << by_name["down"].dump();
}

TEST(Watch, UsageErrors) {
  EXPECT_EQ(Gopit({"watch"}).status, 2);
  EXPECT_EQ(Gopit({"watch", "ftp://x"}).status, 2);
  EXPECT_EQ(Gopit({"watch", "--interval", "soon", "http://127.0.0.1:1"}).status, 2);
  EXPECT_EQ(Gopit({"watch", "--fail-on", "warning", "http://127.0.0.1:1"}).status, 2);
  Output same = Gopit({"watch", "a=http://127.0.0.1:1", "a=http://127.0.0.1:2"});
  EXPECT_EQ(same.status, 2);
  EXPECT_NE(same.err.find("two targets"), std::string::npos);
}

}  // namespace
}  // namespace gopit::e2e
