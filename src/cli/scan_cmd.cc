// gopit scan: check Go source for leak, deadlock and runtime pitfalls,
// without building it.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.h"
#include "model/finding.h"
#include "render/scan_json.h"
#include "render/scan_sarif.h"
#include "render/scan_text.h"
#include "render/style.h"
#include "scan/engine.h"

namespace gopit::cli {
namespace {

// Findings at or above the threshold make the exit status 1.
constexpr int kExitFindings = 1;

struct ScanFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string severity = "warning";
  std::string baseline;
  bool update_baseline = false;
  std::vector<std::string> enable, disable;
  bool include_vendor = false;
  bool include_testdata = false;
  bool no_gitignore = false;
  bool no_tests = false;
  bool include_generated = false;
  std::string color = "auto";
  int threads = 0;
  bool no_progress = false;
  std::string go_version;
  std::vector<std::string> rule_files;
  bool no_config = false;
};

int Run(const ScanFlags& f) {
  Severity threshold;
  if (!ParseSeverity(f.severity, threshold)) {
    std::cerr << "gopit: --severity must be info, warning or error\n";
    return kExitUsage;
  }
  if (f.update_baseline && f.baseline.empty()) {
    std::cerr << "gopit: --update-baseline needs --baseline FILE\n";
    return kExitUsage;
  }
  scan::ScanOptions o;
  if (!f.paths.empty()) o.paths = f.paths;
  o.walk.include_vendor = f.include_vendor;
  o.walk.include_testdata = f.include_testdata;
  o.walk.respect_gitignore = !f.no_gitignore;
  o.walk.include_tests = !f.no_tests;
  o.include_generated = f.include_generated;
  o.enable = f.enable;
  o.disable = f.disable;
  o.baseline = f.baseline;
  o.update_baseline = f.update_baseline;
  o.threads = f.threads;
  o.go_version = f.go_version;
  o.rule_files = f.rule_files;
  o.module_config = !f.no_config;

  // A progress line on a terminal only, rewritten in place.
  bool progress = !f.no_progress && isatty(STDERR_FILENO);
  std::mutex progress_mu;
  if (progress) {
    o.progress = [&](size_t done, size_t total) {
      std::lock_guard<std::mutex> lock(progress_mu);
      fprintf(stderr, "\rgopit: scanned %zu/%zu directories", done, total);
      fflush(stderr);
    };
  }
  std::string error;
  ScanReport report = scan::RunScan(o, error);
  if (progress) fprintf(stderr, "\r\033[K");
  if (!error.empty()) {
    std::cerr << "gopit: " << error << "\n";
    return kExitUsage;
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
  if (f.format == "json") {
    WriteScanJson(report, *out);
  } else if (f.format == "sarif") {
    WriteScanSarif(report, *out);
  } else {
    ColorMode cm = f.color == "always"  ? ColorMode::kAlways
                   : f.color == "never" ? ColorMode::kNever
                                        : ColorMode::kAuto;
    bool color = cm == ColorMode::kAlways || (out_fd >= 0 && Style::ShouldColor(cm, out_fd));
    WriteScanText(report, Style(color), *out);
  }
  out->flush();
  if (!*out) {
    std::cerr << "gopit: write error\n";
    return kExitUsage;
  }
  for (const std::string& e : report.errors)
    std::cerr << "gopit: " << e << "\n";
  if (f.update_baseline) return kExitOk;
  for (const Finding& fd : report.findings) {
    if (fd.severity >= threshold) return kExitFindings;
  }
  // Nothing found, but paths could not be read: not a clean bill of health.
  if (!report.errors.empty()) return kExitUsage;
  return kExitOk;
}

}  // namespace

void RegisterScan(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = app.add_subcommand(
      "scan", "Check Go source for goroutine leaks, deadlocks and runtime pitfalls");
  cmd->footer(
      "PATH is as for the go command: ./... (the default) or dir/... for a tree, dir for\n"
      "one directory, file.go for one file. No build is needed: files are parsed directly.\n"
      "vendor/ and testdata/ are skipped unless asked for; .gitignore is honoured.\n\n"
      "User rules (docs/user-rules.md): forbidden calls and paired calls in YAML, from\n"
      "--rules FILE and from the .gopit.yaml at each module's root (next to go.mod).\n\n"
      "Suppress a finding with a comment on its line or the line above:\n"
      "  //gopit:ignore LOCK001 the lock is released by the caller\n"
      "  //nolint:gopit\n\n"
      "Examples:\n"
      "  gopit scan\n"
      "  gopit scan --format sarif -o gopit.sarif ./...\n"
      "  gopit scan --baseline .gopit-baseline.json --update-baseline   # adopt: record today\n"
      "  gopit scan --baseline .gopit-baseline.json                     # then fail on new ones\n\n"
      "Exit status: 0 no findings at or above --severity, 1 findings at or above it,\n"
      "2 usage or I/O error.");
  cmd->add_option("PATH", flags->paths, "What to scan (default ./...)");
  cmd->add_option("-f,--format", flags->format, "Output: text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the report to this file");
  cmd->add_option("--severity", flags->severity,
                  "Lowest severity that makes the exit status 1: info, warning, error")
      ->check(CLI::IsMember({"info", "warning", "error"}))
      ->capture_default_str();
  cmd->add_option("--baseline", flags->baseline,
                  "Leave out the findings recorded in this baseline file");
  cmd->add_flag("--update-baseline", flags->update_baseline,
                "Record the current findings in the --baseline file (exit status 0)");
  // One value per use (comma-separated ids within it): without that the
  // option would also take the paths after it for rule names.
  cmd->add_option("--enable", flags->enable, "Run only these rules (ids or slugs, comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--disable", flags->disable, "Do not run these rules")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_flag("--include-vendor", flags->include_vendor, "Scan vendor/ directories too");
  cmd->add_flag("--include-testdata", flags->include_testdata, "Scan testdata/ directories too");
  cmd->add_flag("--no-gitignore", flags->no_gitignore, "Do not honour .gitignore files");
  cmd->add_flag("--no-tests", flags->no_tests, "Leave out _test.go files");
  cmd->add_flag("--include-generated", flags->include_generated,
                "Check generated files (// Code generated ... DO NOT EDIT.) too");
  cmd->add_option("--go-version", flags->go_version,
                  "Go language version of the scanned code (1.21), instead of each go.mod's "
                  "go directive; version-aware rules go by it");
  cmd->add_option("--rules", flags->rule_files,
                  "Also run the user rules of this YAML file (repeatable; docs/user-rules.md)")
      ->allow_extra_args(false);
  cmd->add_flag("--no-config", flags->no_config,
                "Do not read the .gopit.yaml at the root of each scanned module");
  cmd->add_option("--color", flags->color,
                  "Colour: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "Worker threads (0: one per core)")
      ->capture_default_str();
  cmd->add_flag("--no-progress", flags->no_progress, "No progress line on the terminal");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace gopit::cli
