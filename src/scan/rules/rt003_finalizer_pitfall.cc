// RT003 finalizer-pitfall: a finalizer or cleanup that keeps its own object
// alive, or that blocks the goroutine the finalizers run on.
#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/channels.h"
#include "scan/rules/go_versions.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"RT003", "finalizer-pitfall", Severity::kError,
                     "A finalizer or cleanup that keeps its object alive (it never runs), or "
                     "that blocks the goroutine all finalizers share.",
                     R"(## What it finds
Calls of `runtime.SetFinalizer(obj, fin)` and `runtime.AddCleanup(ptr, fn,
arg)` where:

- **the finalizer keeps its own object alive** (error): `fin` is a
  closure that captures the variable holding `obj` (or a variable `obj`
  is reached through: `c` for `c.conn`), or a method value bound to it
  (`c.finalize` with a pointer receiver); for `AddCleanup`, `fn` captures
  or binds `ptr` the same way, or `arg` is `ptr` itself, a pointer into it
  (`&v.f`), or a literal holding it. The finding is on the call; the
  related location is where the closure mentions the object.
- **the finalizer blocks**: its body (a closure, or a function or method
  of the package named as the finalizer: `closeConn`, `(*T).finalize`,
  followed one level) holds a statement that waits. The finding is on
  that statement; the related location is the `SetFinalizer`/`AddCleanup`
  call. How bad it is depends on what waits:
  - error: a send on an unbuffered channel made in the function that sets
    the finalizer, which nothing ever receives from;
  - warning: `time.Sleep`, `<-time.After(...)`, a receive (or `for
    range`) on a channel not known to be buffered, a `select` without
    `default` and without a timeout case, `Wait()` on a `sync.WaitGroup`,
    `sync.Cond`, `exec.Cmd` or `os.Process`, and a send on an unexported
    channel that nothing in the package receives from;
  - info: a send that some receive in the package answers, a `select`
    whose wait is bounded by a timeout case, and taking a lock
    (`mu.Lock()`, `mu.RLock()`).

Sends on channels made with a capacity, receives from them (a semaphore
being released), and channel operations in a `select` with a `default`
case are not reported; nor is anything in a `go` statement, which is the
fix.

## Why it is bad
The garbage collector treats a finalizer (and a cleanup's function and
argument) as a root while the object is alive. If the closure refers to
the object, the object is always reachable, so it is never collected, its
finalizer never runs, and whatever it was meant to release (a file
descriptor, C memory, a connection) leaks with everything the object points
to. The runtime says so: "If ptr is reachable from cleanup or arg, ptr will
never be collected and the cleanup will never run". Recent runtimes make
`AddCleanup` panic in the simplest cases (`arg` equal to `ptr` or pointing
into it, a closure holding a pointer into the object), so those show up as
a panic at the call; `SetFinalizer` says nothing, and
`GODEBUG=checkfinalizers=1` (Go 1.25) finds the rest only at run time.

All finalizers of the process run one after another on a single goroutine.
A finalizer that sleeps or waits holds up every other finalizer behind it;
one that waits forever (a send nobody receives) stops finalization for the
rest of the process, and every object with a finalizer leaks from then on.
Before Go 1.25 cleanups ran on that same goroutine; since 1.25 they run on
their own goroutines, but the runtime still asks long cleanups to start a
goroutine.

## Bad
```go
func Dial(addr string) (*Conn, error) {
	c, err := dial(addr)
	if err != nil {
		return nil, err
	}
	runtime.SetFinalizer(c, func(_ *Conn) { c.Close() }) // captures c: never collected
	return c, nil
}

func (p *Pool) track(r *Resource) {
	runtime.SetFinalizer(r, func(r *Resource) {
		p.mu.Lock()
		p.lost <- r.id // unbuffered: stalls every finalizer until someone reads
		p.mu.Unlock()
	})
}
```

## Fix
Use the finalizer's parameter, and give a cleanup only what it needs to
release:

```go
runtime.SetFinalizer(c, func(c *Conn) { c.Close() })
// or, from Go 1.24:
runtime.AddCleanup(c, func(fd int) { syscall.Close(fd) }, c.fd)
```

Keep finalizers short and non-blocking: hand slow work to a goroutine
(`go report(r.id)`), or use a buffered channel with a `select`/`default`.

## Go versions
`runtime.SetFinalizer`: all. `runtime.AddCleanup`: Go 1.24 and later.
Blocking in a cleanup is reported one level milder when the module's `go`
directive is 1.25 or later (cleanups no longer share the finalizer
goroutine).

## Known limits
- Only the variable that `obj` is written through is followed: a closure
  that reaches the object through another variable, a struct field or a
  global is not seen. A closure whose captured variable is assigned again
  after the call (`c = nil`) is not reported, since it may no longer hold
  the object when the collector looks.
- Named finalizers are followed one level: calls inside the finalizer are
  not followed, and neither are finalizers stored in variables other than
  a local assigned a function literal.
- Channels are matched across the package by variable or field name, so a
  receive on another channel of the same name counts as the receiver.
- A lock is reported as info whatever holds it; a lock held for long by
  code that waits for the finalizer deadlocks and is not told apart.)"};

// The same rule at a given severity, for ReportWith.
const RuleInfo& At(Severity s) {
  static const RuleInfo warning{kInfo.id, kInfo.slug, Severity::kWarning, kInfo.summary, ""};
  static const RuleInfo info{kInfo.id, kInfo.slug, Severity::kInfo, kInfo.summary, ""};
  if (s == Severity::kWarning) return warning;
  if (s == Severity::kInfo) return info;
  return kInfo;
}

Severity Milder(Severity s) {
  return s == Severity::kError ? Severity::kWarning : Severity::kInfo;
}

// Where the literal uses the enclosing variable `name`, or null.
const Ident* Captures(const FuncLit* lit, std::string_view name) {
  // A name the literal declares itself may not be the captured variable.
  if (NamesDeclaredIn(lit).contains(name)) return nullptr;
  return FirstMention(lit->body, name);
}

// Whether `name` is assigned again after `after` in the declared function:
// a closure sharing the variable may then no longer hold the object. The
// last `name = ...` of each name is found once per declared function, not
// once per call site (a function may set many finalizers).
class AssignedAfter {
 public:
  bool operator()(const FunctionUnit& fn, std::string_view name, uint32_t after) {
    const BlockStmt* body = fn.outermost().body();
    auto slot = last_.try_emplace(body);
    std::unordered_map<std::string_view, uint32_t>& last = slot.first->second;
    if (slot.second) {
      Inspect(body, [&](const Node* n) {
        const auto* a = As<AssignStmt>(n);
        if (!a || a->tok != Tok::kAssign) return true;
        for (const Expr* e : a->lhs) {
          if (const auto* id = As<Ident>(Unparen(e))) {
            uint32_t& at = last[id->name];
            at = std::max(at, a->pos);
          }
        }
        return true;
      });
    }
    auto it = last.find(name);
    return it != last.end() && it->second >= after;
  }

 private:
  std::unordered_map<const BlockStmt*, std::unordered_map<std::string_view, uint32_t>> last_;
};

// The method `x.m` of a package type with a pointer receiver, or null.
const DeclRef<FuncDecl>* PointerMethod(const FunctionUnit& fn, const SelectorExpr* sel) {
  std::string t(Deref(fn.types().TypeOf(sel->x)));
  if (t.empty()) return nullptr;
  const DeclRef<FuncDecl>* m = fn.package().Method(t, sel->sel->name);
  if (!m || !m->decl->recv || m->decl->recv->list.empty()) return nullptr;
  return As<StarExpr>(m->decl->recv->list[0]->type) ? m : nullptr;
}

// The single function literal a local `name` is defined as, or null.
const FuncLit* LocalLiteral(const FunctionUnit& fn, std::string_view name) {
  const FuncLit* lit = nullptr;
  int defs = 0;
  for (const FunctionUnit* u = &fn; u; u = u->outer()) {
    Inspect(u->body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
        for (size_t i = 0; i < a->lhs.size(); ++i) {
          if (const auto* id = As<Ident>(a->lhs[i]); id && id->name == name) {
            ++defs;
            lit = As<FuncLit>(Unparen(a->rhs[i]));
          }
        }
      }
      if (const auto* v = As<ValueSpec>(n); v && v->names.size() == v->values.size()) {
        for (size_t i = 0; i < v->names.size(); ++i) {
          if (v->names[i]->name == name) {
            ++defs;
            lit = As<FuncLit>(Unparen(v->values[i]));
          }
        }
      }
      return true;
    });
    if (defs) break;
  }
  return defs == 1 ? lit : nullptr;
}

// A SetFinalizer or AddCleanup call.
struct Site {
  const FunctionUnit* unit;
  const CallExpr* call;
  bool cleanup;
};

// `runtime.SetFinalizer(obj, fin)` with a closure or method value that
// keeps obj alive; for `runtime.AddCleanup(ptr, fn, arg)` also an arg that
// holds ptr.
class SelfReference {
 public:
  SelfReference(const Site& s, AssignedAfter& assigned_after, FindingSink& sink)
      : s_(s), assigned_after_(assigned_after), sink_(sink) {}

  void Check() {
    const Expr* obj = s_.call->args[0];
    const Ident* root = RootIdent(obj);
    // A global keeps the object alive anyway; an import is not a variable.
    if (!root || !s_.unit->types().IsLocal(root->name)) return;
    name_ = root->name;
    const char* kind = s_.cleanup ? "cleanup" : "finalizer";
    if (CheckFunc(s_.call->args[1], kind)) return;
    if (s_.cleanup) CheckArg(s_.call->args[2]);
  }

 private:
  bool CheckFunc(const Expr* f, const char* kind) {
    f = Unparen(f);
    const FuncLit* lit = As<FuncLit>(f);
    if (const auto* id = As<Ident>(f); id && s_.unit->types().IsLocal(id->name)) {
      lit = LocalLiteral(*s_.unit, id->name);
    }
    if (lit) {
      const Ident* use = Captures(lit, name_);
      // The closure shares the variable: assigned again, it may no longer
      // hold the object when the collector looks.
      if (!use || assigned_after_(*s_.unit, name_, s_.call->end)) return false;
      Report(std::string("the ") + kind + " closure captures " + std::string(name_) +
                 ", which holds the object it is set on: the object stays reachable from its "
                 "own " +
                 kind + ", is never collected, and the " + kind + " never runs; " +
                 (s_.cleanup ? "pass what the cleanup needs as arg instead"
                             : "use the finalizer's parameter instead"),
             &s_.unit->file(), use->pos, std::string(name_) + " is used in the " + kind + " here");
      return true;
    }
    const auto* sel = As<SelectorExpr>(f);
    const auto* x = sel ? As<Ident>(Unparen(sel->x)) : nullptr;
    if (!x || x->name != name_) return false;
    const DeclRef<FuncDecl>* m = PointerMethod(*s_.unit, sel);
    if (!m) return false;
    std::string type(ReceiverTypeName(m->decl));
    Report(std::string("the ") + kind + " " + std::string(s_.unit->file().Text(sel)) +
               " is a method value bound to " + std::string(name_) +
               ": it keeps the object reachable, so it is never collected and the " + kind +
               " never runs; use the method expression (*" + type + ")." +
               std::string(sel->sel->name) +
               (s_.cleanup ? " with a copy of what it needs as arg" : ""),
           m->file, m->decl->name->pos,
           "(*" + type + ")." + std::string(sel->sel->name) + " has a pointer receiver");
    return true;
  }

  // Whether the value of e holds the object or a pointer into it.
  const Node* Holds(const Expr* e, int depth) {
    e = Unparen(e);
    if (!e || depth > 4) return nullptr;
    const SourceFile& file = s_.unit->file();
    if (const auto* id = As<Ident>(e)) return id->name == name_ ? e : nullptr;
    if (file.Canonical(e) == file.Canonical(s_.call->args[0])) return e;
    if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) {
      // &v or &v.f: a pointer into the object keeps all of it.
      const Expr* x = Unparen(u->x);
      if (const auto* sel = As<SelectorExpr>(x)) x = Unparen(sel->x);
      const auto* id = As<Ident>(x);
      if (id && id->name == name_) return e;
      if (const auto* lit = As<CompositeLit>(Unparen(u->x))) return Holds(lit, depth + 1);
      return nullptr;
    }
    if (const auto* lit = As<CompositeLit>(e)) {
      for (const Expr* elt : lit->elts) {
        const auto* kv = As<KeyValueExpr>(elt);
        if (const Node* n = Holds(kv ? kv->value : elt, depth + 1)) return n;
      }
      return nullptr;
    }
    if (const auto* call = As<CallExpr>(e); call && call->args.size() == 1) {
      // any(v), interface{}(v)
      const auto* fun = As<Ident>(Unparen(call->fun));
      if ((fun && fun->name == "any") || As<InterfaceType>(Unparen(call->fun))) {
        return Holds(call->args[0], depth + 1);
      }
    }
    if (const auto* lit = As<FuncLit>(e)) return Captures(lit, name_);
    return nullptr;
  }

  void CheckArg(const Expr* arg) {
    const Node* at = Holds(arg, 0);
    if (!at) return;
    const SourceFile& file = s_.unit->file();
    bool same = file.Canonical(arg) == file.Canonical(s_.call->args[0]);
    Report(
        same ? "the cleanup's arg is ptr itself: AddCleanup panics (\"ptr is equal to arg\"), "
               "and a cleanup that can reach ptr never runs; pass only what the cleanup "
               "releases (a descriptor, a name) as arg"
             : "the cleanup's arg " + std::string(file.Text(arg)) + " holds " + std::string(name_) +
                   ", the object the cleanup is attached to: it stays reachable, is never "
                   "collected, and the cleanup never runs; pass only what the cleanup "
                   "releases as arg",
        &file, at->pos, same ? "the arg: the same pointer" : std::string(name_) + " is held here");
  }

  void Report(std::string message, const SourceFile* file, uint32_t at, std::string related) {
    sink_.ReportWith(kInfo, s_.unit->file(), s_.call->pos, std::move(message),
                     {{file, at, std::move(related)}});
  }

  const Site& s_;
  AssignedAfter& assigned_after_;
  FindingSink& sink_;
  std::string_view name_;
};

// "p.jobs" -> ".jobs", "ch" -> "ch": channels of a struct are matched by
// field name across functions.
std::string KeyOf(std::string_view canon) {
  size_t dot = canon.rfind('.');
  return std::string(dot == std::string_view::npos ? canon : canon.substr(dot));
}

// `make(chan T, n)`: 1 with a capacity that is not a literal 0, 0 without,
// -1 when e is not a channel make.
int MakeCapacity(const Expr* e) {
  e = Unparen(e);
  if (!IsChanMake(e, true)) return -1;
  return IsChanMake(e, false) ? 0 : 1;
}

// What the package does with its channels, collected once per package:
// receives, uses that hand a channel on (so the receiver may be elsewhere),
// and channels stored with a capacity.
struct ChannelFacts {
  std::unordered_set<std::string> received;
  std::unordered_set<std::string> handed_on;
  std::unordered_set<std::string> buffered;    // keys given make(chan T, n)
  std::unordered_set<std::string> unbuffered;  // keys given make(chan T)
};

ChannelFacts CollectChannelFacts(const Package& pkg) {
  ChannelFacts f;
  auto handed = [&](const SourceFile& file, const Expr* e) {
    e = Unparen(e);
    if (As<Ident>(e) || As<SelectorExpr>(e)) f.handed_on.insert(KeyOf(file.Canonical(e)));
  };
  auto made = [&](const SourceFile& file, const Expr* dst, const Expr* value) {
    int cap = MakeCapacity(value);
    if (cap < 0) return;
    (cap ? f.buffered : f.unbuffered).insert(KeyOf(file.Canonical(dst)));
  };
  for (const SourceFile* file : pkg.files) {
    Inspect(file->ast(), [&](const Node* n) {
      if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) {
        f.received.insert(KeyOf(file->Canonical(u->x)));
      } else if (const auto* r = As<RangeStmt>(n)) {
        f.received.insert(KeyOf(file->Canonical(r->x)));
      } else if (const auto* call = As<CallExpr>(n)) {
        const auto* id = As<Ident>(call->fun);
        bool builtin = id && (id->name == "close" || id->name == "len" || id->name == "cap");
        if (!builtin) {
          for (const Expr* a : call->args)
            handed(*file, a);
        }
      } else if (const auto* ret = As<ReturnStmt>(n)) {
        for (const Expr* e : ret->results)
          handed(*file, e);
      } else if (const auto* s = As<SendStmt>(n)) {
        handed(*file, s->value);
      } else if (const auto* kv = As<KeyValueExpr>(n)) {
        handed(*file, kv->value);
        if (const auto* key = As<Ident>(kv->key)) made(*file, key, kv->value);
      } else if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
        for (size_t i = 0; i < a->lhs.size(); ++i) {
          made(*file, a->lhs[i], a->rhs[i]);
          if (file->Canonical(a->lhs[i]) != file->Canonical(a->rhs[i])) handed(*file, a->rhs[i]);
        }
      } else if (const auto* v = As<ValueSpec>(n); v && v->names.size() == v->values.size()) {
        for (size_t i = 0; i < v->names.size(); ++i) {
          made(*file, v->names[i], v->values[i]);
          handed(*file, v->values[i]);
        }
      }
      return true;
    });
  }
  return f;
}

// A finalizer body and where it was set.
struct Finalizer {
  const BlockStmt* body = nullptr;
  const FunctionUnit* unit = nullptr;  // the body's own unit
  std::string name;                    // "" for a closure
  // For a cleanup closure: its parameter and the arg it stands for.
  std::string_view param;
  const Expr* arg = nullptr;
  std::vector<const Site*> sites;
  bool cleanup = false;  // every site is an AddCleanup
};

struct Blocking {
  const Node* at;
  Severity severity;
  std::string what;  // "sends on done, which nothing in the package receives from"
};

bool IsExported(std::string_view key) {
  if (!key.empty() && key[0] == '.') key.remove_prefix(1);
  return !key.empty() && key[0] >= 'A' && key[0] <= 'Z';
}

// Finds the waiting statements of one finalizer body.
class BlockingFinder {
 public:
  BlockingFinder(const Finalizer& fin, const ChannelFacts& facts) : fin_(fin), facts_(facts) {}

  std::vector<Blocking> Find() {
    std::unordered_set<const Node*> skip, called;
    Inspect(fin_.body, [&](const Node* n) {
      if (skip.contains(n) || n->kind == NodeKind::kGoStmt) return false;
      // Only literals run here and now: `func() { ... }()` and deferred ones.
      if (n->kind == NodeKind::kFuncLit) return called.contains(n);
      if (const auto* call = As<CallExpr>(n)) {
        if (const auto* lit = As<FuncLit>(Unparen(call->fun))) called.insert(lit);
        Call(call);
      } else if (const auto* sel = As<SelectStmt>(n)) {
        Select(sel, skip);
      } else if (const auto* s = As<SendStmt>(n)) {
        Send(s);
      } else if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) {
        Receive(u, u);
      } else if (const auto* r = As<RangeStmt>(n)) {
        if (IsReceivableChan(Types().TypeOf(r->x))) {
          if (Buffering(r->x) != 1) {
            Add(r, Severity::kWarning, "ranges over " + Text(r->x) + " until it is closed");
          }
        }
      }
      return true;
    });
    return std::move(out_);
  }

 private:
  const FunctionTypes& Types() const { return fin_.unit->types(); }
  const SourceFile& File() const { return fin_.unit->file(); }
  std::string Text(const Node* n) const { return std::string(File().Text(n)); }

  void Add(const Node* at, Severity s, std::string what) {
    out_.push_back({at, s, std::move(what)});
  }

  // The channel expression in the terms of the package: a cleanup's
  // parameter stands for the arg it was given.
  std::string Key(const Expr* ch, const SourceFile** file, const FunctionUnit** unit,
                  const Expr** expr) const {
    ch = Unparen(ch);
    *file = &File();
    *unit = fin_.unit;
    *expr = ch;
    if (const auto* id = As<Ident>(ch); id && fin_.arg && id->name == fin_.param) {
      *unit = fin_.sites[0]->unit;
      *file = &(*unit)->file();
      *expr = Unparen(fin_.arg);
    }
    return KeyOf((*file)->Canonical(*expr));
  }

  // 1 buffered, 0 unbuffered, -1 unknown.
  int Buffering(const Expr* ch) const {
    const SourceFile* file;
    const FunctionUnit* unit;
    const Expr* e;
    std::string key = Key(ch, &file, &unit, &e);
    if (const auto* id = As<Ident>(e); id && unit->types().IsLocal(id->name)) {
      int cap = LocalCapacity(*unit, id->name);
      if (cap >= 0) return cap;
    }
    bool b = facts_.buffered.contains(key), u = facts_.unbuffered.contains(key);
    if (b && !u) return 1;
    if (u && !b) return 0;
    return -1;
  }

  // The capacity of the local `name` if all its definitions agree, else -1.
  static int LocalCapacity(const FunctionUnit& fn, std::string_view name) {
    int cap = -2;
    for (const FunctionUnit* u = &fn; u; u = u->outer()) {
      Inspect(u->body(), [&](const Node* n) {
        if (n->kind == NodeKind::kFuncLit) return false;
        auto value = [&](const Expr* v) {
          int c = MakeCapacity(v);
          cap = cap == -2 || cap == c ? c : -1;
        };
        if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
          for (size_t i = 0; i < a->lhs.size(); ++i) {
            if (const auto* id = As<Ident>(a->lhs[i]); id && id->name == name) value(a->rhs[i]);
          }
        } else if (const auto* v = As<ValueSpec>(n); v && v->names.size() == v->values.size()) {
          for (size_t i = 0; i < v->names.size(); ++i) {
            if (v->names[i]->name == name) value(v->values[i]);
          }
        }
        return true;
      });
      if (cap != -2) break;
    }
    return cap < 0 ? -1 : cap;
  }

  // Whether the local channel `name` of the declared function around the
  // finalizer is only ever sent on or closed there: nothing can receive.
  bool OnlySentTo(const FunctionUnit& fn, std::string_view name) const {
    const FunctionUnit& top = fn.outermost();
    std::unordered_set<const Node*> ok;
    bool other = false;
    Inspect(top.body(), [&](const Node* n) {
      if (other) return false;
      if (const auto* s = As<SendStmt>(n)) {
        ok.insert(Unparen(s->chan));
      } else if (const auto* call = As<CallExpr>(n)) {
        const auto* id = As<Ident>(call->fun);
        if (id && (id->name == "close" || id->name == "len" || id->name == "cap")) {
          for (const Expr* a : call->args)
            ok.insert(Unparen(a));
        }
      } else if (const auto* a = As<AssignStmt>(n); a && a->tok == Tok::kDefine) {
        for (const Expr* e : a->lhs)
          ok.insert(e);
      } else if (const auto* v = As<ValueSpec>(n)) {
        for (const Ident* id : v->names)
          ok.insert(id);
      } else if (const auto* sel = As<SelectorExpr>(n)) {
        ok.insert(sel->sel);
      } else if (const auto* id = As<Ident>(n); id && id->name == name && !ok.contains(n)) {
        other = true;
      }
      return !other;
    });
    return !other;
  }

  void Send(const SendStmt* s) {
    int buffering = Buffering(s->chan);
    if (buffering == 1) return;
    const SourceFile* file;
    const FunctionUnit* unit;
    const Expr* e;
    std::string key = Key(s->chan, &file, &unit, &e);
    std::string ch = Text(s->chan);
    // A receiver in the package, or one it may hand the channel to.
    if (facts_.received.contains(key) || facts_.handed_on.contains(key) || IsExported(key)) {
      Add(s, Severity::kInfo, "sends on " + ch + " and waits until it is received");
      return;
    }
    const auto* id = As<Ident>(e);
    if (buffering == 0 && id && unit->types().IsLocal(id->name) && OnlySentTo(*unit, id->name)) {
      Add(s, Severity::kError,
          "sends on the unbuffered channel " + ch +
              ", which nothing ever receives from: it blocks forever" +
              (fin_.cleanup ? "" : " and no finalizer of the process runs again"));
      return;
    }
    Add(s, Severity::kWarning,
        "sends on " + ch +
            ", which nothing in the package receives from: unless the channel has room, it "
            "blocks for good");
  }

  void Receive(const Node* at, const UnaryExpr* u) {
    const Expr* x = Unparen(u->x);
    if (const auto* call = As<CallExpr>(x)) {
      std::string q = QualifiedCallee(call, Types());
      if (q == "time.After" || q == "time.Tick") {
        Add(at, Severity::kWarning, "waits on " + Text(x) + ": a sleep on the finalizer goroutine");
        return;
      }
      if (const auto* sel = As<SelectorExpr>(call->fun); sel && sel->sel->name == "Done") {
        Add(at, Severity::kWarning, "waits until " + Text(sel->x) + " is done");
        return;
      }
    }
    if (Buffering(x) == 1) return;  // draining, or releasing a semaphore slot
    Add(at, Severity::kWarning, "waits to receive from " + Text(x));
  }

  void Select(const SelectStmt* sel, std::unordered_set<const Node*>& skip) {
    bool has_default = false, bounded = false, all_buffered_sends = true;
    for (const Stmt* s : sel->body->list) {
      const auto* cc = As<CommClause>(s);
      if (!cc) continue;
      if (!cc->comm) {
        has_default = true;
        continue;
      }
      skip.insert(cc->comm);
      if (const auto* send = As<SendStmt>(cc->comm)) {
        if (Buffering(send->chan) != 1) all_buffered_sends = false;
        continue;
      }
      all_buffered_sends = false;
      // The receive of the case: <-x in `<-x`, `v := <-x`, `v, ok = <-x`.
      const Expr* recv = nullptr;
      if (const auto* es = As<ExprStmt>(cc->comm)) recv = es->x;
      if (const auto* a = As<AssignStmt>(cc->comm); a && a->rhs.size() == 1) recv = a->rhs[0];
      const auto* u = As<UnaryExpr>(Unparen(recv));
      const auto* call = u ? As<CallExpr>(Unparen(u->x)) : nullptr;
      if (call) {
        std::string q = QualifiedCallee(call, Types());
        if (q == "time.After" || q == "time.Tick") bounded = true;
      }
      if (const auto* s2 = u ? As<SelectorExpr>(Unparen(u->x)) : nullptr;
          s2 && s2->sel->name == "C") {
        std::string t(Deref(Types().TypeOf(s2->x)));
        if (t == "time.Timer" || t == "time.Ticker") bounded = true;
      }
    }
    if (has_default || all_buffered_sends) return;
    if (bounded) {
      Add(sel, Severity::kInfo, "waits in a select for one of its cases, up to its timeout");
    } else {
      Add(sel, Severity::kWarning,
          "waits in a select without default until one of its cases is ready");
    }
  }

  void Call(const CallExpr* call) {
    std::string q = QualifiedCallee(call, Types());
    if (q == "time.Sleep") {
      Add(call, Severity::kWarning, "sleeps in " + Text(call));
      return;
    }
    const auto* sel = As<SelectorExpr>(call->fun);
    if (!sel || !call->args.empty() || !q.empty()) return;
    std::string_view m = sel->sel->name;
    if (m == "Lock" || m == "RLock") {
      Add(call, Severity::kInfo,
          "takes " + Text(sel->x) + ": it waits while anyone else holds the lock");
    } else if (m == "Wait") {
      std::string t(Deref(Types().TypeOf(sel->x)));
      if (t == "sync.WaitGroup" || t == "sync.Cond" || t == "os/exec.Cmd" || t == "os.Process") {
        Add(call, Severity::kWarning, "waits on " + Text(sel->x) + " (" + t + ")");
      }
    }
  }

  const Finalizer& fin_;
  const ChannelFacts& facts_;
  std::vector<Blocking> out_;
};

bool MayRegister(const Node* body) {
  bool found = false;
  Inspect(body, [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) {
      if (const auto* sel = As<SelectorExpr>(call->fun)) {
        found = sel->sel->name == "SetFinalizer" || sel->sel->name == "AddCleanup";
      }
    }
    return !found;
  });
  return found;
}

class Rt003 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  // Per package, so that a named finalizer set in several places is
  // reported once.
  void CheckPackage(const Package& pkg, const TypeResolver& resolver,
                    FindingSink& sink) const override {
    std::deque<FunctionUnit> units;
    std::unordered_map<const FuncLit*, const FunctionUnit*> lit_units;
    std::vector<Site> sites;
    for (const SourceFile* file : pkg.files) {
      if (!file->Imports("runtime")) continue;
      for (const Decl* d : file->ast()->decls) {
        const auto* fd = As<FuncDecl>(d);
        if (!fd || !fd->body || !MayRegister(fd->body)) continue;
        size_t first = units.size();
        units.emplace_back(pkg, resolver, *file, fd, nullptr, nullptr);
        for (size_t i = first; i < units.size(); ++i) {
          const FunctionUnit& u = units[i];
          Inspect(u.body(), [&](const Node* n) {
            if (const auto* lit = As<FuncLit>(n)) {
              lit_units[lit] = &units.emplace_back(pkg, resolver, *file, nullptr, lit, &u);
              return false;
            }
            const auto* call = As<CallExpr>(n);
            if (!call) return true;
            std::string q = QualifiedCallee(call, u.types());
            if (q == "runtime.SetFinalizer" && call->args.size() == 2) {
              sites.push_back({&u, call, false});
            } else if (q == "runtime.AddCleanup" && call->args.size() == 3) {
              sites.push_back({&u, call, true});
            }
            return true;
          });
        }
      }
    }
    if (sites.empty()) return;

    std::deque<FunctionUnit> named_units;
    std::vector<Finalizer> finalizers;
    std::unordered_map<const Node*, size_t> by_body;
    AssignedAfter assigned_after;
    for (const Site& s : sites) {
      const Expr* f = Unparen(s.call->args[1]);
      if (const auto* id = As<Ident>(f); id && id->name == "nil") continue;
      SelfReference(s, assigned_after, sink).Check();
      Finalizer fin;
      const FuncLit* lit = As<FuncLit>(f);
      const DeclRef<FuncDecl>* named = nullptr;
      if (const auto* id = As<Ident>(f)) {
        if (s.unit->types().IsLocal(id->name)) {
          lit = LocalLiteral(*s.unit, id->name);
        } else if (auto it = pkg.funcs.find(id->name); it != pkg.funcs.end()) {
          named = &it->second;
        }
      } else if (const auto* sel = As<SelectorExpr>(f)) {
        // (*T).m, T.m or a method value x.m.
        const Expr* x = Unparen(sel->x);
        if (const auto* star = As<StarExpr>(x)) x = Unparen(star->x);
        const auto* tid = As<Ident>(x);
        if (tid && !s.unit->types().IsLocal(tid->name) && pkg.types.contains(tid->name)) {
          named = pkg.Method(tid->name, sel->sel->name);
        } else if (tid && s.unit->types().IsLocal(tid->name)) {
          std::string t(Deref(s.unit->types().TypeOf(sel->x)));
          if (!t.empty()) named = pkg.Method(t, sel->sel->name);
        }
      }
      if (lit) {
        auto it = lit_units.find(lit);
        if (it == lit_units.end()) continue;
        fin.body = lit->body;
        fin.unit = it->second;
        const FieldList* params = lit->type->params;
        if (s.cleanup && params && params->list.size() == 1 && params->list[0]->names.size() == 1) {
          fin.param = params->list[0]->names[0]->name;
          fin.arg = s.call->args[2];
        }
      } else if (named && named->decl->body) {
        fin.body = named->decl->body;
        fin.unit =
            &named_units.emplace_back(pkg, resolver, *named->file, named->decl, nullptr, nullptr);
        fin.name = std::string(s.unit->file().Text(f));
      } else {
        continue;
      }
      auto [it, fresh] = by_body.emplace(fin.body, finalizers.size());
      if (fresh) finalizers.push_back(std::move(fin));
      finalizers[it->second].sites.push_back(&s);
    }
    if (finalizers.empty()) return;

    ChannelFacts facts = CollectChannelFacts(pkg);
    bool cleanups_apart = EraOf(pkg, "1.25") == GoEra::kFrom;
    for (Finalizer& fin : finalizers) {
      bool all_cleanups = true;
      for (const Site* s : fin.sites)
        all_cleanups = all_cleanups && s->cleanup;
      fin.cleanup = all_cleanups;
      for (const Blocking& b : BlockingFinder(fin, facts).Find()) {
        Severity sev = all_cleanups && cleanups_apart ? Milder(b.severity) : b.severity;
        const Site& first = *fin.sites[0];
        std::string kind = all_cleanups ? "cleanup" : "finalizer";
        std::string who = fin.name.empty() ? "the " + kind : "the " + kind + " " + fin.name;
        std::string set_at = first.cleanup ? "runtime.AddCleanup" : "runtime.SetFinalizer";
        std::string line = std::to_string(first.unit->file().PositionOf(first.call->pos).line);
        std::string more =
            fin.sites.size() > 1 ? " (and " + std::to_string(fin.sites.size() - 1) + " more)" : "";
        std::string fix = all_cleanups && cleanups_apart
                              ? "; cleanups should not wait: start a goroutine for slow work"
                              : "; all finalizers run on one goroutine: keep " + kind +
                                    "s short and start a goroutine for anything that waits";
        sink.ReportWith(At(sev), fin.unit->file(), b.at->pos,
                        who + " (set at line " + line + more + ") " + b.what + fix,
                        {{&first.unit->file(), first.call->pos, set_at + " here"}});
      }
    }
  }
};

}  // namespace

const Rule& Rt003Rule() {
  static const Rt003 rule;
  return rule;
}

}  // namespace gopit::scan
