#include "cli/dump_flags.h"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "dump/hidden_frames.h"
#include "render/style.h"

namespace gopit::cli {

namespace {

InputFormat ParseInputFormat(const std::string& s) {
  if (s == "traceback") return InputFormat::kTraceback;
  if (s == "debug1") return InputFormat::kDebug1;
  if (s == "profile") return InputFormat::kProfile;
  return InputFormat::kUnknown;
}

}  // namespace

void AddDumpFlags(CLI::App* cmd, DumpFlags& f) {
  cmd->add_option("-f,--format", f.format, "Output: text, json, html or markdown")
      ->check(CLI::IsMember({"text", "json", "html", "markdown"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", f.output, "Write the report to this file");
  cmd->add_option("--input-format", f.input_format,
                  "Force the input format instead of recognising it")
      ->check(CLI::IsMember({"auto", "traceback", "debug1", "profile"}))
      ->capture_default_str();
  cmd->add_flag("-a,--all", f.all, "Show runtime-internal goroutines too");
  cmd->add_option("--similarity", f.similarity,
                  "Group by stack ignoring arguments, or with exactly equal arguments")
      ->check(CLI::IsMember({"ignore-args", "exact-args"}))
      ->capture_default_str();
  cmd->add_option("--top-frames", f.top_frames,
                  "Group by the innermost N frames only (0: all frames)")
      ->capture_default_str();
  cmd->add_flag("--args", f.args, "Keep and show frame arguments");
  cmd->add_option("--limit", f.limit, "Text: show at most N buckets (0: all)")
      ->capture_default_str();
  cmd->add_option("--frames", f.frames, "Text: show at most N frames per bucket (0: all)")
      ->capture_default_str();
  cmd->add_option("--color", f.color,
                  "Colour: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--threads", f.threads, "Parser threads (0: one per core)")
      ->capture_default_str();
  cmd->add_option("--timeout", f.timeout_s, "Seconds a URL may take")->capture_default_str();
  cmd->add_option("--max-bytes", f.max_bytes, "Largest response read from a URL")
      ->capture_default_str();
  cmd->add_flag("--no-diagnose", f.no_diagnose, "Leave out the diagnoses");
  cmd->add_option("--suspect-count", f.diagnose.suspect_count,
                  "DUMP002: goroutines at one channel site that make a leak suspect")
      ->capture_default_str();
  cmd->add_option("--long-wait", f.diagnose.long_wait_minutes,
                  "Minutes of waiting that count as long (DUMP002, 004, 006, 009)")
      ->capture_default_str();
  cmd->add_option("--http-conns", f.diagnose.http_conns,
                  "DUMP003: HTTP client connection goroutines that make a pile")
      ->capture_default_str();
  cmd->add_option("--server-conns", f.diagnose.server_conns,
                  "DUMP004: idle HTTP server connections that make a pile")
      ->capture_default_str();
  cmd->add_option("--lock-waiters", f.diagnose.lock_waiters,
                  "DUMP006: goroutines waiting at one Lock call that make a pile")
      ->capture_default_str();
  cmd->add_option("--locked-threads", f.diagnose.locked_threads,
                  "DUMP008: goroutines locked to OS threads that make a pile")
      ->capture_default_str();
  cmd->add_option("--growth-min", f.diagnose.growth_min,
                  "DUMP010: goroutines a bucket must gain across snapshots")
      ->capture_default_str();
}

ReadOptions ToReadOptions(const DumpFlags& f) {
  ReadOptions ro;
  ro.forced_format = ParseInputFormat(f.input_format);
  ro.threads = f.threads;
  ro.parse.keep_args = f.args || f.similarity == "exact-args";
  ro.fetch_timeout_ms = static_cast<long>(f.timeout_s * 1000);
  ro.max_fetch_bytes = f.max_bytes;
  return ro;
}

BucketOptions ToBucketOptions(const DumpFlags& f) {
  BucketOptions o;
  o.similarity = f.similarity == "exact-args" ? Similarity::kExactArgs : Similarity::kIgnoreArgs;
  o.top_frames = f.top_frames;
  o.include_runtime = f.all;
  return o;
}

TextOptions ToTextOptions(const DumpFlags& f, int fd) {
  ColorMode cm = f.color == "always"  ? ColorMode::kAlways
                 : f.color == "never" ? ColorMode::kNever
                                      : ColorMode::kAuto;
  TextOptions to;
  to.max_buckets = f.limit;
  to.max_frames = f.frames;
  to.color = cm == ColorMode::kAlways || (fd >= 0 && Style::ShouldColor(cm, fd));
  return to;
}

bool ReadInputs(const DumpFlags& f, ReadResult& read, std::vector<size_t>& snapshots_per_input,
                std::vector<std::string>& errors) {
  ReadOptions ro = ToReadOptions(f);
  for (const std::string& in : f.inputs) {
    size_t before = read.snapshots.size();
    InputStatus st = ReadInput(in, ro, read);
    snapshots_per_input.push_back(read.snapshots.size() - before);
    errors.push_back(st.error);
    if (!st.Ok()) std::cerr << "gopit: " << st.error << "\n";
  }
  if (read.snapshots.empty()) {
    std::cerr << "gopit: nothing could be read\n";
    return false;
  }
  // A debug=1 profile given with a debug=0 profile of the same binary is
  // read with the runtime frames it leaves out. Both stay snapshots of their
  // own, counted as every other input is (a debug=2 dump given with a
  // debug=1 profile is too): gopit cannot know they are one process and not
  // two replicas of one build.
  ResolveHiddenFrames(read);
  return true;
}

bool Output::Open(const std::string& path) {
  out_ = &std::cout;
  fd_ = STDOUT_FILENO;
  if (!path.empty() && path != "-") {
    file_.open(path, std::ios::binary);
    if (!file_) {
      std::cerr << "gopit: cannot write " << path << "\n";
      return false;
    }
    out_ = &file_;
    fd_ = -1;
  }
  // A large buffer: reports for big dumps are written in one pass.
  buf_.resize(1 << 20);
  out_->rdbuf()->pubsetbuf(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  return true;
}

bool Output::Finish() {
  out_->flush();
  if (!*out_) {
    std::cerr << "gopit: write error\n";
    return false;
  }
  return true;
}

}  // namespace gopit::cli
