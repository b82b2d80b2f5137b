// LOCK002 blocking-under-lock: a goroutine holds a mutex while it sleeps,
// waits on a channel, a WaitGroup or another lock's Cond, or does network I/O.
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/configured_literals.h"
#include "scan/rules/held_locks.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LOCK002", "blocking-under-lock", Severity::kWarning,
                     "A mutex is held across a blocking operation: sleep, channel operation, "
                     "WaitGroup.Wait, Cond.Wait on another lock, or network I/O.",
                     R"(## What it finds
While a `sync.Mutex` or `sync.RWMutex` is held (between `Lock` and
`Unlock` on a path, or after `Lock` with a deferred `Unlock`), an operation
that can wait for as long as it likes:
- a channel send or receive, a `for range` over a channel, or a `select`
  without a `default` case, when a function of the package that does the
  other side (receives from, or sends on, the same channel or field) locks
  the same mutex (or a struct field of the same name) itself, directly or
  through a method of the mutex owner's type: the goroutine that would
  unblock this one is waiting for the lock;
- `wg.Wait()` on a `sync.WaitGroup` when a function that calls `Done` on it
  locks the same mutex;
- `c.Wait()` on a `sync.Cond` whose `L` is a different lock (Wait releases
  only `c.L`);
- outside test code: `time.Sleep`, an HTTP request (`http.Get`, `Post`,
  `Head`, `PostForm`, and the same methods and `Do` of an `*http.Client`),
  `net.Dial` and its variants.

The finding is on the blocking line; the related location is the `Lock`.

## Why it is bad
Every goroutine that needs the mutex waits as long as the blocking
operation does: a slow peer or a full channel turns one stuck request into
a stuck service. When the goroutine that would unblock the operation (the
receiver, the worker calling `wg.Done()`, the one that signals the `Cond`)
needs the same mutex first, nothing ever moves: a deadlock that shows up
only under load.

## Bad
```go
func (p *Pool) Submit(job Job) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending++
	p.jobs <- job // a busy worker that calls p.done() needs p.mu
}
```

## Fix
Copy what the blocking step needs under the lock, unlock, then block:

```go
func (p *Pool) Submit(job Job) {
	p.mu.Lock()
	p.pending++
	p.mu.Unlock()
	p.jobs <- job
}
```

or make the operation non-blocking (`select` with `default`, a buffered
channel sized for the worst case), or, for a `sync.Cond`, wait on the `Cond`
of the lock that is held.

## Go versions
All.

## Known limits
- The mutex's type must be known (`sync.Mutex`, `sync.RWMutex`, or a struct
  of the package embedding one).
- Channel operations and `wg.Wait` are reported only when the other side is
  found in the package and takes the same lock; a channel whose other side
  never locks only delays the goroutines that need the lock, which many
  designs accept (a mutex that serializes writers of a pipe).
- Channels are matched by variable or field name, mutexes by their last
  field name: two unrelated structs that both name a field `mu` and a
  channel `ch` can be mistaken for one another.
- Channels made with a capacity in the same function, or stored in a field
  that the package fills with `make(chan T, n)`, are taken not to block.
- `Cond.Wait` is reported only when the `Cond`'s lock is known (from
  `sync.NewCond(&x.mu)`, `c.L = &x.mu` or `&sync.Cond{L: &mu}`) and differs
  from the held one.
- Sleeps and network calls in test code are left alone: tests stage
  contention on purpose.
- Blocking inside called functions is not followed.)"};

// "s.mu is held (locked at line 12)".
std::string Held(const FunctionUnit& fn, const HeldLock& lock) {
  return lock.canon + " is held (locked at line " +
         std::to_string(fn.file().PositionOf(lock.stmt->pos).line) + ")";
}

const Expr* UnAddress(const Expr* e) {
  e = Unparen(e);
  if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) return Unparen(u->x);
  return e;
}

// `make(chan T, n)` with n not a literal 0.
bool IsBufferedMake(const Expr* e) {
  const auto* call = As<CallExpr>(Unparen(e));
  if (!call || call->args.size() != 2) return false;
  const auto* id = As<Ident>(call->fun);
  if (!id || id->name != "make" || !As<ChanType>(call->args[0])) return false;
  const auto* lit = As<BasicLit>(Unparen(call->args[1]));
  return !lit || lit->value != "0";
}

// `sync.NewCond(l)`: l.
const Expr* NewCondLock(const Expr* e, const SourceFile& file) {
  const auto* call = As<CallExpr>(Unparen(e));
  if (!call || call->args.size() != 1) return nullptr;
  const auto* sel = As<SelectorExpr>(call->fun);
  const auto* pkg = sel ? As<Ident>(sel->x) : nullptr;
  if (!pkg || sel->sel->name != "NewCond" || file.ImportPath(pkg->name) != "sync") return nullptr;
  return call->args[0];
}

// The last part of a canonical expression: ".jobs" for "p.jobs", or the
// name itself. Channels, WaitGroups and mutexes of a struct are matched
// across functions by field name, whatever the variable is called there.
std::string KeyOf(std::string_view canon) {
  size_t dot = canon.rfind('.');
  return std::string(dot == std::string_view::npos ? canon : canon.substr(dot));
}

enum class OpKind : uint8_t { kSend, kRecv, kDone };

struct Op {
  const Node* func;  // the FuncDecl or FuncLit doing it
  OpKind kind;
};

struct FuncFacts {
  const FuncDecl* outer = nullptr;             // the declaration it is, or is in
  std::unordered_set<std::string> locks;       // keys of the mutexes it locks
  std::unordered_set<std::string_view> calls;  // names of the methods it calls
};

// What the package says, collected once per package and only when a
// blocking operation is found under a lock: fields that hold a buffered
// channel, the lock of each Cond field relative to its struct (".mu" for
// `s.cond = sync.NewCond(&s.mu)`), and for each channel and WaitGroup who
// sends, receives or calls Done, and which mutexes those functions lock.
struct PackageFacts {
  std::unordered_set<std::string> buffered_fields;
  std::unordered_map<std::string, std::string> cond_locks;  // "" when ambiguous
  std::unordered_map<const Node*, FuncFacts> funcs;
  std::unordered_map<std::string, std::vector<Op>> ops;
};

struct FactsCache {
  PackageKey key;
  std::optional<PackageFacts> facts;
};
thread_local FactsCache g_facts;

void CollectStructFacts(const SourceFile& file, PackageFacts& f) {
  auto cond_lock = [&](const std::string& field, std::string lock) {
    auto [it, fresh] = f.cond_locks.emplace(field, lock);
    if (!fresh && it->second != lock) it->second = "";
  };
  Inspect(file.ast(), [&](const Node* n) {
    if (const auto* kv = As<KeyValueExpr>(n)) {
      if (const auto* key = As<Ident>(kv->key); key && IsBufferedMake(kv->value)) {
        f.buffered_fields.emplace(key->name);
      }
      return true;
    }
    const auto* a = As<AssignStmt>(n);
    if (!a || a->lhs.size() != a->rhs.size()) return true;
    for (size_t i = 0; i < a->lhs.size(); ++i) {
      const auto* sel = As<SelectorExpr>(Unparen(a->lhs[i]));
      if (!sel) continue;
      std::string field(sel->sel->name);
      if (IsBufferedMake(a->rhs[i])) f.buffered_fields.insert(field);
      // s.cond = sync.NewCond(&s.mu), or s.cond.L = &s.mu.
      const Expr* base = sel->x;
      const Expr* lock = NewCondLock(a->rhs[i], file);
      if (!lock && field == "L") {
        if (const auto* inner = As<SelectorExpr>(Unparen(sel->x))) {
          field = std::string(inner->sel->name);
          base = inner->x;
          lock = a->rhs[i];
        }
      }
      if (!lock) continue;
      std::string root = file.Canonical(base);
      std::string l = file.Canonical(UnAddress(lock));
      if (l.size() > root.size() && l.starts_with(root) && l[root.size()] == '.') {
        cond_lock(field, l.substr(root.size()));
      } else {
        cond_lock(field, "");
      }
    }
    return true;
  });
}

void CollectFunction(const SourceFile& file, const Node* func, const BlockStmt* body,
                     const FuncDecl* outer, PackageFacts& f) {
  FuncFacts& facts = f.funcs[func];
  facts.outer = outer;
  auto op = [&](const Expr* e, OpKind kind) {
    f.ops[KeyOf(file.Canonical(e))].push_back({func, kind});
  };
  Inspect(body, [&](const Node* n) {
    if (const auto* lit = As<FuncLit>(n)) {
      CollectFunction(file, lit, lit->body, outer, f);
      return false;
    }
    if (const auto* call = As<CallExpr>(n)) {
      const auto* sel = As<SelectorExpr>(call->fun);
      if (!sel) return true;
      std::string_view m = sel->sel->name;
      facts.calls.insert(m);
      if (call->args.empty() && (m == "Lock" || m == "RLock")) {
        facts.locks.insert(KeyOf(file.Canonical(sel->x)));
      }
      if (call->args.empty() && m == "Done") op(sel->x, OpKind::kDone);
    } else if (const auto* s = As<SendStmt>(n)) {
      op(s->chan, OpKind::kSend);
    } else if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) {
      op(u->x, OpKind::kRecv);
    } else if (const auto* r = As<RangeStmt>(n)) {
      op(r->x, OpKind::kRecv);
    }
    return true;
  });
}

const PackageFacts& FactsOf(const Package& pkg) {
  if (g_facts.key.Matches(pkg) && g_facts.facts) return *g_facts.facts;
  g_facts.key = PackageKey(pkg);
  PackageFacts& f = g_facts.facts.emplace();
  for (const SourceFile* file : pkg.files) {
    CollectStructFacts(*file, f);
    for (const Decl* d : file->ast()->decls) {
      if (const auto* fd = As<FuncDecl>(d); fd && fd->body) {
        CollectFunction(*file, fd, fd->body, fd, f);
      }
    }
  }
  return f;
}

// Whether another function that does `kind` on the channel or WaitGroup
// `what` (the operation that would unblock this one) locks the held mutex
// itself, or through a method of the mutex owner's type: then nothing can
// move.
bool CounterpartNeedsLock(const FunctionUnit& fn, const Expr* what, OpKind kind,
                          const HeldLock& lock) {
  const PackageFacts& f = FactsOf(fn.package());
  std::string key = KeyOf(fn.file().Canonical(what));
  auto ops = f.ops.find(key);
  if (ops == f.ops.end()) return false;
  const Node* self = fn.decl() ? static_cast<const Node*>(fn.decl()) : fn.lit();
  const FuncDecl* outer = fn.outermost().decl();
  // A local channel or mutex is shared only with the literals of the same
  // declaration.
  bool local_chan = key.find('.') == std::string::npos && fn.types().IsLocal(key);
  std::string mutex = KeyOf(lock.canon);
  bool local_mutex = mutex.find('.') == std::string::npos && fn.types().IsLocal(mutex);
  size_t dot = lock.canon.find('.');
  std::string owner = dot == std::string::npos
                          ? ""
                          : std::string(Deref(fn.types().Local(lock.canon.substr(0, dot))));
  for (const Op& op : ops->second) {
    if (op.kind != kind || op.func == self) continue;
    auto it = f.funcs.find(op.func);
    if (it == f.funcs.end()) continue;
    const FuncFacts& other = it->second;
    if ((local_chan || local_mutex) && other.outer != outer) continue;
    if (other.locks.contains(mutex)) return true;
    if (owner.empty()) continue;
    for (std::string_view m : other.calls) {
      const DeclRef<FuncDecl>* method = fn.package().Method(owner, m);
      if (!method) continue;
      auto mf = f.funcs.find(method->decl);
      if (mf != f.funcs.end() && mf->second.locks.contains(mutex)) return true;
    }
  }
  return false;
}

// Assignments `name := <rhs>` / `name = <rhs>` / `var name = <rhs>` in the
// function and the functions around it.
template <typename Fn>
void ForEachLocalValue(const FunctionUnit& fn, std::string_view name, Fn&& fn_value) {
  for (const FunctionUnit* u = &fn; u; u = u->outer()) {
    Inspect(u->body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
        for (size_t i = 0; i < a->lhs.size(); ++i) {
          if (const auto* id = As<Ident>(a->lhs[i]); id && id->name == name) fn_value(a->rhs[i]);
        }
      }
      if (const auto* v = As<ValueSpec>(n); v && v->names.size() == v->values.size()) {
        for (size_t i = 0; i < v->names.size(); ++i) {
          if (v->names[i]->name == name) fn_value(v->values[i]);
        }
      }
      return true;
    });
  }
}

bool IsBufferedChannel(const FunctionUnit& fn, const Expr* ch) {
  ch = Unparen(ch);
  if (const auto* id = As<Ident>(ch)) {
    bool buffered = false;
    ForEachLocalValue(fn, id->name,
                      [&](const Expr* v) { buffered = buffered || IsBufferedMake(v); });
    return buffered;
  }
  if (const auto* sel = As<SelectorExpr>(ch)) {
    return FactsOf(fn.package()).buffered_fields.contains(std::string(sel->sel->name));
  }
  return false;
}

// The canonical lock of a Cond expression, or "" when not known.
std::string CondLock(const FunctionUnit& fn, const Expr* cond) {
  cond = Unparen(cond);
  const SourceFile& file = fn.file();
  if (const auto* id = As<Ident>(cond)) {
    std::string lock;
    bool ambiguous = false;
    ForEachLocalValue(fn, id->name, [&](const Expr* v) {
      const Expr* l = NewCondLock(v, file);
      if (const auto* u = As<UnaryExpr>(Unparen(v)); u && u->op == Tok::kAnd) {
        // &sync.Cond{L: &mu}
        if (const auto* lit = As<CompositeLit>(Unparen(u->x))) {
          for (const Expr* e : lit->elts) {
            const auto* kv = As<KeyValueExpr>(e);
            const auto* key = kv ? As<Ident>(kv->key) : nullptr;
            if (key && key->name == "L") l = kv->value;
          }
        }
      }
      std::string c = l ? file.Canonical(UnAddress(l)) : "";
      if (c.empty() || (!lock.empty() && lock != c)) ambiguous = true;
      lock = c;
    });
    return ambiguous ? "" : lock;
  }
  const auto* sel = As<SelectorExpr>(cond);
  if (!sel) return "";
  const auto& locks = FactsOf(fn.package()).cond_locks;
  auto it = locks.find(std::string(sel->sel->name));
  if (it == locks.end() || it->second.empty()) return "";
  return file.Canonical(sel->x) + it->second;
}

// Why a call blocks, or "".
std::string BlockingCall(const FunctionUnit& fn, const CallExpr* call, const HeldLock& lock) {
  const FunctionTypes& types = fn.types();
  std::string q = QualifiedCallee(call, types);
  // Tests sleep and dial under locks on purpose, to stage contention.
  bool test = IsTestCode(fn.file());
  if (!q.empty()) {
    if (test) return "";
    if (q == "time.Sleep") return "time.Sleep sleeps";
    if (q == "net/http.Get" || q == "net/http.Post" || q == "net/http.Head" ||
        q == "net/http.PostForm") {
      return "an HTTP request waits for the network";
    }
    if (q == "net.Dial" || q == "net.DialTimeout" || q == "net.DialTCP" || q == "net.DialUDP" ||
        q == "net.DialUnix" || q == "net.DialIP") {
      return "dialing waits for the network";
    }
    return "";
  }
  const auto* sel = As<SelectorExpr>(call->fun);
  if (!sel) return "";
  std::string_view m = sel->sel->name;
  if (m != "Wait" && m != "Do" && m != "Get" && m != "Post" && m != "Head" && m != "PostForm" &&
      m != "Dial" && m != "DialContext") {
    return "";
  }
  std::string t(Deref(types.TypeOf(sel->x)));
  if (t.empty()) return "";
  if (!test && t == "net/http.Client" && m != "Wait" && m != "Dial" && m != "DialContext") {
    return "an HTTP request waits for the network";
  }
  if (!test && t == "net.Dialer" && (m == "Dial" || m == "DialContext")) {
    return "dialing waits for the network";
  }
  if (m != "Wait" || !call->args.empty()) return "";
  if (t == "sync.WaitGroup" && CounterpartNeedsLock(fn, sel->x, OpKind::kDone, lock)) {
    return fn.file().Canonical(sel->x) + ".Wait() waits for goroutines that lock " + lock.canon +
           " themselves before their Done";
  }
  if (t == "sync.Cond") {
    std::string l = CondLock(fn, sel->x);
    if (l.empty() || l == lock.canon) return "";
    return fn.file().Canonical(sel->x) + ".Wait() releases only its own lock " + l + ", not " +
           lock.canon + ",";
  }
  return "";
}

// A channel operation that waits for a goroutine which needs the held lock
// first; "" otherwise.
std::string BlockingChannelOp(const FunctionUnit& fn, const Expr* ch, bool send,
                              const HeldLock& lock) {
  // A buffered channel is taken to have room, and to hold the value a
  // receive is after.
  if (IsBufferedChannel(fn, ch)) return "";
  if (!CounterpartNeedsLock(fn, ch, send ? OpKind::kRecv : OpKind::kSend, lock)) return "";
  std::string c = fn.file().Canonical(ch);
  return send
             ? "the send on " + c + " waits for a receiver that locks " + lock.canon + " itself"
             : "the receive from " + c + " waits for a sender that locks " + lock.canon + " itself";
}

// The channel a select case communicates on, and whether it sends.
const Expr* CommChannel(const Stmt* comm, bool* send) {
  *send = false;
  if (const auto* s = As<SendStmt>(comm)) {
    *send = true;
    return s->chan;
  }
  const Expr* e = nullptr;
  if (const auto* es = As<ExprStmt>(comm)) e = es->x;
  if (const auto* a = As<AssignStmt>(comm); a && a->rhs.size() == 1) e = a->rhs[0];
  const auto* u = As<UnaryExpr>(Unparen(e));
  return u && u->op == Tok::kArrow ? u->x : nullptr;
}

class Lock002 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    std::vector<HeldLock> locks = MutexLocks(fn);
    if (locks.empty()) return;
    // Communications of a select: judged with their select.
    std::unordered_set<const Node*> comms;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* cc = As<CommClause>(n); cc && cc->comm) comms.insert(cc->comm);
      return true;
    });
    std::unordered_set<const Node*> reported;
    for (const HeldLock& lock : locks) {
      ForEachNodeHeld(fn, lock, [&](const CfgNode& node) {
        if (reported.contains(node.node)) return true;
        std::string why = Blocking(fn, node, comms, lock);
        if (!why.empty()) {
          reported.insert(node.node);
          sink.Report(kInfo, fn.file(), node.node->pos,
                      why + " while " + Held(fn, lock) +
                          ": every goroutine that needs the lock waits as long as this does",
                      {{lock.stmt->pos, lock.canon + " locked here"}});
        }
        return true;
      });
    }
  }

 private:
  static std::string Blocking(const FunctionUnit& fn, const CfgNode& node,
                              const std::unordered_set<const Node*>& comms, const HeldLock& lock) {
    const Node* n = node.node;
    if (const auto* sel = As<SelectStmt>(n); sel && node.kind == CfgKind::kBranch) {
      std::string why;
      for (const Stmt* c : sel->body->list) {
        const auto* cc = As<CommClause>(c);
        if (!cc) continue;
        if (!cc->comm) return "";  // default: never blocks
        bool send = false;
        const Expr* ch = CommChannel(cc->comm, &send);
        if (ch && why.empty()) why = BlockingChannelOp(fn, ch, send, lock);
      }
      return why.empty() ? "" : "a select without default: " + why;
    }
    if (const auto* r = As<RangeStmt>(n); r && node.kind == CfgKind::kBranch) {
      if (IsReceivableChan(fn.types().TypeOf(r->x))) {
        return BlockingChannelOp(fn, r->x, false, lock);
      }
    }
    if (comms.contains(n)) return "";
    if (const auto* s = As<SendStmt>(n)) {
      std::string why = BlockingChannelOp(fn, s->chan, true, lock);
      if (!why.empty()) return why;
    }
    std::string why;
    for (const Node* part : EvaluatedParts(node)) {
      Inspect(part, [&](const Node* x) {
        if (!why.empty() || x->kind == NodeKind::kFuncLit) return false;
        if (const auto* u = As<UnaryExpr>(x); u && u->op == Tok::kArrow) {
          why = BlockingChannelOp(fn, u->x, false, lock);
        } else if (const auto* call = As<CallExpr>(x)) {
          why = BlockingCall(fn, call, lock);
        }
        return why.empty();
      });
      if (!why.empty()) break;
    }
    return why;
  }
};

}  // namespace

const Rule& Lock002Rule() {
  static const Lock002 rule;
  return rule;
}

}  // namespace gopit::scan
