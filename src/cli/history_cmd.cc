// gopit history: what `gopit watch` recorded, read back from its database
// and reported as watch reports it, over any time range.
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/dump_flags.h"
#include "render/style.h"
#include "render/watch_html.h"
#include "render/watch_json.h"
#include "render/watch_text.h"
#include "watch/config.h"
#include "watch/history_store.h"

namespace gopit::cli {
namespace {

struct HistoryFlags {
  std::string db;
  std::string since;
  std::string until;
  std::string target;
  size_t top = 20;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::string prune_older_than;
};

UnixMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Reads `n` digits at `i` of `s`.
bool Digits(std::string_view s, size_t& i, size_t n, int& out) {
  if (i + n > s.size()) return false;
  out = 0;
  for (size_t k = 0; k < n; ++k) {
    char c = s[i + k];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  i += n;
  return true;
}

bool Expect(std::string_view s, size_t& i, std::string_view chars) {
  if (i >= s.size() || chars.find(s[i]) == std::string_view::npos) return false;
  ++i;
  return true;
}

// RFC 3339: 2026-11-30T12:00:00Z, 2026-11-30T14:00:00.250+02:00.
bool ParseRfc3339(std::string_view s, UnixMs& out) {
  size_t i = 0;
  int year, mon, day, hour, min, sec;
  if (!Digits(s, i, 4, year) || !Expect(s, i, "-") || !Digits(s, i, 2, mon) || !Expect(s, i, "-") ||
      !Digits(s, i, 2, day) || !Expect(s, i, "Tt ") || !Digits(s, i, 2, hour) ||
      !Expect(s, i, ":") || !Digits(s, i, 2, min) || !Expect(s, i, ":") || !Digits(s, i, 2, sec))
    return false;
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return false;
  int64_t ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    int64_t scale = 100;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ms += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return false;
  }
  int64_t offset_min = 0;
  if (Expect(s, i, "Zz")) {
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int oh, om;
    if (!Digits(s, i, 2, oh) || !Expect(s, i, ":") || !Digits(s, i, 2, om) || oh > 23 || om > 59)
      return false;
    offset_min = sign * (oh * 60 + om);
  } else {
    return false;
  }
  if (i != s.size()) return false;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  out = static_cast<UnixMs>(t) * 1000 + ms - offset_min * 60 * 1000;
  return true;
}

// A duration as watch reads them, with whole days in front ("7d",
// "1d12h"): retention is counted in days.
bool ParseAge(std::string_view s, long& ms) {
  size_t d = s.find('d');
  if (d == std::string_view::npos) return watch::ParseDurationMs(s, ms);
  long days = 0;
  if (d == 0 || d > 6) return false;
  for (size_t k = 0; k < d; ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    days = days * 10 + (s[k] - '0');
  }
  long rest = 0;
  if (d + 1 < s.size() && !watch::ParseDurationMs(s.substr(d + 1), rest)) return false;
  ms = days * 24 * 3600 * 1000 + rest;
  return true;
}

// A moment: an RFC 3339 time, or an age ("2h": two hours before now).
bool ParseWhen(const std::string& text, UnixMs now, UnixMs& out) {
  if (ParseRfc3339(text, out)) return true;
  long ms = 0;
  if (!ParseAge(text, ms)) return false;
  out = now - ms;
  return true;
}

std::string FormatTime(UnixMs ms) {
  time_t t = static_cast<time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int Run(const HistoryFlags& f) {
  std::string path = f.db.empty() ? watch::DefaultHistoryPath() : f.db;
  UnixMs now = NowMs();
  UnixMs from = std::numeric_limits<UnixMs>::min();
  UnixMs to = std::numeric_limits<UnixMs>::max();
  const char* kWhenHelp =
      " (give an age such as 30m, 2h, 7d or 1d12h, or an RFC 3339 time "
      "such as 2026-11-30T12:00:00Z)";
  if (!f.since.empty() && !ParseWhen(f.since, now, from)) {
    std::cerr << "gopit: --since " << f.since << ": not a time" << kWhenHelp << "\n";
    return kExitUsage;
  }
  if (!f.until.empty() && !ParseWhen(f.until, now, to)) {
    std::cerr << "gopit: --until " << f.until << ": not a time" << kWhenHelp << "\n";
    return kExitUsage;
  }
  if (from > to) {
    std::cerr << "gopit: --since is after --until\n";
    return kExitUsage;
  }
  long keep_ms = 0;
  if (!f.prune_older_than.empty() && !ParseAge(f.prune_older_than, keep_ms)) {
    std::cerr << "gopit: --prune-older-than " << f.prune_older_than << ": not a duration"
              << " (give an age such as 12h, 7d or 1d12h)\n";
    return kExitUsage;
  }

  // Opening would create an empty database: a mistyped path must say so
  // instead of reporting an empty history.
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    std::cerr << "gopit: no history at " << path << ": " << std::strerror(errno)
              << " (`gopit watch` writes it; --db names another file)\n";
    return kExitNothingRead;
  }
  if (!S_ISREG(st.st_mode)) {
    std::cerr << "gopit: " << path << ": not a file\n";
    return kExitNothingRead;
  }
  std::string error;
  std::unique_ptr<watch::HistoryStore> store = watch::HistoryStore::Open(path, &error);
  if (!store) {
    std::cerr << "gopit: " << error << "\n";
    return kExitNothingRead;
  }

  if (!f.prune_older_than.empty()) {
    UnixMs before = now - keep_ms;
    if (!store->Prune(before, &error)) {
      std::cerr << "gopit: " << error << "\n";
      return kExitNothingRead;
    }
    std::cerr << "gopit: removed from " << path << " what is older than " << FormatTime(before)
              << "\n";
    return kExitOk;
  }

  std::optional<WatchReport> report = store->Load(from, to, f.target, f.top, &error);
  if (!report) {
    std::cerr << "gopit: " << error << "\n";
    return kExitNothingRead;
  }
  if (report->targets.empty())
    std::cerr << "gopit: " << path << " holds nothing in the range asked for\n";

  Output out;
  if (!out.Open(f.output)) return kExitUsage;
  if (f.format == "json") {
    RenderWatchJson(*report, out.stream());
  } else if (f.format == "html") {
    RenderWatchHtml(*report, out.stream());
  } else {
    ColorMode cm = f.color == "always"  ? ColorMode::kAlways
                   : f.color == "never" ? ColorMode::kNever
                                        : ColorMode::kAuto;
    bool color = cm == ColorMode::kAlways || (out.fd() >= 0 && Style::ShouldColor(cm, out.fd()));
    RenderWatchText(*report, Style(color), out.stream());
  }
  return out.Finish() ? kExitOk : kExitNothingRead;
}

}  // namespace

void RegisterHistory(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<HistoryFlags>();
  CLI::App* cmd = app.add_subcommand(
      "history", "Report what `gopit watch` recorded: goroutines, buckets, diagnoses and alerts");
  cmd->footer(
      "Reads the SQLite database that `gopit watch` writes (by default\n"
      "$XDG_STATE_HOME/gopit/history.db, else ~/.local/state/gopit/history.db), while\n"
      "watch keeps writing it if it runs. Without --since and --until the whole history\n"
      "is reported. A time is an age (30m, 2h, 7d, 1d12h: that long ago) or an RFC 3339\n"
      "time (2026-11-30T12:00:00Z). docs/history.md describes the tables.\n\n"
      "Examples:\n"
      "  gopit history --since 2h\n"
      "  gopit history --target api --since 2026-11-30T09:00:00Z --until 2026-11-30T10:00:00Z\n"
      "  gopit history --format html -o last-day.html --since 1d\n"
      "  gopit history --prune-older-than 7d     # drop what is older than a week, then stop\n\n"
      "Exit status: 0 when the history was read (or pruned), 1 when the database is\n"
      "missing, damaged or not a gopit history, 2 on a usage error.");
  cmd->add_option("--db", flags->db, "The history database (default: see below)");
  cmd->add_option("--since", flags->since, "Report from this time or age (default: the start)");
  cmd->add_option("--until", flags->until, "Report up to this time or age (default: now)");
  cmd->add_option("--target", flags->target, "Only this target (by its name)");
  cmd->add_option("--top", flags->top, "Buckets per target, most important first (0: all)")
      ->capture_default_str();
  cmd->add_option("-f,--format", flags->format, "Output: text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the report to this file");
  cmd->add_option("--color", flags->color,
                  "Colour: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--prune-older-than", flags->prune_older_than,
                  "Delete samples, diagnoses and resolved alerts older than this age, and "
                  "report nothing");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace gopit::cli
