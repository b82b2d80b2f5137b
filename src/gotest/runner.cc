// `go test -json` as a child process, with the hang watchdog (runner.h).
#include "gotest/runner.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <set>

#include "dump/read_bytes.h"

extern char** environ;

namespace gopit {
namespace {

using Clock = std::chrono::steady_clock;

// Parent pid of `pid` from /proc/PID/stat (the field after the command,
// which may itself hold spaces and parentheses).
pid_t ParentOf(pid_t pid) {
  std::string s, error;
  if (!ReadBytes("/proc/" + std::to_string(pid) + "/stat", s, error)) return -1;  // it exited
  size_t close = s.rfind(')');
  if (close == std::string::npos || close + 4 > s.size()) return -1;
  // ") S 1234 ..."
  return static_cast<pid_t>(std::atol(s.c_str() + close + 4));
}

std::string Argv0Base(pid_t pid) {
  std::string cmdline, error;
  if (!ReadBytes("/proc/" + std::to_string(pid) + "/cmdline", cmdline, error)) return {};
  std::string arg0 = cmdline.substr(0, cmdline.find('\0'));
  size_t slash = arg0.rfind('/');
  return slash == std::string::npos ? arg0 : arg0.substr(slash + 1);
}

// Test binaries below `root` in the process tree, by file name.
std::multimap<std::string, pid_t> TestBinariesUnder(pid_t root) {
  std::multimap<std::string, pid_t> out;
  DIR* d = opendir("/proc");
  if (!d) return out;
  std::map<pid_t, pid_t> parent;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (!end || *end || pid <= 0) continue;
    parent[static_cast<pid_t>(pid)] = ParentOf(static_cast<pid_t>(pid));
  }
  closedir(d);
  for (auto [pid, ppid] : parent) {
    bool below = false;
    pid_t cur = ppid;
    for (int depth = 0; depth < 16 && cur > 1; ++depth) {
      if (cur == root) {
        below = true;
        break;
      }
      auto it = parent.find(cur);
      cur = it == parent.end() ? -1 : it->second;
    }
    if (!below) continue;
    std::string name = Argv0Base(pid);
    if (name.size() > 5 && name.substr(name.size() - 5) == ".test") out.emplace(name, pid);
  }
  return out;
}

bool SetNonBlocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
}

}  // namespace

std::string TestBinaryName(const std::string& package) {
  std::string p = package;
  for (int i = 0; i < 2; ++i) {
    size_t slash = p.rfind('/');
    std::string last = slash == std::string::npos ? p : p.substr(slash + 1);
    bool major = last.size() >= 2 && last[0] == 'v' &&
                 last.find_first_not_of("0123456789", 1) == std::string::npos;
    if (major && slash != std::string::npos) {
      p = p.substr(0, slash);
      continue;
    }
    return last + ".test";
  }
  return p + ".test";
}

GoTestRun RunGoTest(const GoTestOptions& opts, TestRunBuilder& builder) {
  GoTestRun run;
  std::vector<std::string> args = {opts.go, "test", "-json"};
  if (opts.packages.empty()) {
    args.push_back("./...");
  } else {
    args.insert(args.end(), opts.packages.begin(), opts.packages.end());
  }
  args.insert(args.end(), opts.go_flags.begin(), opts.go_flags.end());
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_strs;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "GOTRACEBACK=", 12) == 0) continue;
    env_strs.emplace_back(*e);
  }
  // Every goroutine in the watchdog's SIGQUIT dump and in a timeout panic.
  env_strs.emplace_back("GOTRACEBACK=all");
  env_strs.insert(env_strs.end(), opts.extra_env.begin(), opts.extra_env.end());
  std::vector<char*> envp;
  for (std::string& e : env_strs)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    run.error = std::string("pipe: ") + std::strerror(errno);
    return run;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, opts.go.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    run.error = "cannot run " + opts.go + ": " + std::strerror(rc);
    return run;
  }
  SetNonBlocking(out_pipe[0]);
  SetNonBlocking(err_pipe[0]);

  std::string out_buf, err_buf;
  std::map<std::string, Clock::time_point> last_event;
  std::set<std::string> quit;
  Clock::time_point start = Clock::now();
  auto consume_lines = [&](std::string& buf, bool is_stdout, bool all) {
    size_t pos = 0, nl;
    while ((nl = buf.find('\n', pos)) != std::string::npos || (all && pos < buf.size())) {
      size_t end = nl == std::string::npos ? buf.size() : nl;
      std::string_view line(buf.data() + pos, end - pos);
      pos = nl == std::string::npos ? buf.size() : nl + 1;
      TestEvent e;
      std::string err;
      if (is_stdout && ParseTestEventLine(line, e, err)) {
        if (!e.package.empty()) last_event[e.package] = Clock::now();
        builder.Add(std::move(e));
      } else {
        builder.AddStray(line);
      }
    }
    buf.erase(0, pos);
  };

  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char chunk[65536];
  while (open_fds > 0) {
    int n = poll(fds, 2, 200);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      for (;;) {
        ssize_t r = read(fds[i].fd, chunk, sizeof chunk);
        if (r > 0) {
          (i == 0 ? out_buf : err_buf).append(chunk, static_cast<size_t>(r));
          continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_fds;
        }
        break;
      }
      consume_lines(i == 0 ? out_buf : err_buf, i == 0, fds[i].fd < 0);
    }
    if (opts.hang_after_s > 0) {
      Clock::time_point now = Clock::now();
      std::vector<std::string> stale;
      for (const std::string& pkg : builder.PackagesRunning()) {
        if (quit.count(pkg)) continue;
        auto it = last_event.find(pkg);
        Clock::time_point since = it == last_event.end() ? start : it->second;
        if (std::chrono::duration<double>(now - since).count() >= opts.hang_after_s)
          stale.push_back(pkg);
      }
      if (!stale.empty()) {
        auto binaries = TestBinariesUnder(pid);
        for (const std::string& pkg : stale) {
          auto range = binaries.equal_range(TestBinaryName(pkg));
          bool sent = false;
          for (auto it = range.first; it != range.second; ++it)
            sent |= kill(it->second, SIGQUIT) == 0;
          if (sent) {
            quit.insert(pkg);
            auto le = last_event.find(pkg);
            Clock::time_point since = le == last_event.end() ? start : le->second;
            builder.NoteWatchdog(pkg, std::chrono::duration<double>(now - since).count());
          }
        }
      }
    }
    if (opts.progress) opts.progress(builder);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.go_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace gopit
