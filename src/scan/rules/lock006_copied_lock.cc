// LOCK006 copied-lock: a value that holds a sync.Mutex, RWMutex, WaitGroup,
// Cond or Once is copied, so the copy and the original no longer share it.
#include <optional>
#include <string>
#include <unordered_map>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/held_locks.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LOCK006", "copied-lock", Severity::kWarning,
                     "A value holding a sync.Mutex, RWMutex, WaitGroup, Cond or Once is copied.",
                     R"(## What it finds
A copy of a value whose type holds a `sync.Mutex`, `sync.RWMutex`,
`sync.WaitGroup`, `sync.Cond` or `sync.Once`, directly or in a field (not
behind a pointer) of a struct declared in the package, at any depth:
- a parameter or a method receiver of such a type, not a pointer to it;
- `return x` of an existing value (a parameter, the receiver, a field, an
  element, `*p`);
- `for _, v := range s` over a slice, array or map of such values;
- an assignment or `var` declaration copying an existing value (`a := *p`,
  `a = s.cfg`, `v := list[i]`);
- an existing value passed by value to a function of another package
  (`fmt.Println(s)`).

The finding is on the copy; the related location is where the type gets
its lock (the field declaration) or, for a bare `sync` type, the first use
of the copy.

## Why it is bad
A mutex, WaitGroup or Once is a small piece of shared state: its
guarantees hold only while every goroutine uses the same one. A copy is a
new, independent lock: `Lock` on a copy excludes nobody, `wg.Done()` on a
copy never wakes the original `Wait`, and a copy taken while the original
is locked starts out locked and deadlocks its first user. The code looks
right and the race detector may stay silent.

## Bad
```go
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c Counter) Inc(k string) { // c is a copy: its mutex protects nothing
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[k]++
}

func worker(wg sync.WaitGroup) { // Done on a copy: Wait never returns
	defer wg.Done()
}
```

## Fix
Use pointers: `func (c *Counter) Inc`, `func worker(wg *sync.WaitGroup)`,
`for i := range items { it := &items[i] }`, and return `*T`. Building a
value (`T{}`, `new(T)`, `&T{}`, a call that returns a fresh value) is not
a copy and is fine.

## Go versions
All. `go vet` (copylocks) reports the same mistakes when it is run; this
rule also covers code that is scanned without building.

## Known limits
- Types are found by name in the package: struct types of other packages
  (other than the five `sync` types) are not looked into, nor anonymous
  struct types.
- A local variable assigned or returned again is not reported (it is
  usually a value the function built itself); the copy that produced it is.
- Arguments passed to functions of the same package are reported at the
  function's parameter, not at each call.
- Type parameters and interfaces are not followed.)"};

// Where a type gets its lock.
struct LockInside {
  bool has = false;
  std::string lock;  // "sync.Mutex"
  std::string path;  // "Stats.st.RWMutex"; "" for a bare sync type
  const SourceFile* file = nullptr;
  uint32_t pos = 0;  // of the field declaration holding the lock
  std::string What() const { return path.empty() ? lock : lock + " (" + path + ")"; }
};

struct TypeCache {
  PackageKey key;
  std::unordered_map<std::string, LockInside> by_type;
  bool imports_sync = false;
};
thread_local TypeCache g_types;

void Prepare(const Package& pkg) {
  if (g_types.key.Matches(pkg)) return;
  g_types.key = PackageKey(pkg);
  g_types.by_type.clear();
  g_types.imports_sync = false;
  for (const SourceFile* f : pkg.files)
    g_types.imports_sync = g_types.imports_sync || f->Imports("sync");
}

bool IsSyncLock(std::string_view t) {
  return t == "sync.Mutex" || t == "sync.RWMutex" || t == "sync.WaitGroup" || t == "sync.Cond" ||
         t == "sync.Once";
}

LockInside Find(const TypeResolver& r, const std::string& type, int depth);

LockInside FindUncached(const TypeResolver& r, const std::string& type, int depth) {
  LockInside none;
  if (type.empty() || depth > 8) return none;
  if (IsSyncLock(type)) return {true, type, "", nullptr, 0};
  if (type.starts_with("[")) {
    // An array holds its elements; a slice only points at them.
    if (type.starts_with("[]")) return none;
    size_t close = type.find(']');
    return close == std::string::npos ? none : Find(r, type.substr(close + 1), depth + 1);
  }
  if (type.find_first_of(".*{ ") != std::string::npos) return none;
  const Package& pkg = r.package();
  auto it = pkg.types.find(type);
  if (it == pkg.types.end()) return none;
  const TypeSpec* ts = it->second.decl;
  const SourceFile& file = *it->second.file;
  const auto* st = As<StructType>(ts->type);
  if (!st) {
    // `type A B` and `type A = B`: whatever B holds.
    return Find(r, r.FromTypeExpr(ts->type, file), depth + 1);
  }
  for (const Field* f : st->fields->list) {
    LockInside in = Find(r, r.FromTypeExpr(f->type, file), depth + 1);
    if (!in.has) continue;
    std::string field = f->names.empty() ? std::string(Deref(r.FromTypeExpr(f->type, file)))
                                         : std::string(f->names[0]->name);
    if (size_t dot = field.rfind('.'); dot != std::string::npos) field = field.substr(dot + 1);
    std::string path = type + "." + field;
    if (in.file) {
      // In.path starts with the field's type name: keep what follows it.
      size_t dot = in.path.find('.');
      return {true, in.lock, path + in.path.substr(dot), in.file, in.pos};
    }
    return {true, in.lock, path, &file, f->pos};
  }
  return none;
}

LockInside Find(const TypeResolver& r, const std::string& type, int depth) {
  Prepare(r.package());
  auto it = g_types.by_type.find(type);
  if (it != g_types.by_type.end()) return it->second;
  g_types.by_type[type] = LockInside{};  // a recursive type holds no lock through itself
  LockInside in = FindUncached(r, type, depth);
  g_types.by_type[type] = in;
  return in;
}

class Lock006 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    if (!fn.body()) return;
    // Without an import of sync somewhere in the package, none of its types
    // can hold a lock (other packages' structs are not looked into).
    Prepare(fn.package());
    if (!g_types.imports_sync) return;
    CheckSignature(fn, sink);
    Inspect(fn.body(), [&](const Node* n) {
      switch (n->kind) {
        case NodeKind::kFuncLit:
          return false;  // its own unit
        case NodeKind::kRangeStmt:
          CheckRange(fn, static_cast<const RangeStmt*>(n), sink);
          return true;
        case NodeKind::kAssignStmt: {
          const auto* a = static_cast<const AssignStmt*>(n);
          if (a->lhs.size() == a->rhs.size()) {
            for (size_t i = 0; i < a->lhs.size(); ++i) {
              const auto* id = As<Ident>(a->lhs[i]);
              if (id && id->name == "_") continue;
              CheckCopy(fn, a->rhs[i], "assignment copies", sink);
            }
          }
          return true;
        }
        case NodeKind::kValueSpec: {
          const auto* v = static_cast<const ValueSpec*>(n);
          if (v->names.size() == v->values.size()) {
            for (size_t i = 0; i < v->names.size(); ++i) {
              if (v->names[i]->name != "_") CheckCopy(fn, v->values[i], "declaration copies", sink);
            }
          }
          return true;
        }
        case NodeKind::kReturnStmt:
          for (const Expr* e : static_cast<const ReturnStmt*>(n)->results)
            CheckCopy(fn, e, "return copies", sink);
          return true;
        case NodeKind::kCallExpr:
          CheckCall(fn, static_cast<const CallExpr*>(n), sink);
          return true;
        default:
          return true;
      }
    });
  }

 private:
  static const TypeResolver& Resolver(const FunctionUnit& fn) { return fn.types().resolver(); }

  static void Report(const FunctionUnit& fn, uint32_t pos, const std::string& what,
                     const LockInside& in, const std::string& name, FindingSink& sink) {
    std::vector<FindingSink::RelatedAt> related;
    if (in.file) {
      related.push_back({in.file, in.pos, "the " + in.lock + " inside: " + in.path});
    } else if (uint32_t use = FirstUse(fn, name, pos); use != 0) {
      related.push_back({&fn.file(), use, "uses the copy, not the original"});
    } else {
      related.push_back({&fn.file(), fn.type()->pos, "in this function"});
    }
    sink.ReportWith(kInfo, fn.file(), pos,
                    what + " a value holding a " + in.What() +
                        ": the copy has its own lock state, shared with nobody; use a pointer",
                    related);
  }

  // The first use of `name` in the body after `pos`, or 0.
  static uint32_t FirstUse(const FunctionUnit& fn, const std::string& name, uint32_t pos) {
    if (name.empty()) return 0;
    uint32_t at = 0;
    Inspect(fn.body(), [&](const Node* n) {
      if (at) return false;
      if (const auto* id = As<Ident>(n); id && id->name == name && id->pos > pos) at = id->pos;
      return at == 0;
    });
    return at;
  }

  static void CheckSignature(const FunctionUnit& fn, FindingSink& sink) {
    const SourceFile& file = fn.file();
    auto check = [&](const FieldList* list, const char* what) {
      if (!list) return;
      for (const Field* f : list->list) {
        if (As<Ellipsis>(f->type)) continue;  // ...T arrives as a slice
        LockInside in = Find(Resolver(fn), Resolver(fn).FromTypeExpr(f->type, file), 0);
        if (!in.has) continue;
        std::string name = f->names.empty() ? "" : std::string(f->names[0]->name);
        Report(fn, f->pos, std::string(what) + (name.empty() ? "" : " " + name) + " receives", in,
               name == "_" ? "" : name, sink);
      }
    };
    if (fn.decl()) check(fn.decl()->recv, "value receiver");
    check(fn.type()->params, "parameter");
  }

  // Whether `e` denotes a value that exists already (so that using it by
  // value copies it), as opposed to one being built.
  static bool ExistingValue(const FunctionUnit& fn, const Expr* e) {
    e = Unparen(e);
    switch (e->kind) {
      case NodeKind::kSelectorExpr:
      case NodeKind::kIndexExpr:
      case NodeKind::kStarExpr:
        return true;
      case NodeKind::kIdent: {
        std::string_view name = static_cast<const Ident*>(e)->name;
        // Parameters, the receiver, captured and package variables; a
        // local of this function is usually a value it built itself.
        if (!fn.types().IsLocal(name)) return true;
        return IsParameter(fn, name);
      }
      default:
        return false;
    }
  }

  static bool IsParameter(const FunctionUnit& fn, std::string_view name) {
    auto in = [&](const FieldList* list) {
      if (!list) return false;
      for (const Field* f : list->list) {
        for (const Ident* n : f->names) {
          if (n->name == name) return true;
        }
      }
      return false;
    };
    return in(fn.type()->params) || (fn.decl() && in(fn.decl()->recv));
  }

  static void CheckCopy(const FunctionUnit& fn, const Expr* e, const std::string& what,
                        FindingSink& sink) {
    if (!ExistingValue(fn, e)) return;
    // A selector naming another package's value (`sync.Mutex` as a type,
    // `pkg.Var`) gives no type and is skipped below.
    LockInside in = Find(Resolver(fn), fn.types().TypeOf(e), 0);
    if (!in.has) return;
    Report(fn, e->pos, what + " " + fn.file().Canonical(e) + ",", in, "", sink);
  }

  static void CheckRange(const FunctionUnit& fn, const RangeStmt* r, FindingSink& sink) {
    const auto* v = As<Ident>(r->value);
    if (!v || v->name == "_" || r->tok != Tok::kDefine) return;
    LockInside in = Find(Resolver(fn), fn.types().Local(v->name), 0);
    if (!in.has) return;
    Report(fn, v->pos, "range value " + std::string(v->name) + " copies each element,", in,
           std::string(v->name), sink);
  }

  static void CheckCall(const FunctionUnit& fn, const CallExpr* call, FindingSink& sink) {
    if (call->args.empty()) return;
    const Expr* fun = Unparen(call->fun);
    // Functions of the package are reported at their parameter.
    // Functions of the package are reported at their parameter, function
    // values are unknown, and builtins take no copy that matters (len,
    // cap) or copy on purpose (append).
    if (As<Ident>(fun)) return;
    const auto* sel = As<SelectorExpr>(fun);
    const auto* pkg = sel ? As<Ident>(sel->x) : nullptr;
    if (!pkg || fn.types().IsLocal(pkg->name)) return;
    std::string_view path = fn.file().ImportPath(pkg->name);
    // Only calls of other packages' functions: unsafe.Sizeof and friends
    // look at a value without copying it at run time.
    if (path.empty() || path == "unsafe") return;
    for (const Expr* a : call->args)
      CheckCopy(fn, a, "call of " + std::string(fn.file().Text(sel)) + " copies", sink);
  }
};

}  // namespace

const Rule& Lock006Rule() {
  static const Lock006 rule;
  return rule;
}

}  // namespace gopit::scan
