// The real `promtool check metrics` (Debian's `prometheus` package, listed in
// scripts/deps-apt.txt) on a /metrics text, for every test that checks what
// gopit exports: it reports format errors and the lint problems Prometheus'
// own tooling knows (missing help, counters without _total, units ...).
//
// Without promtool a test fails in CI (CI=true) and is skipped elsewhere:
// REQUIRE_PROMTOOL(path) at the top of the test.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gopit::testing {

inline std::string FindPromtool() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string p = dir + "/promtool";
    if (!dir.empty() && access(p.c_str(), X_OK) == 0) return p;
  }
  return access("/usr/bin/promtool", X_OK) == 0 ? "/usr/bin/promtool" : "";
}

inline bool InCI() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

struct PromtoolResult {
  int status = -1;     // promtool's exit status
  std::string output;  // what it printed: empty when the text is clean
  bool Clean() const { return status == 0 && output.empty(); }
};

// promtool reads the text on stdin; it goes through a file so that the
// output can be read back without juggling two pipes.
inline PromtoolResult PromtoolCheck(const std::string& promtool, const std::string& text) {
  PromtoolResult r;
  std::string tmpl = (std::filesystem::temp_directory_path() / "gopit-metrics-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    r.output = "cannot make a temporary file";
    return r;
  }
  close(fd);
  {
    std::ofstream f(tmpl, std::ios::binary);
    f << text;
  }
  std::string cmd = "'" + promtool + "' check metrics < '" + tmpl + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    r.output = "cannot run promtool";
  } else {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
      r.output.append(buf, n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  std::filesystem::remove(tmpl);
  return r;
}

}  // namespace gopit::testing

#define REQUIRE_PROMTOOL(var)                                                                 \
  std::string var = ::gopit::testing::FindPromtool();                                         \
  if (var.empty()) {                                                                          \
    if (::gopit::testing::InCI()) FAIL() << "promtool is not installed (package prometheus)"; \
    GTEST_SKIP() << "promtool is not installed (apt-get install prometheus)";                 \
  }
