#include <malloc.h>

#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Parser threads grow large record vectors; with glibc's adaptive mmap
  // threshold their freed buffers stay in per-thread arenas and the peak
  // memory of a million-goroutine read grows by half. A fixed threshold
  // hands large buffers back to the kernel as soon as they are freed.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  CLI::App app{
      "gopit finds goroutine leaks, deadlocks and Go runtime pitfalls in goroutine dumps,\n"
      "profiles, live services and Go source."};
  app.set_version_flag("--version", std::string("gopit ") + GOPIT_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 when the command did its work, 1 when no input could be read,\n"
      "2 on a usage error. `gopit COMMAND --help` says more about each command.");
  int exit_code = gopit::cli::kExitOk;
  gopit::cli::RegisterStacks(app, &exit_code);
  gopit::cli::RegisterDiff(app, &exit_code);
  gopit::cli::RegisterHistory(app, &exit_code);
  gopit::cli::RegisterScan(app, &exit_code);
  gopit::cli::RegisterRules(app, &exit_code);
  gopit::cli::RegisterWatch(app, &exit_code);
  gopit::cli::RegisterTest(app, &exit_code);
  gopit::cli::RegisterDebugAst(app, &exit_code);
  gopit::cli::SplitTestPassthrough(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : gopit::cli::kExitUsage;
  }
  return exit_code;
}
