// gopit stacks: read goroutine dumps and profiles, group them into buckets
// and say what each bucket waits on.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "analysis/stacks_report.h"
#include "cli/commands.h"
#include "dump/reader.h"
#include "render/stacks_json.h"
#include "render/stacks_text.h"
#include "render/style.h"

namespace gopit::cli {
namespace {

struct StacksFlags {
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

InputFormat ParseInputFormat(const std::string& s) {
  if (s == "traceback") return InputFormat::kTraceback;
  if (s == "debug1") return InputFormat::kDebug1;
  if (s == "profile") return InputFormat::kProfile;
  return InputFormat::kUnknown;
}

int Run(const StacksFlags& f) {
  ReadOptions ro;
  ro.forced_format = ParseInputFormat(f.input_format);
  ro.threads = f.threads;
  ro.parse.keep_args = f.args || f.similarity == "exact-args";
  ro.fetch_timeout_ms = static_cast<long>(f.timeout_s * 1000);
  ro.max_fetch_bytes = f.max_bytes;

  ReadResult read;
  StacksReport report;
  report.read = &read;
  for (const std::string& in : f.inputs) {
    size_t before = read.snapshots.size();
    InputStatus st = ReadInput(in, ro, read);
    report.inputs.push_back(InputSummary{in, read.snapshots.size() - before, st.error});
    if (!st.Ok()) std::cerr << "gopit: " << st.error << "\n";
  }
  if (read.snapshots.empty()) {
    std::cerr << "gopit: nothing could be read\n";
    return kExitNothingRead;
  }

  report.options.similarity =
      f.similarity == "exact-args" ? Similarity::kExactArgs : Similarity::kIgnoreArgs;
  report.options.top_frames = f.top_frames;
  report.options.include_runtime = f.all;
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : read.snapshots)
    snaps.push_back(&s);
  report.buckets = BuildBuckets(*read.symbols, snaps, report.options);
  if (!f.no_diagnose) {
    // Diagnoses see every goroutine: the finalizer and other runtime
    // goroutines matter even when the report hides them.
    BucketOptions all = report.options;
    all.include_runtime = true;
    BucketReport everything = all.include_runtime == report.options.include_runtime
                                  ? report.buckets
                                  : BuildBuckets(*read.symbols, snaps, all);
    report.diagnoses = Diagnose(DiagnosisInput{*read.symbols, everything, snaps, f.diagnose});
    report.diagnosed = true;
  }

  std::ofstream file;
  std::ostream* out = &std::cout;
  int out_fd = STDOUT_FILENO;
  if (!f.output.empty() && f.output != "-") {
    file.open(f.output, std::ios::binary);
    if (!file) {
      std::cerr << "gopit: cannot write " << f.output << "\n";
      return kExitUsage;
    }
    out = &file;
    out_fd = -1;
  }
  // A large buffer: reports for big dumps are written in one pass.
  std::vector<char> buf(1 << 20);
  out->rdbuf()->pubsetbuf(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (f.format == "json") {
    RenderStacksJson(report, *out);
  } else {
    ColorMode cm = f.color == "always"  ? ColorMode::kAlways
                   : f.color == "never" ? ColorMode::kNever
                                        : ColorMode::kAuto;
    TextOptions to;
    to.max_buckets = f.limit;
    to.max_frames = f.frames;
    to.color = out_fd >= 0 && Style::ShouldColor(cm, out_fd);
    if (cm == ColorMode::kAlways) to.color = true;
    RenderStacksText(report, to, *out);
  }
  out->flush();
  if (!*out) {
    std::cerr << "gopit: write error\n";
    return kExitNothingRead;
  }
  return kExitOk;
}

}  // namespace

void RegisterStacks(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<StacksFlags>();
  CLI::App* cmd = app.add_subcommand(
      "stacks",
      "Group the goroutines of dumps and profiles into buckets and say what each waits on");
  cmd->footer(
      "INPUT is a file (plain or gzip), - for standard input, or an http(s):// URL of a\n"
      "pprof endpoint (a bare http://host:port means /debug/pprof/goroutine?debug=2).\n"
      "Formats are recognised from content: debug=2 and panic/SIGQUIT tracebacks,\n"
      "debug=1 text, debug=0 profile.proto, and the goroutine-leak profile.\n\n"
      "Examples:\n"
      "  gopit stacks dump.txt\n"
      "  curl -s localhost:6060/debug/pprof/goroutine?debug=2 | gopit stacks -\n"
      "  gopit stacks --format json http://127.0.0.1:6060 > buckets.json\n\n"
      "Exit status: 0 when at least one input was read (warnings say what was skipped),\n"
      "1 when nothing could be read, 2 on a usage error.");
  cmd->add_option("INPUT", flags->inputs, "Dumps or profiles to read")->required();
  cmd->add_option("-f,--format", flags->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the report to this file");
  cmd->add_option("--input-format", flags->input_format,
                  "Force the input format instead of recognising it")
      ->check(CLI::IsMember({"auto", "traceback", "debug1", "profile"}))
      ->capture_default_str();
  cmd->add_flag("-a,--all", flags->all, "Show runtime-internal goroutines too");
  cmd->add_option("--similarity", flags->similarity,
                  "Group by stack ignoring arguments, or with exactly equal arguments")
      ->check(CLI::IsMember({"ignore-args", "exact-args"}))
      ->capture_default_str();
  cmd->add_option("--top-frames", flags->top_frames,
                  "Group by the innermost N frames only (0: all frames)")
      ->capture_default_str();
  cmd->add_flag("--args", flags->args, "Keep and show frame arguments");
  cmd->add_option("--limit", flags->limit, "Text: show at most N buckets (0: all)")
      ->capture_default_str();
  cmd->add_option("--frames", flags->frames, "Text: show at most N frames per bucket (0: all)")
      ->capture_default_str();
  cmd->add_option("--color", flags->color,
                  "Colour: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "Parser threads (0: one per core)")
      ->capture_default_str();
  cmd->add_option("--timeout", flags->timeout_s, "Seconds a URL may take")->capture_default_str();
  cmd->add_option("--max-bytes", flags->max_bytes, "Largest response read from a URL")
      ->capture_default_str();
  cmd->add_flag("--no-diagnose", flags->no_diagnose, "Leave out the diagnoses");
  cmd->add_option("--suspect-count", flags->diagnose.suspect_count,
                  "DUMP002: goroutines at one channel site that make a leak suspect")
      ->capture_default_str();
  cmd->add_option("--long-wait", flags->diagnose.long_wait_minutes,
                  "Minutes of waiting that count as long (DUMP002, 004, 006, 009)")
      ->capture_default_str();
  cmd->add_option("--http-conns", flags->diagnose.http_conns,
                  "DUMP003: HTTP client connection goroutines that make a pile")
      ->capture_default_str();
  cmd->add_option("--server-conns", flags->diagnose.server_conns,
                  "DUMP004: idle HTTP server connections that make a pile")
      ->capture_default_str();
  cmd->add_option("--lock-waiters", flags->diagnose.lock_waiters,
                  "DUMP006: goroutines waiting at one Lock call that make a pile")
      ->capture_default_str();
  cmd->add_option("--locked-threads", flags->diagnose.locked_threads,
                  "DUMP008: goroutines locked to OS threads that make a pile")
      ->capture_default_str();
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace gopit::cli
