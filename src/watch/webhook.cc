// The webhook sender posts with libcurl rather than cpp-httplib's client:
// libcurl takes the receiver's URL whole (https with the system's CA store,
// proxies from the environment, IPv6 literals, a path with a query), which
// httplib wants split into host and path by hand, and it is the HTTP stack
// the dump fetcher already uses, so there is one to configure and trust.
#include "watch/webhook.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace gopit::watch {
namespace {

// "2026-11-30T12:05:29.123Z"; the zero time of Go, which Alertmanager sends
// for an alert that has not ended, when `ms` is 0.
std::string Rfc3339(UnixMs ms) {
  if (ms == 0) return "0001-01-01T00:00:00Z";
  time_t secs = static_cast<time_t>(ms / 1000);
  int64_t rem = ms % 1000;
  if (rem < 0) rem += 1000, --secs;
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(rem));
  return buf;
}

std::map<std::string, std::string> AllLabels(const AlertEvent& a) {
  std::map<std::string, std::string> l = a.labels;
  l["alertname"] = a.name;
  l["target"] = a.target;
  l["severity"] = a.severity;
  return l;
}

// FNV-1a over the sorted labels, each name and value closed by 0xff (a byte
// UTF-8 never holds), so no two label sets run together into one string.
std::string Fingerprint(const std::map<std::string, std::string>& labels) {
  uint64_t h = 14695981039346656037ULL;
  auto feed = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  for (const auto& [k, v] : labels) {
    feed(k);
    feed(v);
  }
  static const char* kDigits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4)
    s[static_cast<size_t>(i)] = kDigits[h & 15];
  return s;
}

std::string QuoteLabel(const std::string& v) {
  std::string s = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') s += '\\';
    s += c;
  }
  return s + "\"";
}

// The entries every map of `maps` holds with the same value.
std::map<std::string, std::string> Common(
    const std::vector<std::map<std::string, std::string>>& maps) {
  if (maps.empty()) return {};
  std::map<std::string, std::string> common = maps.front();
  for (size_t i = 1; i < maps.size(); ++i) {
    for (auto it = common.begin(); it != common.end();) {
      auto f = maps[i].find(it->first);
      if (f == maps[i].end() || f->second != it->second)
        it = common.erase(it);
      else
        ++it;
    }
  }
  return common;
}

std::once_flag g_curl_once;

}  // namespace

std::string AlertmanagerPayload(const std::vector<AlertEvent>& alerts, const std::string& receiver,
                                const std::string& external_url) {
  using nlohmann::json;
  json body = json::object();
  std::vector<std::map<std::string, std::string>> labels, annotations;
  json list = json::array();
  bool firing = false;
  for (const AlertEvent& a : alerts) {
    labels.push_back(AllLabels(a));
    annotations.push_back({{"summary", a.summary}, {"description", a.description}});
    firing = firing || a.Firing();
    json j;
    j["status"] = a.Firing() ? "firing" : "resolved";
    j["labels"] = labels.back();
    j["annotations"] = annotations.back();
    j["startsAt"] = Rfc3339(a.starts_at_ms);
    j["endsAt"] = Rfc3339(a.ends_at_ms);
    j["generatorURL"] = external_url;
    j["fingerprint"] = Fingerprint(labels.back());
    list.push_back(std::move(j));
  }
  // gopit groups by target, so the group's labels are the target alone
  // (empty when the alerts name several, which the sender never does).
  std::map<std::string, std::string> group;
  std::map<std::string, std::string> common = Common(labels);
  if (common.count("target")) group["target"] = common["target"];
  std::string key = "{}:{";
  for (const auto& [k, v] : group)
    key += k + "=" + QuoteLabel(v);
  key += "}";
  body["version"] = "4";
  body["groupKey"] = key;
  body["truncatedAlerts"] = 0;
  body["status"] = firing ? "firing" : "resolved";
  body["receiver"] = receiver;
  body["groupLabels"] = group;
  body["commonLabels"] = common;
  body["commonAnnotations"] = Common(annotations);
  body["externalURL"] = external_url;
  body["alerts"] = std::move(list);
  // Text from a dump is not always valid UTF-8; a receiver gets U+FFFD
  // rather than no alert.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct WebhookSender::Impl {
  WebhookOptions opts;
  std::mutex mu;
  std::condition_variable work;  // the worker waits for payloads or stop
  std::condition_variable idle;  // Flush waits for the queue to drain
  std::deque<std::string> queue;
  bool busy = false;
  std::atomic<bool> stop{false};
  Stats stats;
  uint64_t failed_at_flush = 0;
  std::mt19937_64 rng{std::random_device{}()};
  std::thread worker;

  // A receiver that is down for hours must not hold every alert since in
  // memory: past this, the oldest payload is given up.
  static constexpr size_t kMaxQueue = 1000;

  void Run();
  void Deliver(const std::string& payload);
  // One POST. 0 on a connection error; *retry says whether trying again
  // may help.
  long Post(const std::string& payload, std::string& error, bool& retry);
};

namespace {
size_t Discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

int AbortOnStop(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(flag)->load() ? 1 : 0;
}
}  // namespace

long WebhookSender::Impl::Post(const std::string& payload, std::string& error, bool& retry) {
  CURL* c = curl_easy_init();
  if (!c) {
    error = "cannot start an HTTP request";
    retry = true;
    return 0;
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  // Without this curl waits for "100 Continue" on bodies over 1 KiB, which
  // some receivers never send.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, opts.url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "gopit/" GOPIT_VERSION);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, opts.timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::min(opts.timeout_ms, 10000L));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  // So the destructor does not wait out a request to a receiver that hangs.
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, AbortOnStop);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    // curl's messages name the host and port, never the URL's path, which
    // for many webhook services is the secret.
    error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    retry = true;
    return 0;
  }
  if (status >= 200 && status < 300) {
    error.clear();
    retry = false;
  } else {
    error = "the webhook answered HTTP " + std::to_string(status);
    // Overload and server trouble pass; any other answer will not change.
    retry = status == 429 || status >= 500;
  }
  return status;
}

void WebhookSender::Impl::Deliver(const std::string& payload) {
  int attempts = std::max(opts.max_attempts, 1);
  for (int attempt = 1;; ++attempt) {
    std::string error;
    bool retry = false;
    long status = Post(payload, error, retry);
    std::unique_lock<std::mutex> lock(mu);
    if (status >= 200 && status < 300) {
      ++stats.delivered;
      return;
    }
    stats.last_error = error;
    if (!retry || attempt >= attempts || stop) {
      ++stats.failed;
      return;
    }
    ++stats.retries;
    // Exponential back-off with jitter (half to all of the step), so senders
    // that failed together do not retry together.
    long step = std::max(opts.initial_backoff_ms, 1L);
    for (int i = 1; i < attempt && step < opts.max_backoff_ms; ++i)
      step *= 2;
    step = std::min(step, std::max(opts.max_backoff_ms, 1L));
    std::uniform_int_distribution<long> jitter(step / 2, step);
    long wait = jitter(rng);
    work.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stop.load(); });
  }
}

void WebhookSender::Impl::Run() {
  for (;;) {
    std::string payload;
    {
      std::unique_lock<std::mutex> lock(mu);
      work.wait(lock, [this] { return stop || !queue.empty(); });
      if (stop) return;
      payload = std::move(queue.front());
      queue.pop_front();
      busy = true;
    }
    Deliver(payload);
    {
      std::lock_guard<std::mutex> lock(mu);
      busy = false;
    }
    idle.notify_all();
  }
}

WebhookSender::WebhookSender(WebhookOptions opts) : impl_(std::make_unique<Impl>()) {
  std::call_once(g_curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->opts = std::move(opts);
  impl_->worker = std::thread([this] { impl_->Run(); });
}

WebhookSender::~WebhookSender() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->work.notify_all();
  impl_->idle.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
}

void WebhookSender::Send(std::vector<AlertEvent> alerts) {
  if (alerts.empty() || impl_->opts.url.empty()) return;
  // One payload per target, as Alertmanager sends one per group.
  std::map<std::string, std::vector<AlertEvent>> groups;
  for (AlertEvent& a : alerts)
    groups[a.target].push_back(std::move(a));
  std::vector<std::string> payloads;
  for (const auto& [target, group] : groups)
    payloads.push_back(AlertmanagerPayload(group, "gopit", impl_->opts.external_url));
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (std::string& p : payloads) {
      if (impl_->queue.size() >= Impl::kMaxQueue) {
        impl_->queue.pop_front();
        ++impl_->stats.failed;
        impl_->stats.last_error = "the webhook queue is full: dropped the oldest payload";
      }
      impl_->queue.push_back(std::move(p));
    }
  }
  impl_->work.notify_all();
}

bool WebhookSender::Flush(long timeout_ms) {
  std::unique_lock<std::mutex> lock(impl_->mu);
  bool drained = impl_->idle.wait_for(
      lock, std::chrono::milliseconds(std::max(timeout_ms, 0L)),
      [this] { return impl_->stop || (impl_->queue.empty() && !impl_->busy); });
  drained = drained && impl_->queue.empty() && !impl_->busy;
  bool all_delivered = drained && impl_->stats.failed == impl_->failed_at_flush;
  impl_->failed_at_flush = impl_->stats.failed;
  return all_delivered;
}

WebhookSender::Stats WebhookSender::GetStats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}

}  // namespace gopit::watch
