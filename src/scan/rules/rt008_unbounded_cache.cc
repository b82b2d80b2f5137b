// RT008 unbounded-cache: a package-level map that the package keeps adding
// keys to and never removes any from.
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"RT008", "unbounded-cache", Severity::kInfo,
                     "A package-level map that is added to at run time and never deleted "
                     "from: it grows for the life of the process.",
                     R"(## What it finds
A package-level variable of map type (or a `sync.Map`) that a function of
the package writes with a key that can take ever new values (`m[k] = v`,
`m[k]++`, `m.Store(k, v)`, `m.LoadOrStore(k, v)`, `m.Swap(k, v)`), while
nothing in the package ever removes an entry: no `delete(m, k)`,
`clear(m)`, `m = make(...)`/`m = nil` outside initialisation, and for a
`sync.Map` no `Delete`, `LoadAndDelete`, `CompareAndDelete` or `Clear`.
The finding is on the variable's declaration; the related location is the
write, and the message names the key expression that grows the map.

Left out, because they are filled once or over a fixed set of keys:
- writes in `init`, in package variable initialisers, in functions that
  only those (or other such functions) call, in functions named
  `Register*`/`MustRegister*` (registries filled at start-up, usually
  from other packages' `init`), and in a function literal passed to
  `sync.Once.Do`, `sync.OnceFunc`, `sync.OnceValue` or `sync.OnceValues`;
- writes in the body of `if m == nil { ... }` (a table filled on first
  use);
- writes whose key is a constant, another package's identifier
  (`syscall.SIGINT`), or a call or literal made only of those;
- maps keyed by `bool`, an 8-bit integer, `reflect.Type` (one entry per
  type of the program at most), or an integer type declared in the
  package (an enumeration); for a `sync.Map`, writes whose key is known
  to be a `reflect.Type`;
- maps the package bounds: a function that writes the map also reads
  `len(m)` (a size check that evicts or stops adding);
- maps that leave the package's sight: passed to a function, returned,
  stored elsewhere, or used through methods of a named map type (whoever
  gets them may delete);
- maps declared in `_test.go` files, writes from them, and writes in
  unexported functions that only tests call;
- package `main`, unless it imports `net`, `net/http`, `net/rpc` or a
  gRPC package: a command that exits when its work is done keeps its
  tables exactly as long as it needs them.

## Why it is bad
A map never shrinks on its own: every key ever written stays, with its
value and everything the value points to, until the process exits. A
cache or index keyed by request data (user IDs, URLs, remote addresses,
session tokens) grows with traffic; the heap grows with it, GC cycles get
longer as the live heap grows, and the service is eventually OOM-killed.
Even `delete` does not give back a Go map's bucket memory, so an unbounded
peak is paid for for good.

## Bad
```go
var sessions = map[string]*Session{}
var mu sync.Mutex

func login(w http.ResponseWriter, r *http.Request) {
	s := newSession(r)
	mu.Lock()
	sessions[s.Token] = s // one entry per login, forever
	mu.Unlock()
}
```

## Fix
Remove entries when they are done (logout, expiry in a janitor
goroutine), or use a bounded cache (an LRU with a size limit, or entries
with a TTL):

```go
func logout(token string) {
	mu.Lock()
	delete(sessions, token)
	mu.Unlock()
}
```

## Go versions
All. `clear(m)` (Go 1.21) and `sync.Map.Clear` (Go 1.23) count as
deletes.

## Known limits
- Only package-level variables are checked: maps in struct fields of a
  long-lived value (a server's cache) are not.
- The map is matched by name in the package's function bodies; a local
  variable of the same name is told apart only by its declaration
  somewhere in the same function.
- Whether a key's values are few is judged from its expression and the
  map's key type only: an `int` key that in practice takes a handful of
  values is reported.
- A write in a function that is called only at start-up from another
  package (not through a `Register*` name) is reported.
- A map that is deleted from only in tests is reported: tests do not run
  in production.
- A `sync.Map` key whose type is not inferred (the result of a method
  chain such as `v.Type().Elem()`) is not recognised as a `reflect.Type`.
- Any `x.Do(func() { ... })` with one argument is taken for
  `sync.Once.Do`.
- Info severity: many such maps are intentional process-wide tables.)"};

enum class MapKind : uint8_t { kMap, kSyncMap };

struct MapVar {
  const Ident* name = nullptr;
  const SourceFile* file = nullptr;
  MapKind kind = MapKind::kMap;
  const Expr* key_type = nullptr;  // for a map: its key type expression
  bool named_type = false;         // a map type declared in the package
  bool excluded = false;           // escapes, deleted, or bounded
  struct Write {
    const SourceFile* file;
    const Node* at;
    const Expr* key;
  };
  std::vector<Write> writes;
};

bool IsSyncMapType(const Expr* t, const SourceFile& file) {
  t = Unparen(t);
  if (const auto* star = As<StarExpr>(t)) t = Unparen(star->x);
  const auto* sel = As<SelectorExpr>(t);
  const auto* pkg = sel ? As<Ident>(sel->x) : nullptr;
  return pkg && sel->sel->name == "Map" && file.ImportPath(pkg->name) == "sync";
}

// The map type of a type expression: written out, or a type of the package
// whose definition is a map type.
const MapType* MapTypeOf(const Expr* t, const Package& pkg, bool* named) {
  t = Unparen(t);
  if (const auto* m = As<MapType>(t)) return m;
  const auto* id = As<Ident>(t);
  if (!id) return nullptr;
  auto it = pkg.types.find(id->name);
  if (it == pkg.types.end() || it->second.decl->type_params) return nullptr;
  const auto* m = As<MapType>(Unparen(it->second.decl->type));
  if (m) *named = true;
  return m;
}

// What a package variable holds, from its type or its initial value.
bool Classify(const ValueRef& v, const Package& pkg, MapVar& out) {
  const ValueSpec* spec = v.spec;
  const Expr* type = spec->type;
  if (!type && spec->values.size() == spec->names.size()) {
    const Expr* value = Unparen(spec->values[v.index]);
    if (const auto* u = As<UnaryExpr>(value); u && u->op == Tok::kAnd) value = Unparen(u->x);
    if (const auto* lit = As<CompositeLit>(value)) {
      type = lit->type;
    } else if (const auto* call = As<CallExpr>(value); call && !call->args.empty()) {
      const auto* fn = As<Ident>(call->fun);
      if (fn && (fn->name == "make" || fn->name == "new")) type = call->args[0];
    }
  }
  if (!type) return false;
  if (IsSyncMapType(type, *v.file)) {
    out.kind = MapKind::kSyncMap;
    return true;
  }
  bool named = false;
  const MapType* m = MapTypeOf(type, pkg, &named);
  if (!m) return false;
  out.kind = MapKind::kMap;
  out.key_type = m->key;
  out.named_type = named;
  return true;
}

// Key types with few values: bool, 8-bit integers, reflect.Type, and
// integer types declared in the package (enumerations).
bool SmallKeyType(const Expr* t, const SourceFile& file, const Package& pkg) {
  t = Unparen(t);
  if (const auto* id = As<Ident>(t)) {
    std::string_view n = id->name;
    if (n == "bool" || n == "byte" || n == "uint8" || n == "int8") return true;
    auto it = pkg.types.find(n);
    if (it == pkg.types.end()) return false;
    const auto* under = As<Ident>(Unparen(it->second.decl->type));
    if (!under) return false;
    std::string_view u = under->name;
    return u == "int" || u == "int8" || u == "int16" || u == "int32" || u == "uint" ||
           u == "uint8" || u == "uint16" || u == "uint32" || u == "byte" || u == "bool";
  }
  const auto* sel = As<SelectorExpr>(t);
  const auto* pkg_id = sel ? As<Ident>(sel->x) : nullptr;
  return pkg_id && sel->sel->name == "Type" && file.ImportPath(pkg_id->name) == "reflect";
}

// Whether a key expression can only take a few values: constants, other
// packages' identifiers, and calls or literals made of those.
bool FixedKey(const Expr* e, const SourceFile& file, const Package& pkg,
              const std::unordered_set<std::string_view>& locals, int depth = 0) {
  e = Unparen(e);
  if (!e || depth > 8) return false;
  if (As<BasicLit>(e)) return true;
  if (const auto* id = As<Ident>(e)) {
    if (id->name == "true" || id->name == "false" || id->name == "nil") return true;
    if (locals.contains(id->name)) return false;
    auto it = pkg.values.find(id->name);
    return it != pkg.values.end() && it->second.is_const;
  }
  if (const auto* sel = As<SelectorExpr>(e)) {
    const auto* x = As<Ident>(sel->x);
    return x && !locals.contains(x->name) && !file.ImportPath(x->name).empty();
  }
  if (const auto* u = As<UnaryExpr>(e)) return FixedKey(u->x, file, pkg, locals, depth + 1);
  if (const auto* b = As<BinaryExpr>(e)) {
    return FixedKey(b->x, file, pkg, locals, depth + 1) &&
           FixedKey(b->y, file, pkg, locals, depth + 1);
  }
  if (const auto* call = As<CallExpr>(e)) {
    for (const Expr* a : call->args) {
      if (!FixedKey(a, file, pkg, locals, depth + 1)) return false;
    }
    return true;
  }
  if (const auto* lit = As<CompositeLit>(e)) {
    for (const Expr* elt : lit->elts) {
      const auto* kv = As<KeyValueExpr>(elt);
      if (!FixedKey(kv ? kv->value : elt, file, pkg, locals, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

bool RegistrationName(std::string_view n) {
  return n.starts_with("Register") || n.starts_with("register") || n.starts_with("MustRegister") ||
         n.starts_with("mustRegister");
}

bool IsExportedName(std::string_view n) {
  return !n.empty() && n[0] >= 'A' && n[0] <= 'Z';
}

// The functions of the package that run only at start-up: init, the
// Register* functions, and unexported functions referred to only from
// those, from package variable initialisers, or from each other; and
// unexported functions only tests refer to.
std::unordered_set<const FuncDecl*> StartupFunctions(const Package& pkg) {
  // For each package function (not method) by name: the declarations that
  // refer to it; null stands for a package variable initialiser.
  std::unordered_map<std::string_view, std::vector<const FuncDecl*>> refs;
  std::unordered_set<std::string_view> test_refs;
  std::unordered_set<const FuncDecl*> startup;
  auto collect_test = [&](const Node* root) {
    Inspect(root, [&](const Node* n) {
      if (const auto* id = As<Ident>(n); id && pkg.funcs.contains(id->name)) {
        test_refs.insert(id->name);
      }
      return true;
    });
  };
  auto collect = [&](const Node* root, const FuncDecl* from) {
    Inspect(root, [&](const Node* n) {
      if (const auto* sel = As<SelectorExpr>(n)) {
        // x.f is a field or method, never the package function f.
        Inspect(sel->x, [&](const Node* m) {
          if (const auto* id = As<Ident>(m); id && pkg.funcs.contains(id->name)) {
            refs[id->name].push_back(from);
          }
          return true;
        });
        return false;
      }
      if (const auto* id = As<Ident>(n); id && pkg.funcs.contains(id->name)) {
        refs[id->name].push_back(from);
      }
      return true;
    });
  };
  for (const SourceFile* file : pkg.files) {
    if (file->is_test()) {
      collect_test(file->ast());
      continue;
    }
    for (const Decl* d : file->ast()->decls) {
      if (const auto* fd = As<FuncDecl>(d); fd && fd->body) {
        collect(fd->body, fd);
        // pkg.funcs keeps one of a package's init functions.
        if (!fd->recv && fd->name->name == "init") startup.insert(fd);
      } else if (const auto* gd = As<GenDecl>(d); gd && gd->tok == Tok::kVar) {
        for (const Spec* s : gd->specs) {
          if (const auto* vs = As<ValueSpec>(s)) {
            for (const Expr* v : vs->values)
              collect(v, nullptr);
          }
        }
      }
    }
  }
  std::vector<const FuncDecl*> candidates;
  for (const auto& [name, ref] : pkg.funcs) {
    const FuncDecl* fd = ref.decl;
    if (fd->recv || ref.file->is_test()) continue;
    if (name == "init" || RegistrationName(name)) {
      startup.insert(fd);
    } else if (!IsExportedName(name) && refs.contains(name)) {
      startup.insert(fd);  // optimistic: removed below unless proven
      candidates.push_back(fd);
    } else if (!IsExportedName(name) && test_refs.contains(name)) {
      startup.insert(fd);  // only tests call it: not production growth
    }
  }
  // Drop each candidate that a function outside the set refers to; a
  // dropped one drops in turn the candidates it refers to. A worklist over
  // what each function refers to, so each reference is looked at once.
  std::unordered_map<const FuncDecl*, std::vector<const FuncDecl*>> refers_to;
  for (const FuncDecl* fd : candidates) {
    for (const FuncDecl* from : refs[fd->name->name]) {
      if (from) refers_to[from].push_back(fd);
    }
  }
  std::vector<const FuncDecl*> dropped;
  auto drop = [&](const FuncDecl* fd) {
    if (startup.erase(fd)) dropped.push_back(fd);
  };
  for (const FuncDecl* fd : candidates) {
    for (const FuncDecl* from : refs[fd->name->name]) {
      if (from && !startup.contains(from)) {
        drop(fd);
        break;
      }
    }
  }
  while (!dropped.empty()) {
    const FuncDecl* fd = dropped.back();
    dropped.pop_back();
    if (auto it = refers_to.find(fd); it != refers_to.end()) {
      for (const FuncDecl* g : it->second)
        drop(g);
    }
  }
  return startup;
}

// Whether `call` is `x.Do(lit)` on a sync.Once or `sync.OnceFunc(lit)` and
// friends: the literal runs once.
bool RunsOnce(const CallExpr* call, const SourceFile& file) {
  const auto* sel = As<SelectorExpr>(call->fun);
  if (!sel) return false;
  std::string_view m = sel->sel->name;
  if (m == "Do") return call->args.size() == 1;  // not singleflight's Do(key, fn)
  const auto* pkg = As<Ident>(sel->x);
  return pkg && (m == "OnceFunc" || m == "OnceValue" || m == "OnceValues") &&
         file.ImportPath(pkg->name) == "sync";
}

class Collector {
 public:
  Collector(const Package& pkg, const TypeResolver& resolver,
            std::unordered_map<std::string_view, MapVar>& maps)
      : pkg_(pkg), resolver_(resolver), maps_(maps), startup_(StartupFunctions(pkg)) {}

  void Function(const SourceFile& file, const FuncDecl* fd) {
    // Quick exit for functions that do not mention any of the maps.
    bool mentions = false;
    Inspect(fd->body, [&](const Node* n) {
      if (mentions) return false;
      if (const auto* id = As<Ident>(n); id && maps_.contains(id->name)) mentions = true;
      return !mentions;
    });
    if (!mentions) return;
    file_ = &file;
    fd_ = fd;
    types_.reset();
    locals_ = NamesDeclaredIn(fd);
    test_ = file.is_test();
    // A package may have several init functions; pkg.funcs holds one.
    bool startup = (!fd->recv && fd->name->name == "init") || startup_.contains(fd) ||
                   (fd->recv && RegistrationName(fd->name->name));
    // Writes under `if len(m) ...` or `if m == nil`: bounded or lazy.
    len_checked_.clear();
    nil_guards_.clear();
    Inspect(fd->body, [&](const Node* n) {
      if (const auto* call = As<CallExpr>(n); call && call->args.size() == 1) {
        const auto* fn = As<Ident>(call->fun);
        const auto* arg = As<Ident>(Unparen(call->args[0]));
        if (fn && fn->name == "len" && arg) len_checked_.insert(arg->name);
      }
      if (const auto* i = As<IfStmt>(n)) {
        const auto* b = As<BinaryExpr>(Unparen(i->cond));
        if (b && b->op == Tok::kEql) {
          const auto* x = As<Ident>(Unparen(b->x));
          const auto* y = As<Ident>(Unparen(b->y));
          if (x && y && y->name == "nil") nil_guards_.push_back({i->body, x->name});
        }
      }
      return true;
    });
    Walk(fd->body, startup);
  }

 private:
  MapVar* Map(const Expr* e) {
    const auto* id = As<Ident>(Unparen(e));
    if (!id || locals_.contains(id->name)) return nullptr;
    auto it = maps_.find(id->name);
    return it == maps_.end() ? nullptr : &it->second;
  }

  void Exclude(MapVar* m) {
    // Test code neither grows nor shrinks the production map.
    if (m && !test_) m->excluded = true;
  }

  void Write(MapVar* m, const Node* at, const Expr* key, bool startup) {
    if (!m || test_ || startup) return;
    if (len_checked_.contains(m->name->name)) {
      m->excluded = true;  // the writer bounds it
      return;
    }
    if (FixedKey(key, *file_, pkg_, locals_)) return;
    // Filled on first use: `if m == nil { m = ...; m[k] = v }`.
    if (NilGuarded(at, m->name->name)) return;
    if (m->kind == MapKind::kSyncMap && SmallKeyValue(key)) return;
    m->writes.push_back({file_, at, key});
  }

  // A sync.Map's key type is not declared: judge the key's own type.
  bool SmallKeyValue(const Expr* key) {
    if (!types_) {
      types_ = std::make_unique<FunctionTypes>(resolver_, *file_, fd_->type, fd_->recv, fd_->body);
    }
    std::string t(Deref(types_->TypeOf(key)));
    // The reflect package's own descriptor is rtype.
    return t == "reflect.Type" || t == "internal/abi.Type" ||
           (t == "rtype" && pkg_.name == "reflect");
  }

  bool NilGuarded(const Node* n, std::string_view name) const {
    for (const auto& [body, guarded] : nil_guards_) {
      if (guarded == name && n->pos >= body->pos && n->end <= body->end) return true;
    }
    return false;
  }

  // Visits a body; `startup` when it runs only at start-up. A literal
  // passed to sync.Once.Do and the like runs once: start-up too.
  void Walk(const Node* root, bool startup) {
    // Identifiers already accounted for: map uses in a known position.
    std::unordered_set<const Node*> known;
    // The run-once literals around the node visited, innermost last: one
    // walk, not a recursion per literal (they may nest deep). Inspect
    // visits in source order, so a literal that ends before a node is
    // left for good.
    std::unordered_set<const Node*> once_lits;
    std::vector<const Node*> once;
    Inspect(root, [&](const Node* n) {
      while (!once.empty() && n->pos >= once.back()->end)
        once.pop_back();
      if (once_lits.contains(n)) once.push_back(n);
      bool now = startup || !once.empty();
      if (const auto* call = As<CallExpr>(n)) {
        if (RunsOnce(call, *file_)) {
          for (const Expr* a : call->args) {
            if (const auto* lit = As<FuncLit>(Unparen(a))) once_lits.insert(lit);
          }
        }
        Call(call, now, known);
      } else if (const auto* a = As<AssignStmt>(n)) {
        for (const Expr* lhs : a->lhs) {
          lhs = Unparen(lhs);
          if (const auto* ix = As<IndexExpr>(lhs)) {
            if (MapVar* m = Map(ix->x); m && m->kind == MapKind::kMap) {
              Write(m, a, ix->indices[0], now);
              known.insert(Unparen(ix->x));
            }
          } else if (MapVar* m = Map(lhs)) {
            known.insert(lhs);
            // Assigning the whole map: a reset, unless it is initialisation.
            if (!now && !NilGuarded(a, m->name->name)) Exclude(m);
          }
        }
      } else if (const auto* inc = As<IncDecStmt>(n)) {
        if (const auto* ix = As<IndexExpr>(Unparen(inc->x))) {
          if (MapVar* m = Map(ix->x); m && m->kind == MapKind::kMap) {
            Write(m, inc, ix->indices[0], now);
            known.insert(Unparen(ix->x));
          }
        }
      } else if (const auto* ix = As<IndexExpr>(n)) {
        if (Map(ix->x)) known.insert(Unparen(ix->x));  // a read
      } else if (const auto* r = As<RangeStmt>(n)) {
        if (Map(r->x)) known.insert(Unparen(r->x));
      } else if (const auto* b = As<BinaryExpr>(n);
                 b && (b->op == Tok::kEql || b->op == Tok::kNeq)) {
        if (Map(b->x)) known.insert(Unparen(b->x));
        if (Map(b->y)) known.insert(Unparen(b->y));
      } else if (const auto* sel = As<SelectorExpr>(n)) {
        known.insert(sel->sel);
      } else if (const auto* kv = As<KeyValueExpr>(n); kv && As<Ident>(kv->key)) {
        known.insert(kv->key);
      } else if (const auto* id = As<Ident>(n); id && !known.contains(n)) {
        // Any other use hands the map on: whoever gets it may delete.
        Exclude(Map(id));
      }
      return true;
    });
  }

  void Call(const CallExpr* call, bool startup, std::unordered_set<const Node*>& known) {
    if (const auto* fn = As<Ident>(Unparen(call->fun))) {
      std::string_view b = fn->name;
      if ((b == "delete" || b == "clear") && !call->args.empty()) {
        if (MapVar* m = Map(call->args[0])) {
          known.insert(Unparen(call->args[0]));
          if (!test_) m->excluded = true;
        }
      } else if (b == "len" && call->args.size() == 1) {
        if (Map(call->args[0])) known.insert(Unparen(call->args[0]));
      }
      return;
    }
    const auto* sel = As<SelectorExpr>(Unparen(call->fun));
    MapVar* m = sel ? Map(sel->x) : nullptr;
    if (!m) return;
    known.insert(Unparen(sel->x));
    if (m->kind != MapKind::kSyncMap) {
      Exclude(m);  // a method of a named map type: unknown
      return;
    }
    std::string_view name = sel->sel->name;
    if (name == "Store" || name == "LoadOrStore" || name == "Swap") {
      if (!call->args.empty()) Write(m, call, call->args[0], startup);
    } else if (name == "Delete" || name == "LoadAndDelete" || name == "CompareAndDelete" ||
               name == "Clear") {
      if (!test_) m->excluded = true;
    } else if (name != "Load" && name != "Range" && name != "CompareAndSwap") {
      Exclude(m);
    }
  }

  const Package& pkg_;
  const TypeResolver& resolver_;
  std::unordered_map<std::string_view, MapVar>& maps_;
  std::unordered_set<const FuncDecl*> startup_;
  const SourceFile* file_ = nullptr;
  const FuncDecl* fd_ = nullptr;
  std::unique_ptr<FunctionTypes> types_;
  std::unordered_set<std::string_view> locals_;
  bool test_ = false;
  std::unordered_set<std::string_view> len_checked_;
  std::vector<std::pair<const BlockStmt*, std::string_view>> nil_guards_;
};

// Whether a package imports a network server package: a main package that
// does not is taken for a command that exits when its work is done, whose
// tables live exactly as long as they are needed.
bool Serves(const Package& pkg) {
  for (const SourceFile* file : pkg.files) {
    if (file->is_test()) continue;
    for (const Import& i : file->imports()) {
      if (i.path == "net" || i.path == "net/http" || i.path == "net/rpc" ||
          i.path.find("grpc") != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

class Rt008 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckPackage(const Package& pkg, const TypeResolver& resolver,
                    FindingSink& sink) const override {
    if (pkg.name == "main" && !Serves(pkg)) return;
    std::unordered_map<std::string_view, MapVar> maps;
    for (const auto& [name, v] : pkg.values) {
      if (v.is_const || v.file->is_test() || name == "_") continue;
      MapVar m;
      if (!Classify(v, pkg, m)) continue;
      m.name = v.spec->names[v.index];
      m.file = v.file;
      if (m.kind == MapKind::kMap && SmallKeyType(m.key_type, *v.file, pkg)) continue;
      // Methods of a named map type may delete; they are not followed.
      if (m.named_type) continue;
      maps.emplace(name, m);
    }
    if (maps.empty()) return;
    Collector c(pkg, resolver, maps);
    for (const SourceFile* file : pkg.files) {
      for (const Decl* d : file->ast()->decls) {
        if (const auto* fd = As<FuncDecl>(d); fd && fd->body) c.Function(*file, fd);
      }
    }
    for (const auto& [name, m] : maps) {
      if (m.excluded || m.writes.empty()) continue;
      const MapVar::Write& w = m.writes.front();
      std::string key(w.file->Text(w.key));
      int line = w.file->PositionOf(w.at->pos).line;
      std::string where = w.file == m.file ? "line " + std::to_string(line)
                                           : w.file->path() + ":" + std::to_string(line);
      sink.ReportWith(
          kInfo, *m.file, m.name->pos,
          "package-level " + std::string(m.kind == MapKind::kSyncMap ? "sync.Map " : "map ") +
              std::string(name) + " gets a new entry for every new " + key + " (" + where +
              ") and nothing in the package deletes from it: it "
              "grows for the life of the process; delete entries when they are "
              "done, or bound it (a size limit that evicts, an LRU, a TTL)",
          {{w.file, w.at->pos, "written with key " + key + " here"}});
    }
  }
};

}  // namespace

const Rule& Rt008Rule() {
  static const Rt008 rule;
  return rule;
}

}  // namespace gopit::scan
