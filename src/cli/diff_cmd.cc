// gopit diff: the same buckets across dumps taken over time: what grew, what
// never moved.
#include <iostream>
#include <memory>

#include "analysis/diff.h"
#include "cli/commands.h"
#include "cli/dump_flags.h"
#include "render/diff_html.h"
#include "render/diff_json.h"
#include "render/diff_markdown.h"
#include "render/diff_text.h"

namespace gopit::cli {
namespace {

int Run(const DumpFlags& f) {
  ReadResult read;
  std::vector<size_t> counts;
  std::vector<std::string> errors;
  if (!ReadInputs(f, read, counts, errors)) return kExitNothingRead;
  if (read.snapshots.size() < 2) {
    std::cerr << "gopit: diff needs at least two snapshots (give two or more dumps, in the "
                 "order they were taken)\n";
    return kExitNothingRead;
  }
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : read.snapshots)
    snaps.push_back(&s);
  DiffReport report =
      BuildDiff(*read.symbols, snaps, ToBucketOptions(f), f.no_diagnose ? nullptr : &f.diagnose);

  Output out;
  if (!out.Open(f.output)) return kExitUsage;
  if (f.format == "json") {
    RenderDiffJson(report, *read.symbols, read.warnings, out.stream());
  } else if (f.format == "html") {
    RenderDiffHtml(report, *read.symbols, read.warnings, HtmlOptions{f.limit}, out.stream());
  } else if (f.format == "markdown") {
    RenderDiffMarkdown(report, *read.symbols, MarkdownOptionsFor(f.limit, f.frames), out.stream());
  } else {
    RenderDiffText(report, *read.symbols, read.warnings, ToTextOptions(f, out.fd()), out.stream());
  }
  return out.Finish() ? kExitOk : kExitNothingRead;
}

}  // namespace

void RegisterDiff(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DumpFlags>();
  CLI::App* cmd = app.add_subcommand("diff",
                                     "Compare dumps taken over time: which buckets grew, which "
                                     "goroutines never moved");
  cmd->footer(
      "INPUT is read as by `gopit stacks` (file, gzip, -, or a pprof URL), in the order\n"
      "the dumps were taken; a file holding several dumps gives several snapshots.\n"
      "Buckets are matched by their id, the same in every dump and format. With three\n"
      "or more snapshots, buckets that keep growing are diagnosed (DUMP010).\n\n"
      "Examples:\n"
      "  gopit diff before.txt after.txt\n"
      "  for i in 1 2 3; do curl -s -o d$i.txt 'localhost:6060/debug/pprof/goroutine?debug=2';\n"
      "    sleep 60; done; gopit diff d1.txt d2.txt d3.txt\n\n"
      "Exit status: 0 when the snapshots were compared, 1 when fewer than two could be\n"
      "read, 2 on a usage error.");
  cmd->add_option("INPUT", flags->inputs, "Dumps or profiles, oldest first")->required();
  AddDumpFlags(cmd, *flags);
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace gopit::cli
