// libFuzzer target for the --config file of `gopit watch`: any bytes must
// load or fail with a "FILE:LINE:COL: " error (yaml-cpp's exceptions caught
// inside), and what loads must hold what the loader promises: unique target
// names, http(s) URLs, durations that are not negative. The duration and
// size parsers, on the raw input, must agree with themselves.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz/error_position.h"
#include "watch/config.h"

using gopit::fuzz::IsPosition;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace gopit::watch;

  WatchConfig cfg;
  std::string error;
  const std::string name = "fuzz.yaml";
  if (LoadWatchConfigText(text, name, WatchConfig{}, cfg, &error)) {
    std::set<std::string> names;
    for (const Target& t : cfg.targets) {
      if (!names.insert(t.name).second) __builtin_trap();
      if (!t.url.starts_with("http://") && !t.url.starts_with("https://")) __builtin_trap();
      if (t.timeout_ms <= 0 || t.max_bytes == 0) __builtin_trap();
    }
    const WatchSettings& s = cfg.settings;
    if (s.interval_ms <= 0 || s.slow_interval_ms <= 0 || s.growth_window_ms <= 0 ||
        s.max_backoff_ms <= 0 || s.leak_profile_interval_ms < 0 ||
        s.full_dump_min_interval_ms < 0 || s.suspect_min_ms < 0)
      __builtin_trap();
    if (s.fingerprint_frames == 0 || s.suspect_samples == 0 || s.top_buckets == 0) __builtin_trap();
    if (cfg.keys_set.size() > size) __builtin_trap();
  } else if (!error.starts_with(name + ":") ||
             !IsPosition(std::string_view(error).substr(name.size() + 1))) {
    __builtin_trap();
  }

  // A duration that parses prints back to itself in milliseconds.
  long ms = -1;
  if (ParseDurationMs(text, ms)) {
    long again = -1;
    if (ms < 0 || !ParseDurationMs(std::to_string(ms) + "ms", again) || again != ms)
      __builtin_trap();
  }
  uint64_t bytes = 0;
  if (ParseByteSize(text, bytes)) {
    uint64_t again = 0;
    if (!ParseByteSize(std::to_string(bytes), again) || again != bytes) __builtin_trap();
  }
  return 0;
}
