#include "watch/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

#include "config/yaml_errors.h"

namespace gopit::watch {
namespace {

// Digits, then an optional fraction. `frac_num / frac_den` is the fraction
// (at most 9 digits are kept: finer than a nanosecond or a byte matters to
// no one). Advances `i`. False when there is no digit or the integer
// overflows.
bool ParseDecimal(std::string_view s, size_t& i, uint64_t& whole, uint64_t& frac_num,
                  uint64_t& frac_den) {
  size_t start = i;
  whole = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (__builtin_mul_overflow(whole, 10u, &whole) ||
        __builtin_add_overflow(whole, static_cast<uint64_t>(s[i] - '0'), &whole))
      return false;
    ++i;
  }
  bool had_whole = i > start;
  frac_num = 0;
  frac_den = 1;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t fstart = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (i - fstart < 9) {
        frac_num = frac_num * 10 + static_cast<uint64_t>(s[i] - '0');
        frac_den *= 10;
      }
      ++i;
    }
    if (i == fstart) return false;  // "1." is a typo, not a number
  }
  return had_whole || frac_den > 1;
}

// whole*unit + frac*unit (truncated), without overflow.
bool Scale(uint64_t whole, uint64_t frac_num, uint64_t frac_den, uint64_t unit, uint64_t& out) {
  uint64_t a;
  if (__builtin_mul_overflow(whole, unit, &a)) return false;
  // frac_num < frac_den <= 1e9 and unit <= 2^40, so this fits in 128 bits.
  unsigned __int128 f = static_cast<unsigned __int128>(frac_num) * unit / frac_den;
  if (f > std::numeric_limits<uint64_t>::max()) return false;
  return !__builtin_add_overflow(a, static_cast<uint64_t>(f), &out);
}

bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

bool ParseDurationMs(std::string_view text, long& ms) {
  if (text.empty()) return false;
  size_t i = 0;
  uint64_t whole, fnum, fden;
  // A bare number is milliseconds, and only whole ones.
  if (!ParseDecimal(text, i, whole, fnum, fden)) return false;
  if (i == text.size()) {
    if (fden > 1 || whole > static_cast<uint64_t>(std::numeric_limits<long>::max())) return false;
    ms = static_cast<long>(whole);
    return true;
  }
  uint64_t total = 0;
  for (;;) {
    uint64_t unit;
    if (text.substr(i, 2) == "ms") {
      unit = 1;
      i += 2;
    } else if (i < text.size() && text[i] == 's') {
      unit = 1000;
      ++i;
    } else if (i < text.size() && text[i] == 'm') {
      unit = 60 * 1000;
      ++i;
    } else if (i < text.size() && text[i] == 'h') {
      unit = 3600 * 1000;
      ++i;
    } else {
      return false;
    }
    uint64_t part;
    if (!Scale(whole, fnum, fden, unit, part) || __builtin_add_overflow(total, part, &total))
      return false;
    if (i == text.size()) break;
    if (!ParseDecimal(text, i, whole, fnum, fden) || i == text.size()) return false;
  }
  if (total > static_cast<uint64_t>(std::numeric_limits<long>::max())) return false;
  ms = static_cast<long>(total);
  return true;
}

bool ParseByteSize(std::string_view text, uint64_t& bytes) {
  size_t i = 0;
  uint64_t whole, fnum, fden;
  if (!ParseDecimal(text, i, whole, fnum, fden)) return false;
  std::string_view unit = text.substr(i);
  static const std::pair<const char*, uint64_t> kUnits[] = {
      {"", 1},
      {"b", 1},
      {"k", 1ULL << 10},
      {"kib", 1ULL << 10},
      {"ki", 1ULL << 10},
      {"kb", 1000ULL},
      {"m", 1ULL << 20},
      {"mib", 1ULL << 20},
      {"mi", 1ULL << 20},
      {"mb", 1000ULL * 1000},
      {"g", 1ULL << 30},
      {"gib", 1ULL << 30},
      {"gi", 1ULL << 30},
      {"gb", 1000ULL * 1000 * 1000},
      {"t", 1ULL << 40},
      {"tib", 1ULL << 40},
      {"ti", 1ULL << 40},
      {"tb", 1000ULL * 1000 * 1000 * 1000},
  };
  for (const auto& [name, mult] : kUnits) {
    if (!EqualsFold(unit, name)) continue;
    if (mult == 1 && fden > 1) return false;  // no fractions of a byte
    return Scale(whole, fnum, fden, mult, bytes);
  }
  return false;
}

namespace {

// ---- The walk over the YAML tree -------------------------------------

// What went wrong, where (1-based). The first error ends the load.
using Loader = config::YamlErrors;
using config::KindName;
using config::MarkOf;
using config::NoDuplicate;
using config::Position;
using config::QuoteKey;
using config::Scalar;
using config::UnknownKey;

// A value quoted for a message, when it is not secret (durations, numbers).
std::string QuoteValue(const std::string& s) {
  return QuoteKey(s);
}

bool Duration(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
              bool allow_zero, bool allow_off, long& out) {
  std::string s;
  if (!Scalar(L, key, v, at, "a duration such as 500ms, 2s or 1m", s)) return false;
  if (allow_off && s == "off") {
    out = 0;
    return true;
  }
  long ms;
  if (!ParseDurationMs(s, ms)) {
    return L.Fail(MarkOf(v, at), key + ": " + QuoteValue(s) +
                                     " is not a duration (write 500ms, 2s, 1m or 1h30m; a bare "
                                     "number is milliseconds)");
  }
  if (ms == 0 && !allow_zero) return L.Fail(MarkOf(v, at), key + ": must be above zero");
  out = ms;
  return true;
}

bool Unsigned(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
              uint64_t min, uint64_t max, uint64_t& out) {
  std::string s;
  if (!Scalar(L, key, v, at, "a whole number", s)) return false;
  uint64_t n = 0;
  bool ok = !s.empty() && s.size() <= 20;
  for (char c : s) {
    if (c < '0' || c > '9' || __builtin_mul_overflow(n, 10u, &n) ||
        __builtin_add_overflow(n, static_cast<uint64_t>(c - '0'), &n)) {
      ok = false;
      break;
    }
  }
  if (!ok) return L.Fail(MarkOf(v, at), key + ": " + QuoteValue(s) + " is not a whole number");
  if (n < min || n > max) {
    return L.Fail(MarkOf(v, at), key + ": " + s + " is out of range (" + std::to_string(min) +
                                     " to " + std::to_string(max) + ")");
  }
  out = n;
  return true;
}

bool Rate(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
          double& out) {
  std::string s;
  if (!Scalar(L, key, v, at, "a number", s)) return false;
  size_t i = 0;
  uint64_t whole, fnum, fden;
  if (!ParseDecimal(s, i, whole, fnum, fden) || i != s.size()) {
    return L.Fail(MarkOf(v, at), key + ": " + QuoteValue(s) +
                                     " is not a number of goroutines per minute (0 or more)");
  }
  out = static_cast<double>(whole) + static_cast<double>(fnum) / static_cast<double>(fden);
  return true;
}

bool String(Loader& L, const std::string& key, const YAML::Node& v, const YAML::Mark& at,
            std::string& out) {
  if (!Scalar(L, key, v, at, "a string", out)) return false;
  if (out.empty()) return L.Fail(MarkOf(v, at), key + ": must not be empty");
  return true;
}

bool IsHttpUrl(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

// HTTP header names are tokens (RFC 9110); a value must not break the
// request into two.
bool ValidHeaderName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
    if (!ok || c == '\0') return false;
  }
  return true;
}

bool ValidHeaderValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// ParseTargetSpec's messages repeat the spec; a password in a URL
// ("http://user:pw@host") is a secret all the same, so it is masked.
std::string HideUserinfo(std::string s) {
  for (size_t from = 0;;) {
    size_t scheme = s.find("://", from);
    if (scheme == std::string::npos) return s;
    size_t host = scheme + 3;
    size_t end = s.find_first_of("/?#\" ", host);
    if (end == std::string::npos) end = s.size();
    size_t at = s.rfind('@', end);
    if (at != std::string::npos && at >= host) {
      s.replace(host, at - host, "***");
      end = host + 3 + (end - at);
    }
    from = end;
  }
}

bool LoadTarget(Loader& L, const YAML::Node& item, const YAML::Mark& item_mark, Target& t,
                YAML::Mark& name_mark) {
  name_mark = item_mark;
  if (item.IsScalar()) {
    std::string err;
    if (!ParseTargetSpec(item.Scalar(), t, &err)) return L.Fail(item_mark, HideUserinfo(err));
    return true;
  }
  if (!item.IsMap()) {
    return L.Fail(item_mark, std::string("target: expected a mapping with name and url, or a "
                                         "string \"name=url\", found ") +
                                 KindName(item));
  }
  static const std::vector<const char*> kKeys = {
      "name", "url", "headers", "bearer_token_file", "bearer_token_env", "timeout", "max_bytes"};
  std::map<std::string, YAML::Mark> seen;
  const YAML::Node* url = nullptr;
  YAML::Node url_node;
  YAML::Mark url_mark;
  std::optional<std::string> name;
  auto entry = [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
    YAML::Mark vm = MarkOf(v, km);
    if (key == "name") {
      std::string s;
      if (!String(L, "name", v, km, s)) return false;
      name = s;
      name_mark = vm;
    } else if (key == "url") {
      url_node = v;
      url = &url_node;
      url_mark = vm;
    } else if (key == "headers") {
      if (v.IsNull()) return true;
      if (!v.IsMap()) {
        return L.Fail(vm, std::string("headers: expected a mapping of header names to values, "
                                      "found ") +
                              KindName(v));
      }
      std::map<std::string, YAML::Mark> hseen;
      for (auto h = v.begin(); h != v.end(); ++h) {
        const YAML::Node hk = h->first, hv = h->second;
        YAML::Mark hm = MarkOf(hk, vm);
        if (!hk.IsScalar() || !ValidHeaderName(hk.Scalar()))
          return L.Fail(hm, "headers: a header name must be a token (letters, digits, -)");
        const std::string hname = hk.Scalar();
        std::string lower = hname;
        for (char& c : lower)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (!NoDuplicate(L, hseen, lower, hm, " in headers")) return false;
        // The value is never repeated in a message: it may be a token.
        if (!hv.IsScalar()) {
          return L.Fail(MarkOf(hv, hm),
                        "headers: the value of " + QuoteKey(hname) + " must be a string");
        }
        if (!ValidHeaderValue(hv.Scalar())) {
          return L.Fail(MarkOf(hv, hm),
                        "headers: the value of " + QuoteKey(hname) + " holds a line break");
        }
        t.headers.emplace_back(hname, hv.Scalar());
      }
    } else if (key == "bearer_token_file") {
      if (!String(L, key, v, km, t.bearer_token_file)) return false;
    } else if (key == "bearer_token_env") {
      if (!String(L, key, v, km, t.bearer_token_env)) return false;
    } else if (key == "timeout") {
      if (!Duration(L, key, v, km, false, false, t.timeout_ms)) return false;
    } else if (key == "max_bytes") {
      std::string s;
      if (!Scalar(L, key, v, km, "a size such as 64MiB", s)) return false;
      uint64_t n;
      if (!ParseByteSize(s, n))
        return L.Fail(vm, "max_bytes: " + QuoteValue(s) + " is not a size (write 64MiB or 1GB)");
      if (n == 0) return L.Fail(vm, "max_bytes: must be above zero");
      t.max_bytes = n;
    } else {
      return L.Fail(km, UnknownKey(key, kKeys, " in target"));
    }
    return true;
  };
  if (!config::ForEachKey(L, item, item_mark, "target", entry, &seen)) return false;
  if (!url) return L.Fail(item_mark, "target: url is required");
  std::string u;
  if (!String(L, "url", *url, url_mark, u)) return false;
  // The url alone, so an '=' in its query string is not taken for "name=".
  Target parsed;
  std::string err;
  if (!IsHttpUrl(u) || !ParseTargetSpec(u, parsed, &err)) {
    return L.Fail(url_mark,
                  "url: " + (err.empty() ? std::string("not an http(s) URL") : HideUserinfo(err)));
  }
  t.url = parsed.url;
  t.name = name ? *name : parsed.name;
  if (!t.bearer_token_file.empty() && !t.bearer_token_env.empty())
    return L.Fail(item_mark, "target: set bearer_token_file or bearer_token_env, not both");
  return true;
}

bool LoadTargets(Loader& L, const YAML::Node& v, const YAML::Mark& km, std::vector<Target>& out) {
  out.clear();
  if (v.IsNull()) return true;
  if (!v.IsSequence())
    return L.Fail(MarkOf(v, km), std::string("targets: expected a list, found ") + KindName(v));
  std::map<std::string, YAML::Mark> names;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const YAML::Node item = *it;
    YAML::Mark im = MarkOf(item, km);
    Target t;
    YAML::Mark name_mark;
    if (!LoadTarget(L, item, im, t, name_mark)) return false;
    auto [seen, fresh] = names.emplace(t.name, name_mark);
    if (!fresh) {
      return L.Fail(name_mark, "duplicate target name " + QuoteKey(t.name) + " (first at " +
                                   Position(seen->second) + ")");
    }
    out.push_back(std::move(t));
  }
  return true;
}

bool LoadRoot(Loader& L, const YAML::Node& root, WatchConfig& cfg) {
  if (root.IsNull()) return true;  // an empty file sets nothing
  YAML::Mark start = MarkOf(root, YAML::Mark());
  if (!root.IsMap()) {
    return L.Fail(start, std::string("expected a mapping of settings (interval: 1s, targets: "
                                     "[...]), found ") +
                             KindName(root));
  }
  static const std::vector<const char*> kKeys = {"interval",
                                                 "slow_interval",
                                                 "slow_above",
                                                 "max_duty",
                                                 "full_dump_min_interval",
                                                 "leak_profile_interval",
                                                 "fingerprint_frames",
                                                 "suspect_samples",
                                                 "suspect_min",
                                                 "warn_total",
                                                 "crit_total",
                                                 "warn_growth_per_min",
                                                 "crit_growth_per_min",
                                                 "growth_window",
                                                 "down_after_errors",
                                                 "resolve_after",
                                                 "max_backoff",
                                                 "top_buckets",
                                                 "webhook",
                                                 "db",
                                                 "listen",
                                                 "targets"};
  WatchSettings& s = cfg.settings;
  std::map<std::string, YAML::Mark> seen;
  YAML::Mark warn_mark, crit_mark;
  auto entry = [&](const std::string& key, const YAML::Node& v, const YAML::Mark& km) {
    uint64_t n = 0;
    bool ok = true;
    if (key == "interval") {
      ok = Duration(L, key, v, km, false, false, s.interval_ms);
    } else if (key == "slow_interval") {
      ok = Duration(L, key, v, km, false, false, s.slow_interval_ms);
    } else if (key == "slow_above") {
      ok = Unsigned(L, key, v, km, 0, std::numeric_limits<uint64_t>::max(), s.slow_above);
    } else if (key == "full_dump_min_interval") {
      ok = Duration(L, key, v, km, true, false, s.full_dump_min_interval_ms);
    } else if (key == "leak_profile_interval") {
      ok = Duration(L, key, v, km, true, true, s.leak_profile_interval_ms);
    } else if (key == "fingerprint_frames") {
      ok = Unsigned(L, key, v, km, 1, 1000, n);
      s.fingerprint_frames = static_cast<uint32_t>(n);
    } else if (key == "suspect_samples") {
      ok = Unsigned(L, key, v, km, 1, 1000000, n);
      s.suspect_samples = static_cast<uint32_t>(n);
    } else if (key == "suspect_min") {
      ok = Duration(L, key, v, km, true, false, s.suspect_min_ms);
    } else if (key == "warn_total") {
      ok = Unsigned(L, key, v, km, 0, std::numeric_limits<uint64_t>::max(), s.warn_total);
      warn_mark = MarkOf(v, km);
    } else if (key == "crit_total") {
      ok = Unsigned(L, key, v, km, 0, std::numeric_limits<uint64_t>::max(), s.crit_total);
      crit_mark = MarkOf(v, km);
    } else if (key == "max_duty") {
      std::string text;
      size_t i = 0;
      uint64_t whole = 0, fnum = 0, fden = 1;
      ok = Scalar(L, key, v, km, "a number", text);
      if (ok && (!ParseDecimal(text, i, whole, fnum, fden) || i != text.size() || whole > 1 ||
                 (whole == 1 && fnum > 0))) {
        ok = L.Fail(MarkOf(v, km), key + ": " + QuoteValue(text) +
                                       " is not a share of time between 0 and 1 (like 0.05)");
      }
      if (ok) {
        s.max_duty =
            static_cast<double>(whole) + static_cast<double>(fnum) / static_cast<double>(fden);
      }
    } else if (key == "warn_growth_per_min") {
      ok = Rate(L, key, v, km, s.warn_growth_per_min);
    } else if (key == "crit_growth_per_min") {
      ok = Rate(L, key, v, km, s.crit_growth_per_min);
    } else if (key == "growth_window") {
      ok = Duration(L, key, v, km, false, false, s.growth_window_ms);
    } else if (key == "down_after_errors") {
      ok = Unsigned(L, key, v, km, 1, 1000000, n);
      s.down_after_errors = static_cast<uint32_t>(n);
    } else if (key == "resolve_after") {
      ok = Duration(L, key, v, km, true, false, s.alert_resolve_after_ms);
    } else if (key == "max_backoff") {
      ok = Duration(L, key, v, km, false, false, s.max_backoff_ms);
    } else if (key == "top_buckets") {
      ok = Unsigned(L, key, v, km, 1, 100000, n);
      s.top_buckets = static_cast<size_t>(n);
    } else if (key == "webhook") {
      std::string u;
      ok = String(L, key, v, km, u);
      // The URL is not repeated: webhook URLs often carry a secret path.
      if (ok && !IsHttpUrl(u))
        ok = L.Fail(MarkOf(v, km), "webhook: expected an http:// or https:// URL");
      if (ok) cfg.webhook = u;
    } else if (key == "db") {
      std::string p;
      ok = String(L, key, v, km, p);
      if (ok) cfg.db = p;
    } else if (key == "listen") {
      std::string a;
      ok = String(L, key, v, km, a);
      if (ok && a.find(':') == std::string::npos)
        ok = L.Fail(MarkOf(v, km), "listen: expected host:port or :port, such as 127.0.0.1:7070");
      if (ok) cfg.listen = a;
    } else if (key == "targets") {
      ok = LoadTargets(L, v, km, cfg.targets);
    } else {
      return L.Fail(km, UnknownKey(key, kKeys, ""));
    }
    if (!ok) return false;
    cfg.keys_set.push_back(key);
    return true;
  };
  if (!config::ForEachKey(L, root, start, "", entry, &seen)) return false;
  // Only when the file sets both: one threshold against the other's default
  // would fault the file for a value it never wrote.
  if (seen.count("warn_total") && seen.count("crit_total") && s.warn_total > s.crit_total) {
    return L.Fail(warn_mark, "warn_total (" + std::to_string(s.warn_total) +
                                 ") is above crit_total (" + std::to_string(s.crit_total) + ", " +
                                 Position(crit_mark) + ")");
  }
  return true;
}

}  // namespace

bool LoadWatchConfigText(std::string_view text, const std::string& name, const WatchConfig& base,
                         WatchConfig& out, std::string* error) {
  Loader L{name, ""};
  WatchConfig cfg = base;
  cfg.keys_set.clear();
  bool ok =
      config::LoadYaml(text, L, [&](const YAML::Node& root) { return LoadRoot(L, root, cfg); });
  if (!ok) {
    if (error) *error = L.error;
    return false;
  }
  out = std::move(cfg);
  return true;
}

bool LoadWatchConfig(const std::string& path, const WatchConfig& base, WatchConfig& out,
                     std::string* error) {
  std::string text;
  if (!config::ReadConfigFile(path, text, error)) return false;
  return LoadWatchConfigText(text, path, base, out, error);
}

}  // namespace gopit::watch
