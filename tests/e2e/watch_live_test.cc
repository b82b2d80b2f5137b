// `gopit watch --listen` against a real leaking Go service: the real gopit
// binary watches tests/go/watchsvc in leaky mode while the test drives
// requests at it (each leaks one goroutine at the line marked
// "watchsvc:leak-line"), then reads /metrics through the real promtool,
// /api/state, a /bucket page, and loads the live page in headless Chromium,
// whose DOM must show the target and the leaking bucket at main.go's leak
// line. The screenshot stays in the test's work directory.
//
// Without promtool or chromium the test fails in CI (CI=true) and skips
// that part elsewhere.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "dump/http_fetch.h"
#include "e2e/chromium.h"
#include "e2e/support.h"
#include "promtool.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr long kFetchMs = 10000;
constexpr uint64_t kMaxBytes = 32 << 20;

int LeakLine() {
  std::ifstream in(std::string(GOPIT_GO_DIR) + "/watchsvc/main.go");
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.find("// watchsvc:leak-line") != std::string::npos) return n;
  }
  return 0;
}

bool HaveGo() {
  return !GoTool().empty();
}

// The bucket of `target` in /api/state whose place is main.go:line, or null.
json LeakBucket(const json& target, int line) {
  for (const json& b : target.value("buckets", json::array())) {
    const json& loc = b["location"];
    std::string file = loc.value("file", "");
    if (file.ends_with("/main.go") && loc.value("line", 0) == line) return b;
  }
  return nullptr;
}

TEST(WatchLive, LeakingServiceOnTheLivePageAndMetrics) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  int leak_line = LeakLine();
  ASSERT_GT(leak_line, 0) << "no watchsvc:leak-line marker in tests/go/watchsvc/main.go";
  std::string dir = WorkDir("watch-live");

  Process svc({BuildGoProgram("watchsvc"), "-mode", "leaky"});
  std::string listen = svc.WaitForLine("LISTEN ", seconds(60));
  ASSERT_FALSE(listen.empty()) << svc.Stderr();
  std::string svc_url = listen.substr(7);

  // watch prints the live page's address on stderr; the shell joins stderr
  // to stdout so that it can be waited for line by line. --duration is the
  // safety net; the test interrupts it once done.
  Process watch({"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", GOPIT_BINARY, "watch", "--listen",
                 "127.0.0.1:0", "--no-db", "--interval", "200ms", "--duration", "90s",
                 "svc=" + svc_url});
  std::string live = watch.WaitForLine("gopit: live page at ", seconds(60));
  ASSERT_FALSE(live.empty()) << "no live page line; watch printed:\n" << watch.Stdout();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(live, m, std::regex("(http://127\\.0\\.0\\.1:[0-9]+)/"))) << live;
  std::string base = m[1];

  // Bounded load: 100 lookups from 4 clients, each leaking one goroutine.
  constexpr int kRequests = 100, kClients = 4;
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = c; i < kRequests; i += kClients) {
        FetchResult r =
            HttpFetch(svc_url + "/api/lookup?key=k" + std::to_string(i), kFetchMs, 1 << 20);
        if (r.status > 0) ++answered;
      }
    });
  }
  for (std::thread& t : clients)
    t.join();
  ASSERT_EQ(answered.load(), kRequests);

  // Wait (bounded) until watch has sampled the leaked goroutines.
  std::string name;
  json bucket;
  for (int i = 0; i < 150 && bucket.is_null(); ++i) {
    FetchResult r = HttpFetch(base + "/api/state", kFetchMs, kMaxBytes);
    if (r.status == 200) {
      json state = json::parse(r.body, nullptr, false);
      if (!state.is_discarded() && state.contains("targets") && !state["targets"].empty()) {
        const json& t = state["targets"][0];
        name = t.value("name", "");
        json b = LeakBucket(t, leak_line);
        if (!b.is_null() && b.value("last", 0) >= kRequests) bucket = b;
      }
    }
    if (bucket.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_FALSE(bucket.is_null()) << "no bucket at main.go:" << leak_line
                                 << " with all the leaked goroutines; watch printed:\n"
                                 << watch.Stdout();
  EXPECT_EQ(name, "svc");
  std::string id = bucket.value("fingerprint", "");
  ASSERT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{16}"))) << id;

  // /metrics: valid and lint-free for promtool, with the target's goroutines.
  FetchResult metrics = HttpFetch(base + "/metrics", kFetchMs, kMaxBytes);
  ASSERT_EQ(metrics.status, 200) << metrics.error;
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  std::ofstream(dir + "/metrics.txt") << metrics.body;
  ASSERT_TRUE(std::regex_search(metrics.body, m,
                                std::regex("\ngopit_goroutines\\{target=\"svc\"\\} ([0-9]+)\n")))
      << metrics.body.substr(0, 2000);
  EXPECT_GE(std::stoull(m[1]), static_cast<unsigned long long>(kRequests));
  EXPECT_NE(metrics.body.find("bucket=\"" + id + "\""), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      metrics.body, std::regex("gopit_bucket_goroutines\\{target=\"svc\",bucket=\"" + id +
                               "\",function=\"[^\"]*\",location=\"[^\"]*main\\.go:" +
                               std::to_string(leak_line) + "\",category=\"[a-z]+\"\\} [0-9]+\n")));
  {
    std::string promtool = gopit::testing::FindPromtool();
    if (promtool.empty()) {
      if (InCI()) ADD_FAILURE() << "promtool is not installed (package prometheus)";
    } else {
      gopit::testing::PromtoolResult check = gopit::testing::PromtoolCheck(promtool, metrics.body);
      EXPECT_TRUE(check.Clean()) << check.output;
    }
  }

  // The bucket's own page, and a 404 for one that is not there.
  FetchResult page = HttpFetch(base + "/bucket?target=svc&id=" + id, kFetchMs, kMaxBytes);
  ASSERT_EQ(page.status, 200) << page.error;
  EXPECT_NE(page.body.find("main.go:" + std::to_string(leak_line) + "</span>"), std::string::npos);
  EXPECT_EQ(HttpFetch(base + "/bucket?target=svc&id=0000000000000000", kFetchMs, kMaxBytes).status,
            404);

  // The live page in a real browser: its script fetched /api/state and drew
  // the target and the leaking bucket, linked to its page.
  std::string chrome = FindChromium();
  if (chrome.empty()) {
    if (InCI()) ADD_FAILURE() << "chromium is not installed (scripts/deps-apt.txt lists it)";
  } else {
    Output dom = DumpDom(chrome, base + "/", 4000);
    ASSERT_EQ(dom.status, 0) << dom.err.substr(0, 2000);
    std::ofstream(dir + "/live.dom.html") << dom.out;
    EXPECT_NE(dom.out.find("data-ready=\"1\""), std::string::npos) << dom.out.substr(0, 1000);
    size_t section = dom.out.find("<section class=\"target\" data-target=\"svc\"");
    ASSERT_NE(section, std::string::npos) << dom.out.substr(0, 3000);
    size_t row = dom.out.find("<tr data-bucket=\"" + id + "\"", section);
    ASSERT_NE(row, std::string::npos) << dom.out.substr(section, 3000);
    std::string tr = dom.out.substr(row, dom.out.find("</tr>", row) - row);
    EXPECT_NE(tr.find("data-suspect=\""), std::string::npos);
    EXPECT_NE(tr.find("href=\"/bucket?target=svc&amp;id=" + id + "\""), std::string::npos) << tr;
    EXPECT_NE(tr.find(">main.go:" + std::to_string(leak_line) + "</span>"), std::string::npos)
        << tr;
    // The chart of the target's goroutines was drawn.
    EXPECT_NE(dom.out.find("<polyline", section), std::string::npos);

    std::string png = dir + "/live.png";
    Output shot = Screenshot(chrome, base + "/", png, 3000);
    EXPECT_EQ(shot.status, 0) << shot.err.substr(0, 2000);
    std::string data = ReadFile(png);
    EXPECT_GT(data.size(), 10u * 1024) << png << " looks empty";
    EXPECT_EQ(data.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  }

  // watch stops on an interrupt, live server included.
  watch.Signal(SIGINT);
  int status = watch.Wait(seconds(60));
  EXPECT_NE(status, -1) << "watch did not stop";
  EXPECT_LT(status, 128) << "watch died of a signal:\n" << watch.Stdout();
  svc.Signal(SIGTERM);
  svc.Wait(seconds(30));
}

}  // namespace
}  // namespace gopit::e2e
