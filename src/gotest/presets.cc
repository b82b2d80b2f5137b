#include "gotest/presets.h"

#include <algorithm>

namespace gopit {
namespace {

IgnoreRule Rule(IgnoreKind kind, const char* function, const char* reason) {
  return IgnoreRule{kind, function, reason, ""};
}

std::vector<LeakPreset> MakePresets() {
  using K = IgnoreKind;
  std::vector<LeakPreset> p = {
      {"opencensus",
       "OpenCensus's stats view worker, started by the package's init",
       "census-instrumentation/opencensus-go stats/view/worker.go (init: go defaultWorker.start())",
       {Rule(K::kFrame, "go.opencensus.io/stats/view.(*worker).start",
             "the view worker runs for the life of the process")}},
      {"klog",
       "klog's flush daemon (v2: flushDaemon.run; v1: loggingT.flushDaemon)",
       "kubernetes/klog klog.go",
       {Rule(K::kCreatedBy, "k8s.io/klog/v2.(*flushDaemon).run",
             "klog flushes its buffers periodically until the process exits"),
        Rule(K::kFrame, "k8s.io/klog/v2.(*flushDaemon).run.func1",
             "klog flushes its buffers periodically until the process exits"),
        Rule(K::kFrame, "k8s.io/klog.(*loggingT).flushDaemon",
             "klog v1 flushes its buffers periodically until the process exits")}},
      {"glog",
       "glog's flush daemon",
       "golang/glog glog.go (func (l *loggingT) flushDaemon)",
       {Rule(K::kFrame, "github.com/golang/glog.(*loggingT).flushDaemon",
             "glog flushes its buffers periodically until the process exits")}},
      {"grpc-callback-serializer",
       "gRPC's internal callback serializers (balancer and resolver wrappers of a ClientConn "
       "the test did not close end with it)",
       "grpc/grpc-go internal/grpcsync/callback_serializer.go (go cs.run(ctx))",
       {Rule(K::kFrame, "google.golang.org/grpc/internal/grpcsync.(*CallbackSerializer).run",
             "runs until the context of its ClientConn or server is cancelled")}},
      {"go-cache",
       "the janitor of github.com/patrickmn/go-cache (stopped by a finalizer when the cache "
       "is collected)",
       "patrickmn/go-cache cache.go (func (j *janitor) Run, go j.Run(c))",
       {Rule(K::kFrame, "github.com/patrickmn/go-cache.(*janitor).Run",
             "stopped by the cache's finalizer, not by the test")}},
      {"net-http-idle-conns",
       "the read and write loops of idle keep-alive connections of an http.Client the test "
       "kept (http.DefaultClient included)",
       "Go's net/http/transport.go (func (pc *persistConn) readLoop, writeLoop)",
       {Rule(K::kFrame, "net/http.(*persistConn).readLoop",
             "an idle keep-alive connection; CloseIdleConnections ends it"),
        Rule(K::kFrame, "net/http.(*persistConn).writeLoop",
             "an idle keep-alive connection; CloseIdleConnections ends it")}},
      {"database-sql",
       "database/sql's connection opener of a *sql.DB the test kept open",
       "Go's database/sql/sql.go (func (db *DB) connectionOpener)",
       {Rule(K::kFrame, "database/sql.(*DB).connectionOpener",
             "runs until the DB is closed; a package-level DB lives as long as the process")}},
      {"os-signal",
       "os/signal's receive loop, started once by the first signal.Notify",
       "Go's os/signal/signal_unix.go (func loop)",
       {Rule(K::kFrame, "os/signal.signal_recv", "started once per process by signal.Notify"),
        Rule(K::kFrame, "os/signal.loop", "started once per process by signal.Notify")}},
  };
  for (LeakPreset& preset : p) {
    for (IgnoreRule& r : preset.rules)
      r.source = "preset " + preset.name;
  }
  return p;
}

}  // namespace

const std::vector<LeakPreset>& LeakPresets() {
  static const std::vector<LeakPreset> presets = MakePresets();
  return presets;
}

std::vector<IgnoreRule> PresetRules(const std::vector<std::string>& disabled,
                                    std::vector<std::string>* unknown) {
  std::vector<IgnoreRule> out;
  for (const LeakPreset& p : LeakPresets()) {
    if (std::find(disabled.begin(), disabled.end(), p.name) != disabled.end()) continue;
    out.insert(out.end(), p.rules.begin(), p.rules.end());
  }
  if (unknown != nullptr) {
    for (const std::string& name : disabled) {
      bool known = std::any_of(LeakPresets().begin(), LeakPresets().end(),
                               [&](const LeakPreset& p) { return p.name == name; });
      if (!known) unknown->push_back(name);
    }
  }
  return out;
}

}  // namespace gopit
