// gopit stacks: read goroutine dumps and profiles, group them into buckets,
// say what they mean and what each bucket waits on.
#include <memory>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "analysis/stacks_report.h"
#include "cli/commands.h"
#include "cli/dump_flags.h"
#include "render/stacks_html.h"
#include "render/stacks_json.h"
#include "render/stacks_markdown.h"
#include "render/stacks_text.h"

namespace gopit::cli {
namespace {

void KeepLatestSnapshotPerInput(const std::vector<std::string>& inputs,
                                const std::vector<size_t>& counts, ReadResult& read) {
  std::vector<Snapshot> kept;
  size_t at = 0;
  for (size_t i = 0; i < inputs.size() && at < read.snapshots.size(); ++i) {
    size_t n = counts[i];
    if (n == 0) continue;
    Snapshot& last = read.snapshots[at + n - 1];
    if (n > 1) {
      read.warnings.push_back(Warning{inputs[i], last.first_line,
                                      "input holds " + std::to_string(n) +
                                          " snapshots; showing the last (from line " +
                                          std::to_string(last.first_line) + "); `gopit diff " +
                                          inputs[i] + "` compares them in order"});
    }
    kept.push_back(std::move(last));
    at += n;
  }
  read.snapshots = std::move(kept);
}

int Run(const DumpFlags& f) {
  ReadResult read;
  StacksReport report;
  report.read = &read;
  std::vector<size_t> counts;
  std::vector<std::string> errors;
  bool any = ReadInputs(f, read, counts, errors);
  for (size_t i = 0; i < f.inputs.size(); ++i)
    report.inputs.push_back(InputSummary{f.inputs[i], counts[i], errors[i]});
  if (!any) return kExitNothingRead;

  // An input holding several snapshots (a log with a dump every minute,
  // dumps pasted one after another) is a series, not one process's
  // goroutines: summing them would count each goroutine once per dump.
  // Each input gives its latest snapshot; `gopit diff` compares the series.
  KeepLatestSnapshotPerInput(f.inputs, counts, read);

  report.options = ToBucketOptions(f);
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : read.snapshots)
    snaps.push_back(&s);
  // Diagnoses see every goroutine (the finalizer and other runtime
  // goroutines matter even when the report hides them): bucket them all
  // once and hide the runtime's afterwards.
  BucketOptions all = report.options;
  all.include_runtime = true;
  BucketReport everything = BuildBuckets(*read.symbols, snaps, all);
  if (!f.no_diagnose) {
    report.diagnoses = Diagnose(
        DiagnosisInput{*read.symbols, everything, snaps, f.diagnose, nullptr, &read.warnings});
    report.diagnosed = true;
  }
  report.buckets =
      report.options.include_runtime ? std::move(everything) : HideRuntime(std::move(everything));

  Output out;
  if (!out.Open(f.output)) return kExitUsage;
  if (f.format == "json") {
    RenderStacksJson(report, out.stream());
  } else if (f.format == "html") {
    RenderStacksHtml(report, HtmlOptions{f.limit}, out.stream());
  } else if (f.format == "markdown") {
    RenderStacksMarkdown(report, MarkdownOptionsFor(f.limit, f.frames), out.stream());
  } else {
    RenderStacksText(report, ToTextOptions(f, out.fd()), out.stream());
  }
  return out.Finish() ? kExitOk : kExitNothingRead;
}

}  // namespace

void RegisterStacks(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DumpFlags>();
  CLI::App* cmd = app.add_subcommand(
      "stacks",
      "Group the goroutines of dumps and profiles into buckets and say what each waits on");
  cmd->footer(
      "INPUT is a file (plain or gzip), - for standard input, or an http(s):// URL of a\n"
      "pprof endpoint (a bare http://host:port means /debug/pprof/goroutine?debug=2).\n"
      "Formats are recognised from content: debug=2 and panic/SIGQUIT tracebacks,\n"
      "debug=1 text, debug=0 profile.proto, and the goroutine-leak profile.\n"
      "Diagnoses (DUMP000-DUMP009) come first; `gopit rules DUMP002` documents one.\n\n"
      "Examples:\n"
      "  gopit stacks dump.txt\n"
      "  curl -s localhost:6060/debug/pprof/goroutine?debug=2 | gopit stacks -\n"
      "  gopit stacks --format json http://127.0.0.1:6060 > buckets.json\n\n"
      "Exit status: 0 when at least one input was read (warnings say what was skipped),\n"
      "1 when nothing could be read, 2 on a usage error.");
  cmd->add_option("INPUT", flags->inputs, "Dumps or profiles to read")->required();
  AddDumpFlags(cmd, *flags);
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace gopit::cli
