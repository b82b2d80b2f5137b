#include "e2e/support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace gopit::e2e {
namespace {

std::vector<char*> CArgs(const std::vector<std::string>& v) {
  std::vector<char*> r;
  for (const auto& s : v)
    r.push_back(const_cast<char*>(s.c_str()));
  r.push_back(nullptr);
  return r;
}

std::vector<std::string> Environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    env.emplace_back(*e);
  for (const auto& kv : extra) {
    std::string key = kv.substr(0, kv.find('=') + 1);
    std::erase_if(env, [&](const std::string& s) { return s.starts_with(key); });
    env.push_back(kv);
  }
  return env;
}

pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
            int in_fd, int out_fd, int err_fd) {
  std::vector<std::string> env = Environment(extra_env);
  auto cargv = CArgs(argv);
  auto cenv = CArgs(env);
  pid_t pid = fork();
  if (pid == 0) {
    if (in_fd >= 0) dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    setpgid(0, 0);
    execvpe(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  return pid;
}

int DecodeStatus(int st) {
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return -1;
}

}  // namespace

Output RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text,
                  std::chrono::seconds timeout, const std::vector<std::string>& extra_env) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  pid_t pid = Spawn(argv, extra_env, in[0], out[1], err[1]);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Feed stdin from a thread so a child that writes a lot before reading
  // cannot deadlock against us.
  std::thread feeder([fd = in[1], &stdin_text] {
    signal(SIGPIPE, SIG_IGN);
    size_t off = 0;
    while (off < stdin_text.size()) {
      ssize_t n = write(fd, stdin_text.data() + off, stdin_text.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    close(fd);
  });
  Output o;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  bool killed = false;
  while (open_fds > 0) {
    int ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  deadline - std::chrono::steady_clock::now())
                                  .count());
    if (ms <= 0) {
      kill(-pid, SIGKILL);
      killed = true;
      ms = 1000;
    }
    if (poll(fds, 2, ms) <= 0 && killed) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? o.out : o.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  feeder.join();
  int st = 0;
  waitpid(pid, &st, 0);
  o.status = DecodeStatus(st);
  return o;
}

Process::Process(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) throw std::runtime_error("pipe failed");
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_ = Spawn(argv, extra_env, devnull, out[1], err[1]);
  close(devnull);
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

Process::~Process() {
  if (status_ < 0 && pid_ > 0) {
    kill(-pid_, SIGKILL);
    int st;
    waitpid(pid_, &st, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void Process::Pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (poll(fds, 2, timeout_ms) <= 0) return;
  char buf[65536];
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = read(fds[i].fd, buf, sizeof buf);
    if (n <= 0) {
      close(fds[i].fd);
      (i == 0 ? out_fd_ : err_fd_) = -1;
    } else {
      (i == 0 ? out_ : err_).append(buf, static_cast<size_t>(n));
    }
  }
}

std::string Process::WaitForLine(const std::string& prefix, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    size_t nl;
    while ((nl = out_.find('\n', scanned_)) != std::string::npos) {
      std::string line = out_.substr(scanned_, nl - scanned_);
      scanned_ = nl + 1;
      if (line.starts_with(prefix)) return line;
    }
    if (out_fd_ < 0 && err_fd_ < 0) return "";
    Pump(100);
  }
  return "";
}

void Process::Signal(int sig) {
  kill(pid_, sig);
}

int Process::Wait(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid_, SIGKILL);
      break;
    }
    Pump(100);
  }
  int st = 0;
  waitpid(pid_, &st, 0);
  status_ = DecodeStatus(st);
  return status_;
}

std::string GoTool() {
  if (const char* p = std::getenv("PATH")) {
    std::stringstream ss(p);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
      std::string cand = dir + "/go";
      if (access(cand.c_str(), X_OK) == 0) return cand;
    }
  }
  if (access("/usr/local/go/bin/go", X_OK) == 0) return "/usr/local/go/bin/go";
  return "";
}

std::string WorkDir(const std::string& name) {
  std::string dir = std::string(GOPIT_WORK_DIR) + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string BuildGoProgram(const std::string& dir, const std::vector<std::string>& env) {
  static std::mutex mu;
  static std::map<std::string, std::string> built;
  std::lock_guard<std::mutex> lock(mu);
  std::string key = dir;
  for (const auto& e : env)
    key += "|" + e;
  if (auto it = built.find(key); it != built.end()) return it->second;
  std::string go = GoTool();
  if (go.empty()) throw std::runtime_error("no Go toolchain found");
  std::string bindir = std::string(GOPIT_WORK_DIR) + "/bin";
  std::filesystem::create_directories(bindir);
  std::string name = dir;
  std::replace(name.begin(), name.end(), '/', '_');
  for (const auto& e : env)
    name += "_" + std::to_string(std::hash<std::string>{}(e) % 100000);
  // ctest runs tests as separate processes in parallel: one binary each.
  std::string out = bindir + "/" + name + "." + std::to_string(getpid());
  std::vector<std::string> full_env = env;
  // The test programs build from tests/go, a module of their own (stdlib only).
  Output o = RunCommand(
      {"sh", "-c",
       "cd '" + std::string(GOPIT_GO_DIR) + "' && '" + go + "' build -o '" + out + "' ./" + dir},
      "", std::chrono::seconds(300), full_env);
  if (o.status != 0) throw std::runtime_error("go build ./" + dir + " failed: " + o.err);
  built[key] = out;
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f << data;
}

Output Gopit(const std::vector<std::string>& args, const std::string& stdin_text) {
  std::vector<std::string> argv{GOPIT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, stdin_text, std::chrono::seconds(300));
}

}  // namespace gopit::e2e
