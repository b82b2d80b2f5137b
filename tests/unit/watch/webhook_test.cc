// The webhook sender against real HTTP receivers on 127.0.0.1: the payload
// in Alertmanager's format with every field, retries on 5xx and 429, none
// on other 4xx, giving up on a dead port, and a caller that never waits.
#include "watch/webhook.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace gopit::watch {
namespace {

using nlohmann::json;

constexpr UnixMs kT0 = 1764504000000;  // 2025-11-30T12:00:00Z
constexpr long kFlushMs = 60000;       // a bound on waits, not an expectation

// A webhook receiver: answers the n-th request (1-based) with status(n) and
// records every body.
class Receiver {
 public:
  explicit Receiver(std::function<int(int)> status, std::function<void()> on_request = nullptr)
      : status_(std::move(status)), on_request_(std::move(on_request)) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      int n;
      {
        std::lock_guard<std::mutex> lock(mu_);
        bodies_.push_back(req.body);
        content_types_.push_back(req.get_header_value("Content-Type"));
        n = static_cast<int>(bodies_.size());
      }
      if (on_request_) on_request_();
      res.status = status_(n);
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 10000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  bool Listening() const { return port_ > 0; }
  std::vector<std::string> Bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }
  std::vector<std::string> ContentTypes() {
    std::lock_guard<std::mutex> lock(mu_);
    return content_types_;
  }

 private:
  httplib::Server server_;
  std::function<int(int)> status_;
  std::function<void()> on_request_;
  std::thread thread_;
  int port_ = -1;
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::vector<std::string> content_types_;
};

// A port nothing listens on: bound, then closed.
int DeadPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

WebhookOptions FastOptions(const std::string& url) {
  WebhookOptions o;
  o.url = url;
  o.timeout_ms = 10000;
  o.max_attempts = 4;
  o.initial_backoff_ms = 1;
  o.max_backoff_ms = 4;
  o.external_url = "http://127.0.0.1:7070/";
  return o;
}

AlertEvent Alert(const std::string& target, const std::string& name, const std::string& severity,
                 UnixMs starts, UnixMs ends, std::map<std::string, std::string> labels = {}) {
  AlertEvent a;
  a.name = name;
  a.target = target;
  a.severity = severity;
  a.summary = name + " on " + target;
  a.description = "what " + name + " means";
  a.labels = std::move(labels);
  a.starts_at_ms = starts;
  a.ends_at_ms = ends;
  return a;
}

TEST(AlertmanagerPayload, EveryField) {
  std::vector<AlertEvent> alerts = {
      Alert("api", "GoroutinesHigh", "critical", kT0 + 123, 0),
      Alert("api", "LeakSuspect", "warning", kT0, kT0 + 61005,
            {{"bucket", "abcdef0123456789"}, {"location", "handler.go:45"}}),
  };
  json p = json::parse(AlertmanagerPayload(alerts, "gopit", "http://127.0.0.1:7070/"));
  EXPECT_EQ(p["version"], "4");
  EXPECT_EQ(p["groupKey"], "{}:{target=\"api\"}");
  EXPECT_EQ(p["truncatedAlerts"], 0);
  EXPECT_EQ(p["status"], "firing");
  EXPECT_EQ(p["receiver"], "gopit");
  EXPECT_EQ(p["groupLabels"], json({{"target", "api"}}));
  EXPECT_EQ(p["commonLabels"], json({{"target", "api"}}));
  EXPECT_EQ(p["commonAnnotations"], json::object());
  EXPECT_EQ(p["externalURL"], "http://127.0.0.1:7070/");
  ASSERT_EQ(p["alerts"].size(), 2u);

  const json& high = p["alerts"][0];
  EXPECT_EQ(high["status"], "firing");
  EXPECT_EQ(high["labels"],
            json({{"alertname", "GoroutinesHigh"}, {"target", "api"}, {"severity", "critical"}}));
  EXPECT_EQ(high["annotations"], json({{"summary", "GoroutinesHigh on api"},
                                       {"description", "what GoroutinesHigh means"}}));
  EXPECT_EQ(high["startsAt"], "2025-11-30T12:00:00.123Z");
  EXPECT_EQ(high["endsAt"], "0001-01-01T00:00:00Z");
  EXPECT_EQ(high["generatorURL"], "http://127.0.0.1:7070/");
  EXPECT_TRUE(std::regex_match(high["fingerprint"].get<std::string>(), std::regex("[0-9a-f]{16}")));

  const json& suspect = p["alerts"][1];
  EXPECT_EQ(suspect["status"], "resolved");
  EXPECT_EQ(suspect["labels"]["bucket"], "abcdef0123456789");
  EXPECT_EQ(suspect["labels"]["location"], "handler.go:45");
  EXPECT_EQ(suspect["labels"]["severity"], "warning");
  EXPECT_EQ(suspect["startsAt"], "2025-11-30T12:00:00.000Z");
  EXPECT_EQ(suspect["endsAt"], "2025-11-30T12:01:01.005Z");
  EXPECT_NE(suspect["fingerprint"], high["fingerprint"]);

  // All resolved: the group is resolved, and what they share is common.
  alerts[0].ends_at_ms = kT0 + 1000;
  alerts[1].description = alerts[0].description;
  p = json::parse(AlertmanagerPayload(alerts, "gopit", ""));
  EXPECT_EQ(p["status"], "resolved");
  EXPECT_EQ(p["commonAnnotations"], json({{"description", "what GoroutinesHigh means"}}));
  EXPECT_EQ(p["externalURL"], "");
}

TEST(AlertmanagerPayload, FingerprintIsStableAndFollowsTheLabels) {
  auto fp = [](const AlertEvent& a) {
    return json::parse(AlertmanagerPayload({a}, "r", ""))["alerts"][0]["fingerprint"];
  };
  AlertEvent a = Alert("api", "LeakSuspect", "warning", kT0, 0, {{"bucket", "01"}});
  AlertEvent later = a;
  later.starts_at_ms += 5000;
  later.ends_at_ms = kT0 + 9000;
  later.summary = "other words";
  EXPECT_EQ(fp(a), fp(later));  // identity is the labels, not the times or text
  AlertEvent other = a;
  other.labels["bucket"] = "02";
  EXPECT_NE(fp(a), fp(other));
  other = a;
  other.target = "db";
  EXPECT_NE(fp(a), fp(other));
  // Pinned: receivers match a resolution to its alert by fingerprint, across
  // gopit versions too (docs/watch-config.md shows these).
  EXPECT_EQ(fp(Alert("api", "GoroutinesHigh", "critical", kT0, 0)), "7e0216310d838e6e");
  EXPECT_EQ(fp(Alert("api", "GoroutinesHigh", "warning", kT0, 0)), "ee85477672fa988d");
  EXPECT_EQ(fp(Alert("api", "LeakSuspect", "warning", kT0, 0,
                     {{"bucket", "9f3c2a7d51e04b86"}, {"location", "handler.go:45"}})),
            "7a4daadd2a705218");
  // A value cannot run into the next name.
  AlertEvent x = Alert("t", "N", "warning", kT0, 0, {{"a", "bc"}});
  AlertEvent y = Alert("t", "N", "warning", kT0, 0, {{"ab", "c"}});
  EXPECT_NE(fp(x), fp(y));
}

TEST(AlertmanagerPayload, TextThatIsNotUtf8StillSends) {
  AlertEvent a = Alert("api", "LeakSuspect", "warning", kT0, 0);
  a.summary = "blocked in main.\xff\xfe";
  std::string body = AlertmanagerPayload({a}, "gopit", "");
  EXPECT_NO_THROW(json::parse(body));
}

TEST(WebhookSender, PostsOnePayloadPerTarget) {
  Receiver rx([](int) { return 200; });
  ASSERT_TRUE(rx.Listening());
  WebhookSender sender(FastOptions(rx.Url()));
  sender.Send({Alert("api", "GoroutinesHigh", "critical", kT0, 0),
               Alert("db", "TargetDown", "warning", kT0, 0),
               Alert("api", "LeakSuspect", "warning", kT0, 0, {{"bucket", "01"}})});
  ASSERT_TRUE(sender.Flush(kFlushMs));
  auto stats = sender.GetStats();
  EXPECT_EQ(stats.delivered, 2u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.retries, 0u);

  auto bodies = rx.Bodies();
  ASSERT_EQ(bodies.size(), 2u);
  for (const std::string& ct : rx.ContentTypes())
    EXPECT_EQ(ct, "application/json");
  std::map<std::string, json> by_target;
  for (const std::string& b : bodies) {
    json p = json::parse(b);
    for (const char* field :
         {"version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels",
          "commonLabels", "commonAnnotations", "externalURL", "alerts"}) {
      EXPECT_TRUE(p.contains(field)) << field << " in " << b;
    }
    for (const json& a : p["alerts"]) {
      for (const char* field : {"status", "labels", "annotations", "startsAt", "endsAt",
                                "generatorURL", "fingerprint"}) {
        EXPECT_TRUE(a.contains(field)) << field << " in " << b;
      }
      for (const char* label : {"alertname", "target", "severity"})
        EXPECT_TRUE(a["labels"].contains(label)) << label << " in " << b;
      EXPECT_TRUE(a["annotations"].contains("summary"));
      EXPECT_TRUE(a["annotations"].contains("description"));
    }
    by_target[p["groupLabels"]["target"]] = p;
  }
  ASSERT_EQ(by_target.count("api"), 1u);
  ASSERT_EQ(by_target.count("db"), 1u);
  EXPECT_EQ(by_target["api"]["alerts"].size(), 2u);
  EXPECT_EQ(by_target["db"]["alerts"][0]["labels"]["alertname"], "TargetDown");
  EXPECT_EQ(by_target["db"]["externalURL"], "http://127.0.0.1:7070/");
}

TEST(WebhookSender, RetriesServerErrorsUntilAccepted) {
  Receiver rx([](int n) { return n <= 2 ? 500 : 200; });
  ASSERT_TRUE(rx.Listening());
  WebhookSender sender(FastOptions(rx.Url()));
  sender.Send({Alert("api", "Deadlock", "critical", kT0, 0)});
  EXPECT_TRUE(sender.Flush(kFlushMs));
  EXPECT_EQ(rx.Bodies().size(), 3u);
  auto stats = sender.GetStats();
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_EQ(stats.retries, 2u);
  EXPECT_EQ(stats.failed, 0u);
  // The same payload each time.
  auto bodies = rx.Bodies();
  EXPECT_EQ(bodies[0], bodies[2]);
}

TEST(WebhookSender, RetriesTooManyRequests) {
  Receiver rx([](int n) { return n == 1 ? 429 : 204; });
  ASSERT_TRUE(rx.Listening());
  WebhookSender sender(FastOptions(rx.Url()));
  sender.Send({Alert("api", "Deadlock", "critical", kT0, 0)});
  EXPECT_TRUE(sender.Flush(kFlushMs));
  EXPECT_EQ(rx.Bodies().size(), 2u);
  EXPECT_EQ(sender.GetStats().delivered, 1u);
}

TEST(WebhookSender, DoesNotRetryAClientError) {
  Receiver rx([](int) { return 400; });
  ASSERT_TRUE(rx.Listening());
  WebhookSender sender(FastOptions(rx.Url()));
  sender.Send({Alert("api", "Deadlock", "critical", kT0, 0)});
  EXPECT_FALSE(sender.Flush(kFlushMs));
  EXPECT_EQ(rx.Bodies().size(), 1u);
  auto stats = sender.GetStats();
  EXPECT_EQ(stats.delivered, 0u);
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.retries, 0u);
  EXPECT_EQ(stats.last_error, "the webhook answered HTTP 400");
}

TEST(WebhookSender, GivesUpOnADeadPort) {
  const std::string secret_path = "/services/T000/B000/s3cr3t";
  WebhookOptions o = FastOptions("http://127.0.0.1:" + std::to_string(DeadPort()) + secret_path);
  WebhookSender sender(o);
  sender.Send({Alert("api", "Deadlock", "critical", kT0, 0)});
  EXPECT_FALSE(sender.Flush(kFlushMs));
  auto stats = sender.GetStats();
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.retries, static_cast<uint64_t>(o.max_attempts - 1));
  EXPECT_EQ(stats.delivered, 0u);
  EXPECT_FALSE(stats.last_error.empty());
  EXPECT_EQ(stats.last_error.find("s3cr3t"), std::string::npos) << stats.last_error;

  // Once given up, a later delivery is judged on its own.
  Receiver rx([](int) { return 200; });
  ASSERT_TRUE(rx.Listening());
  WebhookSender ok(FastOptions(rx.Url()));
  ok.Send({Alert("api", "Deadlock", "critical", kT0, 0)});
  EXPECT_TRUE(ok.Flush(kFlushMs));
}

TEST(WebhookSender, SendNeverWaitsForTheReceiver) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  Receiver rx([](int) { return 200; },
              [&] {
                std::unique_lock<std::mutex> lock(mu);
                cv.wait_for(lock, std::chrono::seconds(30), [&] { return release; });
              });
  ASSERT_TRUE(rx.Listening());
  WebhookSender sender(FastOptions(rx.Url()));
  for (int i = 0; i < 3; ++i)
    sender.Send({Alert("api", "Deadlock", "critical", kT0 + i, 0)});
  // The receiver holds the first request; every Send has returned.
  EXPECT_FALSE(sender.Flush(0));
  EXPECT_LE(rx.Bodies().size(), 1u);
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_TRUE(sender.Flush(kFlushMs));
  EXPECT_EQ(rx.Bodies().size(), 3u);
  EXPECT_EQ(sender.GetStats().delivered, 3u);
}

TEST(WebhookSender, DestructorDoesNotWaitOutTheBackoff) {
  WebhookOptions o = FastOptions("http://127.0.0.1:" + std::to_string(DeadPort()) + "/hook");
  o.initial_backoff_ms = 3600000;  // an hour: the test would time out if waited for
  o.max_backoff_ms = 3600000;
  auto sender = std::make_unique<WebhookSender>(o);
  sender->Send({Alert("api", "Deadlock", "critical", kT0, 0)});
  // Until the first attempt has failed, so the worker sits in its back-off.
  for (int i = 0; i < 60000 && sender->GetStats().retries == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(sender->GetStats().retries, 1u);
  sender.reset();
}

TEST(WebhookSender, NothingToSendIsDelivered) {
  WebhookSender sender(FastOptions("http://127.0.0.1:1/hook"));
  sender.Send({});
  EXPECT_TRUE(sender.Flush(kFlushMs));
  EXPECT_EQ(sender.GetStats().delivered, 0u);
}

}  // namespace
}  // namespace gopit::watch
