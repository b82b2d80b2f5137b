// The --config file of `gopit watch` (YAML): targets and settings.
//
//   interval: 500ms
//   targets:
//     - name: api
//       url: http://127.0.0.1:6060
//       timeout: 5s
//       headers: {X-Team: infra}
//       bearer_token_env: API_PPROF_TOKEN
//
// docs/watch-config.md lists every key. Unknown keys and bad values are
// errors that name the file, line and column; no error ever repeats a header
// value (it may hold a token).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "watch/settings.h"
#include "watch/target.h"

namespace gopit::watch {

struct WatchConfig {
  std::vector<Target> targets;
  WatchSettings settings;
  // Keys the file set, so command-line flags given explicitly can win and
  // the file wins over flag defaults.
  std::vector<std::string> keys_set;
  std::optional<std::string> webhook;
  std::optional<std::string> db;
  std::optional<std::string> listen;
};

// Reads `path` over `base` (the defaults): each key the file sets replaces
// the base's value (`targets` replaces the base's list), keys it does not set
// keep it. False with *error as "FILE:LINE:COL: what is wrong" (1-based; a
// file that cannot be read is "FILE:1:1: ..."), and `out` untouched.
bool LoadWatchConfig(const std::string& path, const WatchConfig& base, WatchConfig& out,
                     std::string* error);

// The same on the text of a file; `name` stands for the file in errors.
bool LoadWatchConfigText(std::string_view text, const std::string& name, const WatchConfig& base,
                         WatchConfig& out, std::string* error);

// "500ms", "2s", "1m", "1h30m", or a bare number of milliseconds. False when
// not a duration.
bool ParseDurationMs(std::string_view text, long& ms);

// "64MiB", "1GB", "512KiB", "1.5G" or a bare number of bytes. K, M, G and T
// with "i" or without a B are powers of 1024 ("64M" = "64MiB"); KB, MB, GB
// and TB are powers of 1000. Units are case-insensitive. False when not a
// size or when it overflows.
bool ParseByteSize(std::string_view text, uint64_t& bytes);

}  // namespace gopit::watch
