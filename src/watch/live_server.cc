#include "watch/live_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <sstream>
#include <thread>

#include "analysis/buckets.h"
#include "render/prometheus_metrics.h"
#include "render/watch_html.h"
#include "render/watch_json.h"

namespace gopit::watch {
namespace {

// Requests are served by this many threads, whatever the load: the server
// shares the process with the sampler, which must keep its pace.
constexpr size_t kWorkers = 4;
// Accepted connections waiting for a worker. When they are this many the
// accepting thread waits, so a flood fills the kernel's backlog instead of
// this process's memory.
constexpr size_t kQueued = 64;

// httplib's own pool queues without bound; this one makes the accepting
// thread wait for room.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(size_t workers, size_t queued) : max_queued_(queued) {
    for (size_t i = 0; i < workers; ++i)
      threads_.emplace_back([this] { Work(); });
  }
  ~BoundedPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return jobs_.size() < max_queued_ || stopping_; });
    jobs_.push_back(std::move(fn));
    lock.unlock();
    ready_.notify_one();
  }

  // Runs what is queued (each job closes its connection), then joins.
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_ && threads_.empty()) return;
      stopping_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (std::thread& t : threads_)
      t.join();
    threads_.clear();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
        if (jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      room_.notify_one();
      fn();
    }
  }

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

// "HOST:PORT", ":PORT" (loopback) or "[V6]:PORT".
bool ParseListen(const std::string& listen, std::string* host, int* port, std::string* error) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    *error = "want HOST:PORT or :PORT (as 127.0.0.1:9464 or :9464)";
    return false;
  }
  std::string h = listen.substr(0, colon), p = listen.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') {
    h = h.substr(1, h.size() - 2);
  } else if (h.find(':') != std::string::npos) {
    *error = "write an IPv6 address in brackets, as [::1]:9464";
    return false;
  }
  if (h.empty()) h = "127.0.0.1";
  long n = 0;
  if (p.empty() || p.size() > 5) n = -1;
  for (char c : p) {
    if (c < '0' || c > '9') n = -1;
    if (n >= 0) n = n * 10 + (c - '0');
  }
  if (n < 0 || n > 65535) {
    *error = "\"" + p + "\" is not a port (0 to 65535)";
    return false;
  }
  *host = h;
  *port = static_cast<int>(n);
  return true;
}

constexpr const char* kPageSecurity =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

void Plain(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(text, "text/plain; charset=utf-8");
}

bool ParseHex(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return false;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  *out = v;
  return true;
}

}  // namespace

struct LiveServer::Impl {
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> done{false};
  Provider provider;
  std::string host;
  int port = 0;
  std::string live_page;

  // The provider is the watcher's code; whatever it throws ends as a 500
  // here, never in httplib's thread.
  bool State(WatchReport* report, httplib::Response& res) {
    try {
      *report = provider();
      return true;
    } catch (const std::exception& e) {
      Plain(res, 500, std::string("gopit: cannot build the state: ") + e.what() + "\n");
    } catch (...) {
      Plain(res, 500, "gopit: cannot build the state\n");
    }
    return false;
  }

  void Routes() {
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      WatchReport r;
      if (!State(&r, res)) return;
      std::ostringstream out;
      RenderPrometheusMetrics(r, out);
      res.set_header("Cache-Control", "no-store");
      res.set_content(out.str(), "text/plain; version=0.0.4; charset=utf-8");
    });
    server.Get("/api/state", [this](const httplib::Request&, httplib::Response& res) {
      WatchReport r;
      if (!State(&r, res)) return;
      std::ostringstream out;
      RenderWatchJson(r, out);
      res.set_header("Cache-Control", "no-store");
      res.set_content(out.str(), "application/json");
    });
    server.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy", kPageSecurity);
      res.set_header("Cache-Control", "no-store");
      res.set_content(live_page, "text/html; charset=utf-8");
    });
    server.Get("/bucket", [this](const httplib::Request& req, httplib::Response& res) {
      std::string name = req.get_param_value("target");
      std::string id = req.get_param_value("id");
      uint64_t fp = 0;
      if (!req.has_param("target") || !ParseHex(id, &fp)) {
        Plain(res, 400, "gopit: /bucket wants ?target=NAME&id=FINGERPRINT (16 hex digits)\n");
        return;
      }
      WatchReport r;
      if (!State(&r, res)) return;
      for (const TargetReport& t : r.targets) {
        if (t.name != name) continue;
        for (const BucketTrend& b : t.buckets) {
          if (b.info.fingerprint != fp) continue;
          std::ostringstream out;
          RenderBucketPage(t, b, out);
          res.set_header("Content-Security-Policy", kPageSecurity);
          res.set_header("Cache-Control", "no-store");
          res.set_content(out.str(), "text/html; charset=utf-8");
          return;
        }
        Plain(res, 404,
              "gopit: target " + name + " has no bucket " + FingerprintHex(fp) +
                  " among the buckets it keeps (it may have been dropped from the top)\n");
        return;
      }
      Plain(res, 404, "gopit: no target named " + name + "\n");
    });
    server.Get("/healthz",
               [](const httplib::Request&, httplib::Response& res) { Plain(res, 200, "ok\n"); });
    // Unknown paths get a message too, not an empty body.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (res.status == 404 && res.body.empty()) {
        Plain(res, 404,
              "gopit: no page " + req.path +
                  " (there are /, /metrics, /api/state, /bucket and /healthz)\n");
      }
    });
  }
};

LiveServer::LiveServer() : impl_(std::make_unique<Impl>()) {}

LiveServer::~LiveServer() {
  Stop();
}

bool LiveServer::Start(const std::string& listen, Provider provider, std::string* error) {
  std::string err;
  if (!error) error = &err;
  if (impl_->thread.joinable()) {
    *error = "the live server is already running";
    return false;
  }
  std::string host;
  int port = 0;
  if (!ParseListen(listen, &host, &port, error)) return false;
  impl_->provider = std::move(provider);
  impl_->host = host;
  {
    std::ostringstream page;
    RenderLivePage(page);
    impl_->live_page = page.str();
  }
  httplib::Server& s = impl_->server;
  s.new_task_queue = [] { return new BoundedPool(kWorkers, kQueued); };
  // A client that sends nothing or reads nothing holds a worker at most
  // this long.
  s.set_read_timeout(5, 0);
  s.set_write_timeout(5, 0);
  s.set_keep_alive_timeout(2);
  s.set_keep_alive_max_count(20);
  s.set_payload_max_length(64 * 1024);
  // httplib's default also sets SO_REUSEPORT, which lets a second watch
  // bind the same port and silently take half of the scrapes. SO_REUSEADDR
  // alone still allows a restart while old connections linger in TIME_WAIT.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  impl_->Routes();

  errno = 0;
  if (port == 0) {
    port = s.bind_to_any_port(host);
    if (port <= 0) port = -1;
  } else if (!s.bind_to_port(host, port)) {
    port = -1;
  }
  if (port < 0) {
    int e = errno;
    *error = e ? std::string("cannot bind: ") + std::strerror(e) : "cannot bind";
    return false;
  }
  impl_->port = port;
  impl_->done = false;
  Impl* impl = impl_.get();
  impl_->thread = std::thread([impl] {
    impl->server.listen_after_bind();
    impl->done = true;
  });
  return true;
}

void LiveServer::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  // httplib's stop() does nothing until the serving loop has started, so a
  // Stop() right after Start() waits for it to start first.
  while (!impl_->done) {
    if (impl_->server.is_running()) {
      impl_->server.stop();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->thread.join();
}

int LiveServer::port() const {
  return impl_->port;
}

std::string LiveServer::address() const {
  std::string h = impl_->host;
  if (h == "0.0.0.0" || h.empty()) h = "127.0.0.1";
  if (h == "::") h = "::1";
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(impl_->port);
}

}  // namespace gopit::watch
