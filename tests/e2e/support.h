// Helpers for end-to-end tests: run real processes (the gopit binary, the Go
// toolchain, the Go test programs) and capture what they print.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace gopit::e2e {

struct Output {
  int status = -1;  // exit status, or 128+signal
  std::string out;
  std::string err;
};

// Runs argv with optional stdin text, waits for it (killing it after
// `timeout`), and returns what it printed.
Output RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                  std::chrono::seconds timeout = std::chrono::seconds(120),
                  const std::vector<std::string>& extra_env = {});

// A child that keeps running while the test talks to it.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Reads stdout lines until one starts with `prefix`; returns it (empty on
  // timeout or exit).
  std::string WaitForLine(const std::string& prefix, std::chrono::seconds timeout);
  void Signal(int sig);
  // Waits for exit and returns its status; collects the rest of stdout and stderr.
  int Wait(std::chrono::seconds timeout);
  const std::string& Stdout() const { return out_; }
  const std::string& Stderr() const { return err_; }

 private:
  void Pump(int timeout_ms);
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_;
  size_t scanned_ = 0;
  int status_ = -1;
};

// The Go toolchain: `go` on PATH or /usr/local/go/bin/go. Empty if none.
std::string GoTool();

// Builds the Go program in tests/go/<dir> once per test run and returns the
// binary's path. `env` adds variables (GOEXPERIMENT=..., CGO_ENABLED=0).
std::string BuildGoProgram(const std::string& dir, const std::vector<std::string>& env = {});

// A fresh directory under the build tree for this test's files.
std::string WorkDir(const std::string& name);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

// Runs the gopit binary with the given arguments.
Output Gopit(const std::vector<std::string>& args, const std::string& stdin_text = "");

}  // namespace gopit::e2e
