// Runs `go test -json` with the toolchain on PATH, feeds its events to a
// TestRunBuilder as they come, and watches for hangs: when a package with
// a running test has printed no event for `hang_after_s`, its test binary
// (a `*.test` child of the go command, found in /proc) gets SIGQUIT; with
// GOTRACEBACK=all in its environment it prints every goroutine, which the
// builder reads like a timeout dump.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gotest/test_events.h"

namespace gopit {

struct GoTestOptions {
  std::string go = "go";               // looked up on PATH
  std::vector<std::string> packages;   // default ./...
  std::vector<std::string> go_flags;   // after the packages, as given
  std::vector<std::string> extra_env;  // "K=V", added to ours
  double hang_after_s = 0;             // 0: no watchdog
  // Called after events arrive and about every 200 ms otherwise.
  std::function<void(const TestRunBuilder&)> progress;
};

struct GoTestRun {
  int go_status = -1;  // exit status of go, 128+signal when killed
  std::string error;   // gopit could not start go at all
};

GoTestRun RunGoTest(const GoTestOptions& opts, TestRunBuilder& builder);

// The file name go gives a package's test binary: "p.test" for
// "example.com/x/p" ("x.test" for "example.com/x/v2").
std::string TestBinaryName(const std::string& package);

}  // namespace gopit
