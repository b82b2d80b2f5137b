// The leak-check hooks of `gopit test` (see leak_hooks.h): the runner's
// flags become LeakOptions, the packages' directories come from `go list`,
// and gotest/leak_check does the rest.
#include "gotest/leak_hooks.h"

#include <cstdlib>
#include <filesystem>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "gotest/hung_tests.h"
#include "gotest/leak_check.h"

extern char** environ;

namespace gopit {

struct LeakHookState {
  LeakCheckSetup setup;
  LeakOptions options;
  size_t packages = 0;               // as go list named them
  std::unique_ptr<LeakWatch> watch;  // made on the first look
};

namespace {

// The directories of the packages `patterns` name, as `go list` reports
// them; false with `error` (go's own message) when go refuses.
bool ListPackageDirs(const std::vector<std::string>& patterns, std::vector<std::string>& dirs,
                     std::string& error) {
  std::vector<std::string> args = {"go", "list", "-e", "-f", "{{.Dir}}", "--"};
  if (patterns.empty()) args.push_back("./...");
  args.insert(args.end(), patterns.begin(), patterns.end());
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) {
    error = "cannot make a pipe for go list";
    return false;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "go", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    error = "cannot run go list (is go on the PATH?)";
    return false;
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) dirs.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  // go test reports go list's own errors (no such package) itself.
  return true;
}

}  // namespace

bool PrepareLeakHooks(const std::vector<std::string>& packages, const LeakFlags& flags,
                      std::vector<std::string>& go_args, std::vector<std::string>& env,
                      LeakHookState*& state, std::string& error) {
  state = nullptr;
  for (const std::string& a : go_args) {
    if (a == "-overlay" || a.starts_with("-overlay=") || a == "--overlay" ||
        a.starts_with("--overlay=")) {
      error =
          "-overlay cannot be combined with the leak check (it adds its own); add "
          "--no-leak-check to pass yours";
      return false;
    }
  }
  auto s = std::make_unique<LeakHookState>();
  if (!flags.settle.empty()) {
    double seconds = ParseGoDuration(flags.settle);
    if (seconds < 0) {
      error = "--settle wants a duration with its unit, e.g. 500ms or 2s (got \"" + flags.settle +
              "\")";
      return false;
    }
    s->options.settle = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  }
  s->options.ignore_specs = flags.ignore;
  s->options.disabled_presets = flags.no_presets;
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) != nullptr) s->options.config_dir = cwd;
  std::vector<std::string> dirs;
  if (!ListPackageDirs(packages, dirs, error)) return false;
  s->packages = dirs.size();
  s->setup = PrepareLeakCheck(dirs, s->options, error);
  if (!error.empty()) return false;
  go_args.insert(go_args.begin(), s->setup.go_test_args.begin(), s->setup.go_test_args.end());
  env.insert(env.end(), s->setup.env.begin(), s->setup.env.end());
  state = s.release();
  return true;
}

void CollectLeakHooks(LeakHookState* state, TestRunReport& report) {
  if (state == nullptr) return;
  std::unique_ptr<LeakHookState> s(state);
  CollectLeaks(s->setup, s->options, report);
  report.warnings.insert(report.warnings.end(), s->setup.notes.begin(), s->setup.notes.end());
  // The generated TestMains, overlay and dumps are read now: nothing is left
  // in TMPDIR, unless GOPIT_KEEP_LEAK_DIR asks to look at them afterwards.
  if (s->setup.dump_dir.empty()) return;
  std::filesystem::path root = std::filesystem::path(s->setup.dump_dir).parent_path();
  const char* keep = std::getenv("GOPIT_KEEP_LEAK_DIR");
  if (keep != nullptr && *keep != '\0') {
    report.warnings.push_back("leak check files kept in " + root.string() +
                              " (GOPIT_KEEP_LEAK_DIR is set)");
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(root, ec);
}

size_t LeakHookPackageCount(const LeakHookState* state) {
  return state == nullptr ? 0 : state->packages;
}

size_t LeakHookLeakingSoFar(LeakHookState* state) {
  if (state == nullptr) return 0;
  if (!state->watch) state->watch = std::make_unique<LeakWatch>(state->setup, state->options);
  return state->watch->Poll();
}

bool LeakCheckAvailable() {
  return true;
}

}  // namespace gopit
