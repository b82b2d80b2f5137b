// The HTTP server of `watch --listen`: /metrics (Prometheus text format), the
// live page at /, its data at /api/state (gopit.watch/v1 JSON) and each
// bucket's stack at /bucket?target=NAME&id=FINGERPRINT.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "analysis/watch_report.h"

namespace gopit::watch {

class LiveServer {
 public:
  // Called for every request: the state to serve, built under the
  // watcher's lock.
  using Provider = std::function<WatchReport()>;

  LiveServer();
  ~LiveServer();  // stops the server
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  // "127.0.0.1:9464", ":9464" (loopback), "0.0.0.0:9464" or "[::1]:9464".
  // Port 0 picks a free port. Serves from a background thread with 4
  // request threads and at most 64 queued connections; false with *error
  // when it cannot bind (the port is never shared with another process).
  bool Start(const std::string& listen, Provider provider, std::string* error);
  void Stop();
  int port() const;
  std::string address() const;  // "http://127.0.0.1:PORT"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gopit::watch
