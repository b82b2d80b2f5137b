// gopit watch: sample live Go services' goroutine profiles over time, find
// the buckets that grow and the goroutines that never move, keep history,
// alert, and serve metrics and a live page.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "render/style.h"
#include "render/watch_html.h"
#include "render/watch_json.h"
#include "render/watch_text.h"
#include "watch/alerts.h"
#include "watch/config.h"
#include "watch/history_store.h"
#include "watch/live_server.h"
#include "watch/runner.h"
#include "watch/webhook.h"

namespace gopit::cli {
namespace {

volatile std::sig_atomic_t g_stop_signal = 0;
void OnStopSignal(int sig) {
  g_stop_signal = sig;
}

struct WatchFlags {
  std::vector<std::string> targets;
  std::string config;
  std::string interval, slow_interval, full_dump_interval, leak_profile_interval, suspect_min,
      growth_window, max_backoff, resolve_after, timeout = "5s", duration, retention = "168h";
  uint64_t slow_above = 0, warn_total = 0, crit_total = 0, max_bytes = 256ULL << 20;
  uint32_t frames = 0, suspect_samples = 0, down_after = 0;
  double warn_growth = 0, crit_growth = 0, max_duty = 0;
  size_t top = 0;
  std::vector<std::string> headers;
  std::string bearer_token_file, bearer_token_env;
  std::string db;
  bool no_db = false;
  std::string webhook;
  std::string listen;
  std::string fail_on;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  bool quiet = false;
};

bool Duration(const std::string& flag, const std::string& text, long& out, std::string* error) {
  if (watch::ParseDurationMs(text, out)) return true;
  *error = flag + ": \"" + text + "\" is not a duration (like 500ms, 2s, 1m)";
  return false;
}

int Run(const WatchFlags& f, CLI::App* cmd) {
  watch::WatchConfig cfg;
  if (!f.config.empty()) {
    std::string error;
    watch::WatchConfig base;
    if (!watch::LoadWatchConfig(f.config, base, cfg, &error)) {
      std::cerr << "gopit: " << error << "\n";
      return kExitUsage;
    }
  }
  // Options given on the command line win over the --config file, which
  // wins over the defaults.
  watch::WatchSettings& s = cfg.settings;
  std::string error;
  auto given = [&](const char* name) { return cmd->get_option(name)->count() > 0; };
  auto dur = [&](const char* name, const std::string& v, long& out) {
    return !given(name) || Duration(name, v, out, &error);
  };
  bool ok = dur("--interval", f.interval, s.interval_ms) &&
            dur("--slow-interval", f.slow_interval, s.slow_interval_ms) &&
            dur("--full-dump-interval", f.full_dump_interval, s.full_dump_min_interval_ms) &&
            dur("--leak-profile-interval", f.leak_profile_interval, s.leak_profile_interval_ms) &&
            dur("--suspect-min", f.suspect_min, s.suspect_min_ms) &&
            dur("--growth-window", f.growth_window, s.growth_window_ms) &&
            dur("--max-backoff", f.max_backoff, s.max_backoff_ms) &&
            dur("--resolve-after", f.resolve_after, s.alert_resolve_after_ms);
  if (!ok) {
    std::cerr << "gopit: " << error << "\n";
    return kExitUsage;
  }
  if (given("--slow-above")) s.slow_above = f.slow_above;
  if (given("--max-duty")) s.max_duty = f.max_duty;
  if (given("--warn")) s.warn_total = f.warn_total;
  if (given("--crit")) s.crit_total = f.crit_total;
  if (given("--warn-growth")) s.warn_growth_per_min = f.warn_growth;
  if (given("--crit-growth")) s.crit_growth_per_min = f.crit_growth;
  if (given("--frames")) s.fingerprint_frames = f.frames;
  if (given("--suspect-samples")) s.suspect_samples = f.suspect_samples;
  if (given("--down-after")) s.down_after_errors = f.down_after;
  if (given("--top")) s.top_buckets = f.top;
  if (s.interval_ms <= 0 || s.fingerprint_frames == 0) {
    std::cerr << "gopit: --interval and --frames must be above zero\n";
    return kExitUsage;
  }

  long timeout_ms = 5000;
  if (!Duration("--timeout", f.timeout, timeout_ms, &error)) {
    std::cerr << "gopit: " << error << "\n";
    return kExitUsage;
  }
  std::vector<watch::Target> targets = cfg.targets;
  for (const std::string& spec : f.targets) {
    watch::Target t;
    if (!watch::ParseTargetSpec(spec, t, &error)) {
      std::cerr << "gopit: " << error << "\n";
      return kExitUsage;
    }
    t.timeout_ms = timeout_ms;
    t.max_bytes = f.max_bytes;
    t.bearer_token_file = f.bearer_token_file;
    t.bearer_token_env = f.bearer_token_env;
    for (const std::string& h : f.headers) {
      size_t colon = h.find(':');
      if (colon == std::string::npos || colon == 0) {
        std::cerr << "gopit: --header \"" << h.substr(0, h.find(':')) << "\" is not Name: value\n";
        return kExitUsage;
      }
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ')
        value.erase(value.begin());
      t.headers.emplace_back(h.substr(0, colon), value);
    }
    targets.push_back(std::move(t));
  }
  if (targets.empty()) {
    std::cerr << "gopit: no target: give a service's pprof URL (http://127.0.0.1:6060) or "
                 "--config FILE\n";
    return kExitUsage;
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (targets[i].name == targets[j].name) {
        std::cerr << "gopit: two targets are named \"" << targets[i].name
                  << "\"; name them with name=URL\n";
        return kExitUsage;
      }
    }
  }
  if (!f.fail_on.empty() && f.duration.empty()) {
    std::cerr << "gopit: --fail-on needs --duration (watch must end to give a status)\n";
    return kExitUsage;
  }
  long duration_ms = 0;
  if (!f.duration.empty() && !Duration("--duration", f.duration, duration_ms, &error)) {
    std::cerr << "gopit: " << error << "\n";
    return kExitUsage;
  }
  long retention_ms = 0;
  if (!Duration("--retention", f.retention, retention_ms, &error)) {
    std::cerr << "gopit: " << error << "\n";
    return kExitUsage;
  }

  std::unique_ptr<watch::HistoryStore> store;
  if (!f.no_db) {
    std::string path = !f.db.empty() ? f.db : cfg.db ? *cfg.db : watch::DefaultHistoryPath();
    store = watch::HistoryStore::Open(path, &error);
    if (!store) {
      std::cerr << "gopit: history database " << path << ": " << error
                << " (--no-db watches without one)\n";
      return kExitNothingRead;
    }
    if (retention_ms > 0 && !store->Prune(watch::NowMs() - retention_ms, &error))
      std::cerr << "gopit: pruning the history: " << error << "\n";
  }

  std::string listen = !f.listen.empty() ? f.listen : cfg.listen ? *cfg.listen : "";
  std::string webhook_url = !f.webhook.empty() ? f.webhook : cfg.webhook ? *cfg.webhook : "";
  std::unique_ptr<watch::WebhookSender> webhook;
  std::unique_ptr<watch::LiveServer> server;

  // A report on stdout keeps stdout for itself; alert lines go to stderr then.
  bool report_on_stdout = f.output.empty() && f.format != "text";
  std::ostream& lines = report_on_stdout ? std::cerr : std::cout;
  Style style(Style::ShouldColor(f.color == "always"  ? ColorMode::kAlways
                                 : f.color == "never" ? ColorMode::kNever
                                                      : ColorMode::kAuto,
                                 report_on_stdout ? STDERR_FILENO : STDOUT_FILENO));
  std::mutex print_mu;
  watch::Watcher::Hooks hooks;
  hooks.on_alerts = [&](const std::vector<AlertEvent>& events) {
    if (webhook) webhook->Send(events);
    if (f.quiet) return;
    std::lock_guard<std::mutex> lock(print_mu);
    for (const AlertEvent& a : events) {
      std::string line = watch::AlertLine(a);
      lines << (a.severity == "critical" && a.Firing() ? style.Red(line)
                : a.Firing()                           ? style.Yellow(line)
                                                       : style.Green(line))
            << std::endl;
    }
  };
  // A failing target is said once when it starts failing, not every tick.
  std::map<std::string, std::string> last_error;
  hooks.on_sample_error = [&](const std::string& target, const std::string& err) {
    std::lock_guard<std::mutex> lock(print_mu);
    if (last_error[target] == err) return;
    last_error[target] = err;
    std::cerr << "gopit: " << target << ": " << err << " (retrying with back-off)" << std::endl;
  };
  hooks.on_store_error = [&](const std::string& err) {
    std::lock_guard<std::mutex> lock(print_mu);
    std::cerr << "gopit: history database: " << err << std::endl;
  };

  watch::Watcher watcher(targets, s, store.get(), hooks);
  if (!listen.empty()) {
    server = std::make_unique<watch::LiveServer>();
    if (!server->Start(
            listen, [&watcher] { return watcher.Report(); }, &error)) {
      std::cerr << "gopit: --listen " << listen << ": " << error << "\n";
      return kExitUsage;
    }
    std::cerr << "gopit: live page at " << server->address() << "/ (metrics at "
              << server->address() << "/metrics)" << std::endl;
  }
  if (!webhook_url.empty()) {
    watch::WebhookOptions wo;
    wo.url = webhook_url;
    wo.max_backoff_ms = s.max_backoff_ms;
    if (server) wo.external_url = server->address() + "/";
    webhook = std::make_unique<watch::WebhookSender>(wo);
  }

  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  if (!f.quiet) {
    std::cerr << "gopit: watching";
    for (size_t i = 0; i < targets.size(); ++i)
      std::cerr << (i ? ", " : " ") << targets[i].name;
    std::cerr << " every " << s.interval_ms << " ms"
              << (duration_ms > 0 ? " for " + f.duration : std::string("; Ctrl-C ends"))
              << " and prints the report" << std::endl;
  }
  watcher.Start();
  auto started = std::chrono::steady_clock::now();
  auto last_prune = started;
  while (!g_stop_signal) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto now = std::chrono::steady_clock::now();
    if (duration_ms > 0 && now - started >= std::chrono::milliseconds(duration_ms)) break;
    if (store && retention_ms > 0 && now - last_prune >= std::chrono::hours(1)) {
      last_prune = now;
      watcher.PruneHistory(watch::NowMs() - retention_ms);
    }
  }
  watcher.Stop();
  if (server) server->Stop();
  if (webhook && !webhook->Flush(10000)) {
    std::cerr << "gopit: the webhook did not take every alert: " << webhook->GetStats().last_error
              << "\n";
  }

  WatchReport report = watcher.Report();
  std::ofstream file;
  if (!f.output.empty()) {
    file.open(f.output);
    if (!file) {
      std::cerr << "gopit: cannot write " << f.output << "\n";
      return kExitUsage;
    }
  }
  std::ostream& out = f.output.empty() ? std::cout : file;
  if (f.format == "json") {
    RenderWatchJson(report, out);
  } else if (f.format == "html") {
    RenderWatchHtml(report, out);
  } else {
    bool color = f.output.empty() && Style::ShouldColor(f.color == "always"  ? ColorMode::kAlways
                                                        : f.color == "never" ? ColorMode::kNever
                                                                             : ColorMode::kAuto,
                                                        STDOUT_FILENO);
    RenderWatchText(report, Style(color), out);
  }
  out.flush();

  if (!watcher.AnyAnswered()) {
    std::cerr << "gopit: no target answered\n";
    return kExitNothingRead;
  }
  if (!f.fail_on.empty()) {
    for (const AlertEvent& a : watcher.Alerts()) {
      if (watch::SeverityAtLeast(a.severity, f.fail_on)) return kExitAlerted;
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterWatch(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<WatchFlags>();
  CLI::App* cmd = app.add_subcommand(
      "watch",
      "Watch live Go services: sample their goroutine profiles, find leaks as they grow,\n"
      "keep history, alert, serve Prometheus metrics and a live page");
  cmd->footer(
      "Each tick reads the cheap aggregated profile (debug=1); a full debug=2 dump is taken\n"
      "only when a growing bucket needs goroutine-level evidence (at most every\n"
      "--full-dump-interval), because writing it stops the target's world.\n"
      "Durations: 500ms, 2s, 1m, 1h30m.\n\n"
      "Exit status: 0 when watch ended and no alert reached --fail-on; 1 when one did, or\n"
      "when no target answered at all; 2 on a usage error.\n\n"
      "Examples:\n"
      "  gopit watch http://127.0.0.1:6060\n"
      "  gopit watch api=http://10.0.0.7:6060 jobs=http://10.0.0.8:6060 --listen :9464\n"
      "  gopit watch --duration 60s --fail-on warning --format json http://127.0.0.1:6060\n"
      "  gopit watch --config watch.yaml --webhook http://127.0.0.1:9093/hook");
  cmd->add_option("targets", f->targets,
                  "pprof base URL of a Go service (http://127.0.0.1:6060), a full goroutine "
                  "endpoint, or name=URL");
  cmd->add_option("--config", f->config,
                  "YAML file with targets and settings (docs/watch-config.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--interval", f->interval, "Time between samples (default 500ms)");
  cmd->add_option("--slow-interval", f->slow_interval,
                  "Time between samples above --slow-above goroutines (default 1s)");
  cmd->add_option("--slow-above", f->slow_above, "Goroutines above which sampling slows (5000)");
  cmd->add_option("--max-duty", f->max_duty,
                  "Largest share of time the target spends writing profiles for gopit; the "
                  "interval grows to keep under it (default 0.01, 0 no limit)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--full-dump-interval", f->full_dump_interval,
                  "Least time between two full debug=2 dumps of a target (default 10s)");
  cmd->add_option("--leak-profile-interval", f->leak_profile_interval,
                  "Time between reads of the goroutine-leak profile, 0 never (default 1m)");
  cmd->add_option("--frames", f->frames, "Frames a fingerprint looks at (default 3)");
  cmd->add_option("--suspect-samples", f->suspect_samples,
                  "Consecutive samples a bucket must stay above its baseline (default 3)");
  cmd->add_option("--suspect-min", f->suspect_min,
                  "Least time a bucket must stay above its baseline (default 2s)");
  cmd->add_option("--warn", f->warn_total, "Warning above this many goroutines (default 500)");
  cmd->add_option("--crit", f->crit_total, "Critical above this many goroutines (default 2000)");
  cmd->add_option("--warn-growth", f->warn_growth,
                  "Warning above this growth, goroutines/minute (300)");
  cmd->add_option("--crit-growth", f->crit_growth,
                  "Critical above this growth, goroutines/minute (3000)");
  cmd->add_option("--growth-window", f->growth_window, "Window the growth is measured over (30s)");
  cmd->add_option("--resolve-after", f->resolve_after,
                  "How long a condition must stay away before its alert resolves (30s)");
  cmd->add_option("--down-after", f->down_after,
                  "Failed samples in a row that make TargetDown (3)");
  cmd->add_option("--max-backoff", f->max_backoff,
                  "Longest wait before retrying a failing target (30s)");
  cmd->add_option("--top", f->top, "Buckets kept per target in reports and metrics (20)");
  cmd->add_option("--timeout", f->timeout, "Time a request may take")->capture_default_str();
  cmd->add_option("--max-bytes", f->max_bytes, "Largest response read")->capture_default_str();
  cmd->add_option("--header", f->headers, "Request header \"Name: value\" (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--bearer-token-file", f->bearer_token_file,
                  "Send Authorization: Bearer with the token in this file (never printed)");
  cmd->add_option("--bearer-token-env", f->bearer_token_env,
                  "Send Authorization: Bearer with the token in this environment variable");
  cmd->add_option("--db", f->db, "History database (default $XDG_STATE_HOME/gopit/history.db)");
  cmd->add_flag("--no-db", f->no_db, "Keep no history");
  cmd->add_option("--retention", f->retention, "Delete history older than this")
      ->capture_default_str();
  cmd->add_option("--webhook", f->webhook, "Send alerts here in Alertmanager's webhook format");
  cmd->add_option("--listen", f->listen,
                  "Serve /metrics and the live page here (127.0.0.1:9464; :PORT is loopback)");
  cmd->add_option("--duration", f->duration, "Stop after this long and print a report");
  cmd->add_option("--fail-on", f->fail_on,
                  "With --duration: exit 1 when an alert of this severity or worse fired")
      ->check(CLI::IsMember({"warning", "critical"}));
  cmd->add_option("-f,--format", f->format, "Report at the end: text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", f->output, "Write the report to this file");
  cmd->add_option("--color", f->color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", f->quiet, "Do not print alert lines");
  cmd->callback([f, cmd, exit_code] { *exit_code = Run(*f, cmd); });
}

}  // namespace gopit::cli
