// The HTTP server of `watch --listen`, on a real socket, fetched with gopit's
// own HTTP client: every route, its content type, 404s with a message, the
// /metrics text through the real promtool, many clients at once, and a
// clean stop.
#include "watch/live_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "dump/http_fetch.h"
#include "promtool.h"

namespace gopit::watch {
namespace {

constexpr long kTimeoutMs = 10000;
constexpr uint64_t kMaxBytes = 16 << 20;

WatchReport State() {
  WatchReport r;
  r.from_ms = 1000;
  r.to_ms = 3000;
  TargetReport t;
  t.name = "svc one";
  t.url = "http://127.0.0.1:6060";
  t.samples = 3;
  t.up = true;
  t.goroutines = {4, 24, 24};
  t.by_category = {{"channel", 20}, {"io", 4}};
  t.totals = {{1000, 4}, {2000, 14}, {3000, 24}};
  BucketTrend b;
  b.info.fingerprint = 0x00ab00cd00ef0012ULL;
  b.info.category = "channel";
  b.info.state = "chan send";
  b.info.location = {"/src/svc/main.go", 52, "main.lookup.func1"};
  b.info.stack = {"main.lookup.func1 /src/svc/main.go:52"};
  b.counts = {{1000, 0}, {2000, 10}, {3000, 20}};
  b.last = b.max = 20;
  b.suspect = true;
  t.buckets.push_back(b);
  r.targets.push_back(t);
  return r;
}

class LiveServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(
        "127.0.0.1:0",
        [this] {
          ++calls_;
          return State();
        },
        &error))
        << error;
    ASSERT_GT(server_.port(), 0);
    base_ = server_.address();
  }
  FetchResult Get(const std::string& path) {
    return HttpFetch(base_ + path, kTimeoutMs, kMaxBytes);
  }

  LiveServer server_;
  std::string base_;
  std::atomic<int> calls_{0};
};

TEST_F(LiveServerTest, Address) {
  EXPECT_EQ(base_, "http://127.0.0.1:" + std::to_string(server_.port()));
}

TEST_F(LiveServerTest, Metrics) {
  FetchResult r = Get("/metrics");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("gopit_goroutines{target=\"svc one\"} 24\n"), std::string::npos);
  EXPECT_NE(r.body.find("bucket=\"00ab00cd00ef0012\""), std::string::npos);
  REQUIRE_PROMTOOL(promtool);
  gopit::testing::PromtoolResult check = gopit::testing::PromtoolCheck(promtool, r.body);
  EXPECT_TRUE(check.Clean()) << check.output;
}

TEST_F(LiveServerTest, LivePageAndHealth) {
  FetchResult page = Get("/");
  ASSERT_EQ(page.status, 200) << page.error;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("fetch(\"/api/state\""), std::string::npos);
  FetchResult health = Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
}

TEST_F(LiveServerTest, State) {
  FetchResult r = Get("/api/state");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.content_type, "application/json");
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.body.substr(0, 500);
  EXPECT_EQ(j["schema"], "gopit.watch/v1");
  ASSERT_EQ(j["targets"].size(), 1u);
  EXPECT_EQ(j["targets"][0]["name"], "svc one");
}

TEST_F(LiveServerTest, Bucket) {
  FetchResult r = Get("/bucket?target=svc%20one&id=00ab00cd00ef0012");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("main.lookup.func1"), std::string::npos);
  EXPECT_NE(r.body.find("data-bucket=\"00ab00cd00ef0012\""), std::string::npos);

  FetchResult unknown = Get("/bucket?target=svc%20one&id=0000000000000001");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("has no bucket 0000000000000001"), std::string::npos) << unknown.body;
  FetchResult no_target = Get("/bucket?target=nope&id=00ab00cd00ef0012");
  EXPECT_EQ(no_target.status, 404);
  EXPECT_NE(no_target.body.find("no target named nope"), std::string::npos);
  FetchResult bad = Get("/bucket?target=svc%20one&id=xyz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("16 hex digits"), std::string::npos);
}

TEST_F(LiveServerTest, UnknownPath) {
  FetchResult r = Get("/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("no page /nothing/here"), std::string::npos) << r.body;
}

TEST_F(LiveServerTest, ManyClientsAtOnce) {
  constexpr int kClients = 16, kEach = 10;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
        FetchResult r = Get(i % 2 ? "/metrics" : "/api/state");
        if (r.status == 200 && !r.body.empty()) ++ok;
      }
      (void)c;
    });
  }
  for (std::thread& t : clients)
    t.join();
  EXPECT_EQ(ok.load(), kClients * kEach);
  EXPECT_GE(calls_.load(), kClients * kEach);
}

TEST(LiveServer, ProviderThatThrowsGivesA500) {
  LiveServer s;
  std::string error;
  ASSERT_TRUE(s.Start(
      ":0", []() -> WatchReport { throw std::runtime_error("store is gone"); }, &error))
      << error;
  EXPECT_EQ(s.address(), "http://127.0.0.1:" + std::to_string(s.port()));
  FetchResult r = HttpFetch(s.address() + "/metrics", kTimeoutMs, kMaxBytes);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("store is gone"), std::string::npos);
  // The server survives it.
  EXPECT_EQ(HttpFetch(s.address() + "/healthz", kTimeoutMs, kMaxBytes).status, 200);
}

TEST(LiveServer, BadListenAddresses) {
  for (const char* bad : {"", "9464", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "::1:9464",
                          "127.0.0.1:-1"}) {
    LiveServer s;
    std::string error;
    EXPECT_FALSE(s.Start(
        bad, [] { return WatchReport{}; }, &error))
        << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(LiveServer, PortInUse) {
  LiveServer a;
  std::string error;
  ASSERT_TRUE(a.Start(
      "127.0.0.1:0", [] { return WatchReport{}; }, &error))
      << error;
  LiveServer b;
  EXPECT_FALSE(b.Start(
      "127.0.0.1:" + std::to_string(a.port()), [] { return WatchReport{}; }, &error));
  EXPECT_NE(error.find("cannot bind"), std::string::npos) << error;
}

TEST(LiveServer, StopsRightAfterStartAndTwice) {
  for (int i = 0; i < 20; ++i) {
    LiveServer s;
    std::string error;
    ASSERT_TRUE(s.Start(
        "127.0.0.1:0", [] { return WatchReport{}; }, &error))
        << error;
    int port = s.port();
    s.Stop();
    s.Stop();
    // Nothing answers any more.
    FetchResult r =
        HttpFetch("http://127.0.0.1:" + std::to_string(port) + "/healthz", 2000, kMaxBytes);
    EXPECT_EQ(r.status, 0);
  }
}

TEST(LiveServer, Ipv6Loopback) {
  LiveServer s;
  std::string error;
  if (!s.Start(
          "[::1]:0", [] { return WatchReport{}; }, &error)) {
    GTEST_SKIP() << "no IPv6 loopback here: " << error;
  }
  EXPECT_EQ(s.address(), "http://[::1]:" + std::to_string(s.port()));
  EXPECT_EQ(HttpFetch(s.address() + "/healthz", kTimeoutMs, kMaxBytes).status, 200);
}

}  // namespace
}  // namespace gopit::watch
