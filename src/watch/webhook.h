// Sends alerts to a webhook in Alertmanager's webhook format (version 4),
// from a background thread, retrying with exponential back-off, so a slow or
// dead receiver never delays sampling.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analysis/watch_report.h"

namespace gopit::watch {

struct WebhookOptions {
  std::string url;
  long timeout_ms = 5000;
  int max_attempts = 6;
  long initial_backoff_ms = 500;
  long max_backoff_ms = 30000;
  std::string external_url;  // the live page, when --listen serves one
};

// The JSON body Alertmanager sends its webhook receivers, for `alerts` of one
// group (gopit groups by target).
std::string AlertmanagerPayload(const std::vector<AlertEvent>& alerts, const std::string& receiver,
                                const std::string& external_url);

class WebhookSender {
 public:
  explicit WebhookSender(WebhookOptions opts);
  ~WebhookSender();  // waits for nothing: Flush first to deliver what is queued
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // Queues the alerts, one payload per target (returns at once). A payload
  // is retried on connection errors, 429 and 5xx, with back-off doubling
  // from initial_backoff_ms up to max_backoff_ms (each wait drawn between
  // half and all of its step), and given up after max_attempts; any other
  // answer is given up at once. Past 1000 queued payloads the oldest is
  // given up.
  void Send(std::vector<AlertEvent> alerts);
  // Waits until the queue is delivered or given up, at most timeout_ms.
  // True when everything was delivered and nothing was given up since the
  // previous Flush.
  bool Flush(long timeout_ms);

  struct Stats {
    uint64_t delivered = 0;  // payloads the receiver accepted (2xx)
    uint64_t failed = 0;     // payloads given up after max_attempts
    uint64_t retries = 0;
    std::string last_error;  // names the host, never the URL's path (it may be a secret)
  };
  Stats GetStats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gopit::watch
