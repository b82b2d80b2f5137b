// Flags that `gopit stacks` and `gopit diff` share: how inputs are read, how
// goroutines are grouped, the diagnosis thresholds, and text output. One
// place, so the two commands cannot drift apart.
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "dump/reader.h"
#include "render/stacks_text.h"

namespace gopit::cli {

struct DumpFlags {
  std::vector<std::string> inputs;
  std::string format = "text";
  std::string input_format = "auto";
  std::string similarity = "ignore-args";
  uint32_t top_frames = 0;
  bool all = false;
  bool args = false;
  size_t limit = 40;
  size_t frames = 12;
  std::string color = "auto";
  unsigned threads = 0;
  double timeout_s = 30;
  uint64_t max_bytes = 1ULL << 30;
  std::string output;
  bool no_diagnose = false;
  DiagnoseOptions diagnose;
};

// Registers every shared option on `cmd` (not INPUT, whose help differs
// per command).
void AddDumpFlags(CLI::App* cmd, DumpFlags& f);

ReadOptions ToReadOptions(const DumpFlags& f);
BucketOptions ToBucketOptions(const DumpFlags& f);
// Text options; `fd` is the output's descriptor (-1 for a file).
TextOptions ToTextOptions(const DumpFlags& f, int fd);

// Reads every input in order; prints what failed. False when nothing at all
// could be read. `errors[i]` is empty when input i was read.
bool ReadInputs(const DumpFlags& f, ReadResult& read, std::vector<size_t>& snapshots_per_input,
                std::vector<std::string>& errors);

// Opens -o FILE (or stdout) with a large buffer; null after printing why.
class Output {
 public:
  bool Open(const std::string& path);
  std::ostream& stream() { return *out_; }
  int fd() const { return fd_; }
  // Flushes; false after printing a write error.
  bool Finish();

 private:
  std::ofstream file_;
  std::ostream* out_ = nullptr;
  int fd_ = -1;
  std::vector<char> buf_;
};

}  // namespace gopit::cli
