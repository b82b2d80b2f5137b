#include "scan/stdlib_signatures.h"

#include <unordered_map>

namespace gopit::scan {
namespace {

using Results = std::vector<std::string>;

// Only what rules read: context (LEAK008), sync and sync/atomic (locks,
// counters), time (timers, LEAK005/006), net/http (bodies, clients,
// servers), os/exec (pipes, processes), database/sql (rows, transactions),
// runtime, and the C pseudo-package's allocators.
const std::unordered_map<std::string_view, Results>& Functions() {
  static const auto* table = new std::unordered_map<std::string_view, Results>{
      {"context.Background", {"context.Context"}},
      {"context.TODO", {"context.Context"}},
      {"context.WithCancel", {"context.Context", "context.CancelFunc"}},
      {"context.WithTimeout", {"context.Context", "context.CancelFunc"}},
      {"context.WithDeadline", {"context.Context", "context.CancelFunc"}},
      {"context.WithCancelCause", {"context.Context", "context.CancelCauseFunc"}},
      {"context.WithTimeoutCause", {"context.Context", "context.CancelFunc"}},
      {"context.WithDeadlineCause", {"context.Context", "context.CancelFunc"}},
      {"context.WithValue", {"context.Context"}},
      {"context.WithoutCancel", {"context.Context"}},
      {"context.AfterFunc", {"func() bool"}},
      {"time.NewTimer", {"*time.Timer"}},
      {"time.NewTicker", {"*time.Ticker"}},
      {"time.AfterFunc", {"*time.Timer"}},
      {"time.After", {"<-chan time.Time"}},
      {"time.Tick", {"<-chan time.Time"}},
      {"time.Now", {"time.Time"}},
      {"time.Since", {"time.Duration"}},
      {"net/http.Get", {"*net/http.Response", "error"}},
      {"net/http.Head", {"*net/http.Response", "error"}},
      {"net/http.Post", {"*net/http.Response", "error"}},
      {"net/http.PostForm", {"*net/http.Response", "error"}},
      {"net/http.NewRequest", {"*net/http.Request", "error"}},
      {"net/http.NewRequestWithContext", {"*net/http.Request", "error"}},
      {"net/http.NewServeMux", {"*net/http.ServeMux"}},
      {"(net/http.Client).Do", {"*net/http.Response", "error"}},
      {"(net/http.Client).Get", {"*net/http.Response", "error"}},
      {"(net/http.Client).Head", {"*net/http.Response", "error"}},
      {"(net/http.Client).Post", {"*net/http.Response", "error"}},
      {"(net/http.Client).PostForm", {"*net/http.Response", "error"}},
      {"(net/http.Request).Context", {"context.Context"}},
      {"(net/http.Request).WithContext", {"*net/http.Request"}},
      {"os/exec.Command", {"*os/exec.Cmd"}},
      {"os/exec.CommandContext", {"*os/exec.Cmd"}},
      {"os.Open", {"*os.File", "error"}},
      {"os.Create", {"*os.File", "error"}},
      {"os.OpenFile", {"*os.File", "error"}},
      {"database/sql.Open", {"*database/sql.DB", "error"}},
      {"(database/sql.DB).Query", {"*database/sql.Rows", "error"}},
      {"(database/sql.DB).QueryContext", {"*database/sql.Rows", "error"}},
      {"(database/sql.DB).Begin", {"*database/sql.Tx", "error"}},
      {"(database/sql.DB).BeginTx", {"*database/sql.Tx", "error"}},
      {"(database/sql.DB).Conn", {"*database/sql.Conn", "error"}},
      {"(database/sql.DB).Prepare", {"*database/sql.Stmt", "error"}},
      {"(database/sql.DB).PrepareContext", {"*database/sql.Stmt", "error"}},
      {"(database/sql.Tx).Query", {"*database/sql.Rows", "error"}},
      {"(database/sql.Tx).QueryContext", {"*database/sql.Rows", "error"}},
      {"(database/sql.Tx).Prepare", {"*database/sql.Stmt", "error"}},
      {"(database/sql.Conn).QueryContext", {"*database/sql.Rows", "error"}},
      {"(database/sql.Stmt).Query", {"*database/sql.Rows", "error"}},
      {"(database/sql.Stmt).QueryContext", {"*database/sql.Rows", "error"}},
      {"net.Dial", {"net.Conn", "error"}},
      {"net.DialTimeout", {"net.Conn", "error"}},
      {"net.Listen", {"net.Listener", "error"}},
      {"sync.NewCond", {"*sync.Cond"}},
      {"sync.OnceFunc", {"func()"}},
      {"sync/atomic.AddInt32", {"int32"}},
      {"sync/atomic.AddInt64", {"int64"}},
      {"sync/atomic.AddUint32", {"uint32"}},
      {"sync/atomic.AddUint64", {"uint64"}},
      {"sync/atomic.LoadInt32", {"int32"}},
      {"sync/atomic.LoadInt64", {"int64"}},
      {"sync/atomic.LoadUint32", {"uint32"}},
      {"sync/atomic.LoadUint64", {"uint64"}},
      {"sync/atomic.CompareAndSwapInt32", {"bool"}},
      {"sync/atomic.CompareAndSwapInt64", {"bool"}},
      {"(sync/atomic.Int32).Load", {"int32"}},
      {"(sync/atomic.Int64).Load", {"int64"}},
      {"(sync/atomic.Bool).Load", {"bool"}},
      {"runtime.NumGoroutine", {"int"}},
      {"runtime.NumCPU", {"int"}},
      {"runtime.GOMAXPROCS", {"int"}},
      {"runtime.Stack", {"int"}},
      {"os/exec.LookPath", {"string", "error"}},
      {"(os/exec.Cmd).StdoutPipe", {"io.ReadCloser", "error"}},
      {"(os/exec.Cmd).StderrPipe", {"io.ReadCloser", "error"}},
      {"(os/exec.Cmd).StdinPipe", {"io.WriteCloser", "error"}},
      {"(os/exec.Cmd).Output", {"[]byte", "error"}},
      {"(os/exec.Cmd).CombinedOutput", {"[]byte", "error"}},
      {"C.CString", {"*C.char"}},
      {"C.CBytes", {"unsafe.Pointer"}},
      {"C.malloc", {"unsafe.Pointer"}},
  };
  return *table;
}

const std::unordered_map<std::string_view, std::string_view>& Vars() {
  static const auto* table = new std::unordered_map<std::string_view, std::string_view>{
      {"net/http.DefaultClient", "*net/http.Client"},
      {"net/http.DefaultTransport", "net/http.RoundTripper"},
      {"net/http.DefaultServeMux", "*net/http.ServeMux"},
  };
  return *table;
}

}  // namespace

const std::vector<std::string>* StdlibResults(std::string_view qualified) {
  auto it = Functions().find(qualified);
  return it == Functions().end() ? nullptr : &it->second;
}

std::string_view StdlibVarType(std::string_view qualified) {
  auto it = Vars().find(qualified);
  return it == Vars().end() ? std::string_view{} : it->second;
}

}  // namespace gopit::scan
