// The --config file of `gopit watch`: real YAML files in a temporary
// directory, every key read, and each kind of mistake reported at its exact
// line and column without repeating a secret.
#include "watch/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace gopit::watch {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gopit-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Loads `text` from a file and returns the error ("" when it loaded).
  std::string Error(const std::string& text) {
    std::string path = Write("watch.yaml", text);
    WatchConfig out;
    std::string error;
    bool ok = LoadWatchConfig(path, WatchConfig{}, out, &error);
    if (ok) return "";
    EXPECT_TRUE(error.starts_with(path + ":")) << error;
    return error.substr(path.size() + 1);  // "LINE:COL: what"
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigTest, ReadsEveryKey) {
  std::string path = Write("watch.yaml", R"(# gopit watch, production
interval: 250ms
slow_interval: 2s
slow_above: 8000
full_dump_min_interval: 1m
leak_profile_interval: off
fingerprint_frames: 5
suspect_samples: 4
suspect_min: 1m30s
warn_total: 1000
crit_total: 4000
warn_growth_per_min: 120.5
crit_growth_per_min: 1500
growth_window: 45s
down_after_errors: 5
resolve_after: 2m
max_backoff: 1m
top_buckets: 30
webhook: http://127.0.0.1:9093/hook
db: /var/lib/gopit/watch.db
listen: 127.0.0.1:7070
targets:
  - name: api
    url: http://10.0.0.7:6060
    headers: {X-Team: infra, X-Env: prod}
    bearer_token_env: API_TOKEN
    timeout: 3s
    max_bytes: 64MiB
  - "worker=http://10.0.0.8:6060/debug/pprof/goroutine?debug=1"
  - http://10.0.0.9:6060
  - url: https://10.0.0.10:6060/debug/pprof/goroutine?debug=2
    bearer_token_file: /run/secrets/token
    max_bytes: 1GB
)");
  WatchConfig base;
  base.settings.max_points = 99;  // not a file key: must come through
  WatchConfig cfg;
  std::string error;
  ASSERT_TRUE(LoadWatchConfig(path, base, cfg, &error)) << error;
  const WatchSettings& s = cfg.settings;
  EXPECT_EQ(s.interval_ms, 250);
  EXPECT_EQ(s.slow_interval_ms, 2000);
  EXPECT_EQ(s.slow_above, 8000u);
  EXPECT_EQ(s.full_dump_min_interval_ms, 60000);
  EXPECT_EQ(s.leak_profile_interval_ms, 0);
  EXPECT_EQ(s.fingerprint_frames, 5u);
  EXPECT_EQ(s.suspect_samples, 4u);
  EXPECT_EQ(s.suspect_min_ms, 90000);
  EXPECT_EQ(s.warn_total, 1000u);
  EXPECT_EQ(s.crit_total, 4000u);
  EXPECT_DOUBLE_EQ(s.warn_growth_per_min, 120.5);
  EXPECT_DOUBLE_EQ(s.crit_growth_per_min, 1500);
  EXPECT_EQ(s.growth_window_ms, 45000);
  EXPECT_EQ(s.down_after_errors, 5u);
  EXPECT_EQ(s.alert_resolve_after_ms, 120000);
  EXPECT_EQ(s.max_backoff_ms, 60000);
  EXPECT_EQ(s.top_buckets, 30u);
  EXPECT_EQ(s.max_points, 99u);
  EXPECT_EQ(cfg.webhook.value_or(""), "http://127.0.0.1:9093/hook");
  EXPECT_EQ(cfg.db.value_or(""), "/var/lib/gopit/watch.db");
  EXPECT_EQ(cfg.listen.value_or(""), "127.0.0.1:7070");

  ASSERT_EQ(cfg.targets.size(), 4u);
  const Target& api = cfg.targets[0];
  EXPECT_EQ(api.name, "api");
  EXPECT_EQ(api.url, "http://10.0.0.7:6060");
  ASSERT_EQ(api.headers.size(), 2u);
  EXPECT_EQ(api.headers[0], (std::pair<std::string, std::string>{"X-Team", "infra"}));
  EXPECT_EQ(api.headers[1], (std::pair<std::string, std::string>{"X-Env", "prod"}));
  EXPECT_EQ(api.bearer_token_env, "API_TOKEN");
  EXPECT_EQ(api.timeout_ms, 3000);
  EXPECT_EQ(api.max_bytes, 64ULL << 20);
  EXPECT_EQ(cfg.targets[1].name, "worker");
  EXPECT_EQ(cfg.targets[1].url, "http://10.0.0.8:6060/debug/pprof/goroutine?debug=1");
  EXPECT_EQ(cfg.targets[1].timeout_ms, Target{}.timeout_ms);
  EXPECT_EQ(cfg.targets[2].name, "10.0.0.9:6060");
  EXPECT_EQ(cfg.targets[3].name, "10.0.0.10:6060");
  EXPECT_EQ(cfg.targets[3].url, "https://10.0.0.10:6060/debug/pprof/goroutine?debug=2");
  EXPECT_EQ(cfg.targets[3].bearer_token_file, "/run/secrets/token");
  EXPECT_EQ(cfg.targets[3].max_bytes, 1000000000u);

  std::vector<std::string> want = {"interval",
                                   "slow_interval",
                                   "slow_above",
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
  EXPECT_EQ(cfg.keys_set, want);
}

TEST_F(ConfigTest, KeysNotSetKeepTheBase) {
  WatchConfig base;
  base.settings.interval_ms = 777;
  base.settings.warn_total = 42;
  base.webhook = "http://example.invalid/hook";
  std::string path = Write("small.yaml", "warn_total: 43\nleak_profile_interval: 0\n");
  WatchConfig cfg;
  std::string error;
  ASSERT_TRUE(LoadWatchConfig(path, base, cfg, &error)) << error;
  EXPECT_EQ(cfg.settings.interval_ms, 777);
  EXPECT_EQ(cfg.settings.warn_total, 43u);
  EXPECT_EQ(cfg.settings.leak_profile_interval_ms, 0);
  EXPECT_EQ(cfg.webhook.value_or(""), "http://example.invalid/hook");
  EXPECT_EQ(cfg.keys_set, (std::vector<std::string>{"warn_total", "leak_profile_interval"}));
}

TEST_F(ConfigTest, EmptyFileAndCommentsOnlySetNothing) {
  EXPECT_EQ(Error(""), "");
  EXPECT_EQ(Error("# nothing here\n\n"), "");
  EXPECT_EQ(Error("targets:\n"), "");
}

TEST_F(ConfigTest, UnknownKeyWithSuggestion) {
  EXPECT_EQ(Error("interval: 1s\nintervall: 2s\n"),
            "2:1: unknown key \"intervall\"; did you mean \"interval\"?");
  EXPECT_EQ(Error("warn_totals: 3\n"),
            "1:1: unknown key \"warn_totals\"; did you mean \"warn_total\"?");
  // Nothing near: no suggestion.
  EXPECT_EQ(Error("interval: 1s\n\ncolour: blue\n"), "3:1: unknown key \"colour\"");
}

TEST_F(ConfigTest, UnknownKeyInTarget) {
  EXPECT_EQ(Error("targets:\n  - name: a\n    url: http://h:1\n    tiemout: 2s\n"),
            "4:5: unknown key \"tiemout\" in target; did you mean \"timeout\"?");
}

TEST_F(ConfigTest, WrongTypes) {
  EXPECT_EQ(Error("interval: [1, 2]\n"),
            "1:11: interval: expected a duration such as 500ms, 2s or 1m, found a list");
  EXPECT_EQ(Error("top_buckets: {a: 1}\n"),
            "1:14: top_buckets: expected a whole number, found a "
            "mapping");
  EXPECT_EQ(Error("targets: http://h:1\n"), "1:10: targets: expected a list, found a scalar");
  EXPECT_EQ(Error("targets:\n  - [http://h:1]\n"),
            "2:5: target: expected a mapping with name and url, or a string \"name=url\", found a "
            "list");
  EXPECT_EQ(Error("- interval: 1s\n"),
            "1:1: expected a mapping of settings (interval: 1s, targets: [...]), found a list");
  EXPECT_EQ(Error("targets:\n  - url: http://h:1\n    headers: [a]\n"),
            "3:14: headers: expected a mapping of header names to values, found a list");
}

TEST_F(ConfigTest, BadValues) {
  EXPECT_EQ(Error("slow_interval: 5 s\n"),
            "1:16: slow_interval: \"5 s\" is not a duration (write 500ms, 2s, 1m or 1h30m; a bare "
            "number is milliseconds)");
  EXPECT_EQ(Error("\ninterval: -1s\n"),
            "2:11: interval: \"-1s\" is not a duration (write 500ms, 2s, 1m or 1h30m; a bare "
            "number is milliseconds)");
  EXPECT_EQ(Error("interval: 0\n"), "1:11: interval: must be above zero");
  EXPECT_EQ(Error("warn_total: -5\n"), "1:13: warn_total: \"-5\" is not a whole number");
  EXPECT_EQ(Error("fingerprint_frames: 0\n"),
            "1:21: fingerprint_frames: 0 is out of range (1 to 1000)");
  EXPECT_EQ(Error("warn_total: 99999999999999999999999\n"),
            "1:13: warn_total: \"99999999999999999999999\" is not a whole number");
  EXPECT_EQ(Error("crit_growth_per_min: fast\n"),
            "1:22: crit_growth_per_min: \"fast\" is not a number of goroutines per minute (0 or "
            "more)");
  EXPECT_EQ(Error("targets:\n  - url: http://h:1\n    max_bytes: 64 apples\n"),
            "3:16: max_bytes: \"64 apples\" is not a size (write 64MiB or 1GB)");
  EXPECT_EQ(Error("targets:\n  - url: ftp://h:1\n"), "2:10: url: not an http(s) URL");
  EXPECT_EQ(Error("listen: 7070\n"),
            "1:9: listen: expected host:port or :port, such as 127.0.0.1:7070");
  EXPECT_EQ(Error("webhook: hooks.example.com/x\n"),
            "1:10: webhook: expected an http:// or https:// URL");
  EXPECT_EQ(Error("warn_total: 3000\ncrit_total: 2000\n"),
            "1:13: warn_total (3000) is above crit_total (2000, 2:13)");
  EXPECT_EQ(Error("db:\n"), "1:1: db: expected a string, found nothing");
}

TEST_F(ConfigTest, TargetMistakes) {
  EXPECT_EQ(Error("targets:\n  - name: a\n    timeout: 1s\n"), "2:5: target: url is required");
  EXPECT_EQ(Error("targets:\n  - name: api\n    url: http://a:1\n  - name: db\n    url: "
                  "http://b:1\n  - api=http://c:1\n"),
            "6:5: duplicate target name \"api\" (first at 2:11)");
  EXPECT_EQ(Error("targets:\n  - http://a:1\n  - url: http://a:1\n"),
            "3:5: duplicate target name \"a:1\" (first at 2:5)");
  EXPECT_EQ(Error("targets:\n  - url: http://a:1\n    bearer_token_env: T\n    bearer_token_file: "
                  "/t\n"),
            "2:5: target: set bearer_token_file or bearer_token_env, not both");
  // A plain string is read by ParseTargetSpec, whose message is kept.
  std::string e = Error("targets:\n  - localhost:6060\n");
  EXPECT_TRUE(e.starts_with("2:5: target \"localhost:6060\": not an http:// or https:// URL")) << e;
}

TEST_F(ConfigTest, DuplicateKeys) {
  EXPECT_EQ(Error("interval: 1s\ntop_buckets: 3\ninterval: 2s\n"),
            "3:1: duplicate key \"interval\" (first at 1:1)");
  EXPECT_EQ(Error("targets:\n  - url: http://a:1\n    url: http://b:1\n"),
            "3:5: duplicate key \"url\" in target (first at 2:5)");
  EXPECT_EQ(Error("targets:\n  - url: http://a:1\n    headers:\n      X-A: 1\n      x-a: 2\n"),
            "5:7: duplicate key \"x-a\" in headers (first at 4:7)");
}

TEST_F(ConfigTest, YamlSyntaxErrorHasItsPlace) {
  // An unclosed list is noticed where the file ends.
  std::string e = Error("interval: 1s\ntargets: [http://a:1\n");
  EXPECT_EQ(e, "3:1: YAML syntax: end of sequence flow not found");
  // A key indented under a scalar: its colon cannot stand there.
  e = Error("interval: 1s\n  slow_interval: 2s\n   - x\n");
  EXPECT_EQ(e, "2:16: YAML syntax: illegal map value");
  // A tab before a list entry: the entry is what cannot stand there.
  e = Error("targets:\n\t- http://a:1\n");
  EXPECT_EQ(e, "2:2: YAML syntax: illegal block entry");
}

TEST_F(ConfigTest, MissingFile) {
  std::string path = (dir_ / "nope.yaml").string();
  WatchConfig out;
  std::string error;
  EXPECT_FALSE(LoadWatchConfig(path, WatchConfig{}, out, &error));
  EXPECT_EQ(error, path + ":1:1: cannot open the file: No such file or directory");
}

TEST_F(ConfigTest, ADirectoryIsNotAFile) {
  WatchConfig out;
  std::string error;
  EXPECT_FALSE(LoadWatchConfig(dir_.string(), WatchConfig{}, out, &error));
  EXPECT_EQ(error, dir_.string() + ":1:1: cannot read the file: Is a directory");
}

TEST_F(ConfigTest, ErrorsNeverRepeatATokenOrHeaderValue) {
  const std::string secret = "s3cr3t-t0ken-value";
  const std::string cases[] = {
      // An error later in the target that holds the header.
      "targets:\n  - url: http://a:1\n    headers: {Authorization: Bearer " + secret +
          "}\n    timeout: soon\n",
      // The header value of the wrong type.
      "targets:\n  - url: http://a:1\n    headers:\n      Authorization: [Bearer " + secret + "]\n",
      // A key that does not exist, holding a token.
      "bearer_token: " + secret + "\n",
      "targets:\n  - url: http://a:1\n    token: " + secret + "\n",
      // A syntax error on the line of the token.
      "targets:\n  - url: http://a:1\n    headers: {Authorization: \"Bearer " + secret + "}\n",
      // A header value with a line break in it.
      "targets:\n  - url: http://a:1\n    headers:\n      Authorization: \"Bearer " + secret +
          "\\r\\nX: y\"\n",
      // A password in a target's URL.
      "targets:\n  - api=ftp://user:" + secret + "@h:1\n",
      "targets:\n  - \"=http://user:" + secret + "@h:1\"\n",
      // A webhook URL whose path is its secret.
      "webhook: hooks.example.com/services/" + secret + "\n",
  };
  for (const std::string& text : cases) {
    std::string e = Error(text);
    EXPECT_FALSE(e.empty()) << text;
    EXPECT_EQ(e.find(secret), std::string::npos) << e;
    EXPECT_EQ(e.find("s3cr3t"), std::string::npos) << e;
  }
}

TEST_F(ConfigTest, TextEntryPointNamesTheGivenFile) {
  WatchConfig out;
  std::string error;
  EXPECT_FALSE(LoadWatchConfigText("top_buckets: x\n", "inline.yaml", WatchConfig{}, out, &error));
  EXPECT_EQ(error, "inline.yaml:1:14: top_buckets: \"x\" is not a whole number");
}

TEST(ParseDurationMs, Accepts) {
  long ms = -1;
  struct {
    const char* text;
    long want;
  } cases[] = {{"500ms", 500},    {"2s", 2000},
               {"1m", 60000},     {"1h30m", 5400000},
               {"1500", 1500},    {"0", 0},
               {"0s", 0},         {"1.5s", 1500},
               {"2m3s", 123000},  {"1h0m1s1ms", 3601001},
               {"0.25h", 900000}, {"10ms5s", 5010}};
  for (const auto& c : cases) {
    EXPECT_TRUE(ParseDurationMs(c.text, ms)) << c.text;
    EXPECT_EQ(ms, c.want) << c.text;
  }
}

TEST(ParseDurationMs, Rejects) {
  const char* bad[] = {"", "-1s", "-5", "s", "1x", "1 s", " 1s", "1s ", "1.5", ".s", "1.s", "ms",
                       "1d", "1sm", "+1s", "1e3", "9223372036854775808", "99999999999999999999h",
                       // fits in 64 bits, until the last second is added
                       "5124095576030431h1s"};
  for (const char* text : bad) {
    long ms = 7;
    EXPECT_FALSE(ParseDurationMs(text, ms)) << text;
    EXPECT_EQ(ms, 7) << text;
  }
  long ms = 0;
  EXPECT_TRUE(ParseDurationMs("9223372036854775807", ms));
  EXPECT_EQ(ms, 9223372036854775807L);
}

TEST(ParseByteSize, UnitsAndRejects) {
  uint64_t n = 0;
  struct {
    const char* text;
    uint64_t want;
  } cases[] = {{"64MiB", 64ULL << 20}, {"1GB", 1000000000ULL}, {"512KiB", 512ULL << 10},
               {"1.5G", 3ULL << 29},   {"100", 100},           {"100B", 100},
               {"2kb", 2000},          {"2K", 2048},           {"1TiB", 1ULL << 40},
               {"64m", 64ULL << 20}};
  for (const auto& c : cases) {
    EXPECT_TRUE(ParseByteSize(c.text, n)) << c.text;
    EXPECT_EQ(n, c.want) << c.text;
  }
  for (const char* text :
       {"", "MB", "-1MB", "1.5", "1.5B", "64 MiB", "1PB", "20000000TB", "18446744073709551616"}) {
    EXPECT_FALSE(ParseByteSize(text, n)) << text;
  }
}

}  // namespace
}  // namespace gopit::watch
