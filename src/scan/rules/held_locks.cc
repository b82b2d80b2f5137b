#include "scan/rules/held_locks.h"

#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "golang/ast_walk.h"
#include "scan/calls.h"

namespace gopit::scan {

using namespace golang;

namespace {

constexpr int kRecvRoot = -1;
constexpr int kGlobalRoot = -2;

std::string ArgCanonical(const SourceFile& file, const Expr* e) {
  while (const auto* p = As<ParenExpr>(e))
    e = p->x;
  if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) e = u->x;
  return file.Canonical(e);
}

// The function or method of the package a call goes to, with the caller's
// expressions for its receiver and arguments.
struct Target {
  const DeclRef<FuncDecl>* decl = nullptr;
  std::string name;
  std::string recv;
  std::vector<std::string> args;
};

std::optional<Target> Resolve(const FunctionTypes& types, const Package& pkg,
                              const CallExpr* call) {
  const Expr* fun = call->fun;
  while (const auto* p = As<ParenExpr>(fun))
    fun = p->x;
  if (const auto* ix = As<IndexExpr>(fun)) fun = ix->x;
  Target t;
  if (const auto* sel = As<SelectorExpr>(fun)) {
    std::string type(Deref(types.TypeOf(sel->x)));
    if (type.empty() || type.find('.') != std::string::npos) return std::nullopt;
    t.decl = pkg.Method(type, sel->sel->name);
    t.recv = types.file().Canonical(sel->x);
    t.name = t.recv + "." + std::string(sel->sel->name);
  } else if (const auto* id = As<Ident>(fun)) {
    if (types.IsLocal(id->name)) return std::nullopt;
    auto it = pkg.funcs.find(id->name);
    if (it != pkg.funcs.end()) t.decl = &it->second;
    t.name = std::string(id->name);
  }
  if (!t.decl || !t.decl->decl->body) return std::nullopt;
  for (const Expr* a : call->args)
    t.args.push_back(ArgCanonical(types.file(), a));
  return t;
}

// A mutex a function takes on entry, in its own terms: rooted at its
// receiver, a parameter, or a package variable.
struct EntryLock {
  std::string canon;
  int root = kGlobalRoot;  // kRecvRoot, a parameter index, or kGlobalRoot
  size_t root_len = 0;
  bool read = false;
  const SourceFile* file = nullptr;
  uint32_t pos = 0;
  std::string chain;
  int depth = 0;  // calls between the function and the Lock statement
};

struct Summary {
  uint32_t pos = 0, end = 0;  // of the declaration, to notice a stale entry
  std::vector<EntryLock> locks;
};

// Summaries by declaration, for the package a thread is working on (the
// engine gives each package to one thread).
struct SummaryCache {
  PackageKey key;
  std::unordered_map<const FuncDecl*, Summary> by_decl;
};
thread_local SummaryCache g_cache;

const Summary& SummaryOf(const DeclRef<FuncDecl>& ref, const TypeResolver& resolver);

std::string InCallerTerms(const EntryLock& l, const Target& t, const FunctionTypes& caller) {
  std::string_view suffix = std::string_view(l.canon).substr(l.root_len);
  if (l.root == kRecvRoot) return t.recv.empty() ? "" : t.recv + std::string(suffix);
  if (l.root >= 0) {
    size_t i = static_cast<size_t>(l.root);
    return i < t.args.size() && !t.args[i].empty() ? t.args[i] + std::string(suffix) : "";
  }
  std::string_view root = std::string_view(l.canon).substr(0, l.root_len);
  return caller.IsLocal(root) ? "" : l.canon;
}

// The statements' parts that run whenever a top-level statement runs.
std::vector<const Node*> TopLevelParts(const Stmt* s) {
  switch (s->kind) {
    case NodeKind::kExprStmt:
    case NodeKind::kAssignStmt:
    case NodeKind::kReturnStmt:
    case NodeKind::kDeclStmt:
    case NodeKind::kSendStmt:
    case NodeKind::kIncDecStmt:
      return {s};
    case NodeKind::kIfStmt: {
      const auto* i = static_cast<const IfStmt*>(s);
      return {i->init, i->cond};
    }
    case NodeKind::kSwitchStmt: {
      const auto* sw = static_cast<const SwitchStmt*>(s);
      return {sw->init, sw->tag};
    }
    default:
      return {};
  }
}

Summary Compute(const DeclRef<FuncDecl>& ref, const TypeResolver& resolver) {
  const FuncDecl* d = ref.decl;
  const SourceFile& file = *ref.file;
  const Package& pkg = resolver.package();
  FunctionTypes types(resolver, file, d->type, d->recv, d->body);
  std::string_view recv_name;
  if (d->recv && !d->recv->list.empty() && !d->recv->list[0]->names.empty()) {
    recv_name = d->recv->list[0]->names[0]->name;
  }
  std::vector<std::string_view> params;
  if (d->type->params) {
    for (const Field* f : d->type->params->list) {
      if (f->names.empty()) params.push_back({});
      for (const Ident* n : f->names)
        params.push_back(n->name);
    }
  }
  Summary s;
  s.pos = d->pos;
  s.end = d->end;
  std::unordered_set<std::string> touched;  // unlocked before, or already listed
  auto add = [&](EntryLock l) {
    if (l.canon.empty() || touched.contains(l.canon)) return;
    size_t dot = l.canon.find('.');
    std::string_view root = std::string_view(l.canon).substr(0, dot);
    l.root_len = root.size();
    if (!recv_name.empty() && recv_name != "_" && root == recv_name) {
      l.root = kRecvRoot;
    } else {
      l.root = kGlobalRoot;
      for (size_t i = 0; i < params.size(); ++i) {
        if (!params[i].empty() && params[i] == root) l.root = static_cast<int>(i);
      }
      if (l.root == kGlobalRoot) {
        auto v = pkg.values.find(root);
        if (types.IsLocal(root) || v == pkg.values.end() || v->second.is_const) return;
      }
    }
    touched.insert(l.canon);
    s.locks.push_back(std::move(l));
  };
  for (const Stmt* st : d->body->list) {
    bool read = false;
    const CallExpr* call = StatementCall(st);
    if (const Expr* recv = LockReceiver(call, &read)) {
      if (IsSyncMutex(types, recv)) add({file.Canonical(recv), 0, 0, read, &file, st->pos, "", 0});
    } else {
      for (const Node* part : TopLevelParts(st)) {
        if (!part) continue;
        ForEachCall(part, [&](const CallExpr* c) {
          std::optional<Target> t = Resolve(types, pkg, c);
          if (!t) return;
          std::string callee(t->decl->decl->name->name);
          for (const EntryLock& l : SummaryOf(*t->decl, resolver).locks) {
            if (l.depth + 1 >= kMaxCallDepth) continue;
            add({InCallerTerms(l, *t, types), 0, 0, l.read, l.file, l.pos,
                 l.chain.empty() ? callee : callee + " -> " + l.chain, l.depth + 1});
          }
        });
      }
    }
    // A mutex unlocked first is one the caller is expected to hold.
    Inspect(st, [&](const Node* n) {
      if (const auto* c = As<CallExpr>(n)) {
        const Expr* x = MethodReceiver(c, {"Unlock", "RUnlock"});
        if (x && c->args.empty()) touched.insert(file.Canonical(x));
      }
      return true;
    });
  }
  return s;
}

const Summary& SummaryOf(const DeclRef<FuncDecl>& ref, const TypeResolver& resolver) {
  if (!g_cache.key.Matches(resolver.package())) {
    g_cache.key = PackageKey(resolver.package());
    g_cache.by_decl.clear();
  }
  const FuncDecl* d = ref.decl;
  auto it = g_cache.by_decl.find(d);
  // An entry of an earlier scan whose declaration happens to live at the
  // same address is recomputed.
  if (it != g_cache.by_decl.end() && it->second.pos == d->pos && it->second.end == d->end) {
    return it->second;
  }
  // Recursion sees an empty summary while this one is computed.
  Summary& slot = g_cache.by_decl[d];
  slot = Summary{d->pos, d->end, {}};
  Summary computed = Compute(ref, resolver);
  Summary& again = g_cache.by_decl[d];  // references survive rehashing
  again = std::move(computed);
  return again;
}

// Conditions of the ifs whose then-branch holds `stmt`: a later branch on
// the same condition goes the same way (`if x { lock }; ...; if x { unlock }`).
std::unordered_set<std::string> EnclosingConditions(const FunctionUnit& fn, const Stmt* stmt) {
  std::unordered_set<std::string> conds;
  Inspect(fn.body(), [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) return false;
    if (n->pos > stmt->pos || n->end < stmt->end) return false;
    if (const auto* i = As<IfStmt>(n)) {
      if (i->body->pos <= stmt->pos && stmt->end <= i->body->end) {
        conds.insert(fn.file().Canonical(i->cond));
      }
    }
    return true;
  });
  return conds;
}

// An unlock of the mutex in a function literal that is not deferred: it is
// released by a callback or another goroutine, at a time not known here.
bool UnlocksInLiteral(const FunctionUnit& fn, const std::string& canon) {
  bool found = false;
  Inspect(fn.body(), [&](const Node* n) {
    if (found) return false;
    if (const auto* d = As<DeferStmt>(n); d && As<FuncLit>(d->call->fun)) {
      for (const Expr* a : d->call->args)
        found = found || HasMethodCallOn(a, fn.file(), canon, {"Unlock", "RUnlock"});
      return false;
    }
    if (const auto* lit = As<FuncLit>(n)) {
      found = HasMethodCallOn(lit->body, fn.file(), canon, {"Unlock", "RUnlock"});
      return false;
    }
    return true;
  });
  return found;
}

// Whether the method `m` unlocks `<receiver><suffix>` anywhere.
bool MethodUnlocks(const DeclRef<FuncDecl>& m, std::string_view suffix) {
  const FuncDecl* d = m.decl;
  if (!d->body || !d->recv || d->recv->list.empty() || d->recv->list[0]->names.empty()) {
    return false;
  }
  std::string want = std::string(d->recv->list[0]->names[0]->name) + std::string(suffix);
  // The first of its Lock and Unlock calls on the mutex decides: a method
  // that locks first takes the lock itself (LOCK003's concern).
  int first = 0;  // 1: unlock, -1: lock
  Inspect(d->body, [&](const Node* n) {
    if (first != 0) return false;
    if (const auto* c = As<CallExpr>(n)) {
      const Expr* x = MethodReceiver(c, {"Lock", "RLock", "Unlock", "RUnlock"});
      if (x && c->args.empty() && m.file->Canonical(x) == want) {
        std::string_view name = static_cast<const SelectorExpr*>(c->fun)->sel->name;
        first = name.ends_with("Unlock") ? 1 : -1;
      }
    }
    return first == 0;
  });
  return first == 1;
}

// A node that releases the mutex: unlocks it, passes it on, or calls a
// method of the same receiver that unlocks it.
bool Releases(const FunctionUnit& fn, const CfgNode& node, const std::string& canon) {
  const SourceFile& file = fn.file();
  bool released = false;
  for (const Node* part : EvaluatedParts(node)) {
    if (HasMethodCallOn(part, file, canon, {"Unlock", "RUnlock"})) return true;
    ForEachCall(part, [&](const CallExpr* call) {
      if (released) return;
      for (const Expr* a : call->args) {
        if (ArgCanonical(file, a) == canon) released = true;
      }
      const auto* sel = As<SelectorExpr>(call->fun);
      if (released || !sel) return;
      std::string base = file.Canonical(sel->x);
      if (canon != base && !(canon.starts_with(base) && canon[base.size()] == '.')) return;
      std::string type(Deref(fn.types().TypeOf(sel->x)));
      if (type.empty()) return;
      if (const DeclRef<FuncDecl>* m = fn.package().Method(type, sel->sel->name)) {
        released = MethodUnlocks(*m, std::string_view(canon).substr(base.size()));
      }
    });
    if (released) return true;
  }
  return false;
}

}  // namespace

const Expr* LockReceiver(const CallExpr* call, bool* read) {
  const Expr* recv = MethodReceiver(call, {"Lock", "RLock"});
  if (!recv || !call->args.empty()) return nullptr;
  *read = static_cast<const SelectorExpr*>(call->fun)->sel->name == "RLock";
  return recv;
}

bool IsSyncMutex(const FunctionTypes& types, const Expr* e) {
  std::string t(Deref(types.TypeOf(e)));
  if (t == "sync.Mutex" || t == "sync.RWMutex") return true;
  if (t.empty()) return false;
  const TypeResolver& r = types.resolver();
  return r.Embeds(t, "sync.Mutex") || r.Embeds(t, "sync.RWMutex");
}

std::vector<HeldLock> MutexLocks(const FunctionUnit& fn) {
  std::vector<HeldLock> out;
  Inspect(fn.body(), [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) return false;
    if (const auto* es = As<ExprStmt>(n)) {
      bool read = false;
      const Expr* recv = LockReceiver(StatementCall(es), &read);
      if (recv && IsSyncMutex(fn.types(), recv)) {
        out.push_back({es, fn.file().Canonical(recv), read});
      }
      return false;
    }
    return n->kind != NodeKind::kGoStmt && n->kind != NodeKind::kDeferStmt;
  });
  return out;
}

std::vector<const Node*> EvaluatedParts(const CfgNode& node) {
  const Node* n = node.node;
  if (!n) return {};
  if (node.kind == CfgKind::kStmt) {
    switch (n->kind) {
      case NodeKind::kGoStmt:
      case NodeKind::kDeferStmt:
      case NodeKind::kCommClause:
        return {};
      default:
        return {n};
    }
  }
  if (node.kind != CfgKind::kBranch) return {};
  const Node* part = nullptr;
  if (const auto* i = As<IfStmt>(n)) part = i->cond;
  if (const auto* f = As<ForStmt>(n)) part = f->cond;
  if (const auto* r = As<RangeStmt>(n)) part = r->x;
  if (const auto* s = As<SwitchStmt>(n)) part = s->tag;
  if (!part) return {};
  return {part};
}

void ForEachNodeHeld(const FunctionUnit& fn, const HeldLock& lock,
                     const std::function<bool(const CfgNode&)>& visit) {
  if (UnlocksInLiteral(fn, lock.canon)) return;
  const Cfg* cfg = fn.cfg();
  if (!cfg) return;
  uint32_t from = cfg->NodeOf(lock.stmt);
  if (from == UINT32_MAX) return;
  std::unordered_set<std::string> conds = EnclosingConditions(fn, lock.stmt);
  std::vector<uint8_t> seen(cfg->nodes().size(), 0);
  std::vector<uint32_t> work;
  auto push = [&](uint32_t n) {
    const CfgNode& node = cfg->node(n);
    const auto* i = node.kind == CfgKind::kBranch ? As<IfStmt>(node.node) : nullptr;
    bool then_only = i && conds.contains(fn.file().Canonical(i->cond));
    for (size_t k = 0; k < node.succ.size(); ++k) {
      if (!then_only || k == 0) work.push_back(node.succ[k]);
    }
  };
  push(from);
  while (!work.empty()) {
    uint32_t n = work.back();
    work.pop_back();
    if (seen[n] || n == from) continue;
    seen[n] = 1;
    const CfgNode& node = cfg->node(n);
    if (node.kind == CfgKind::kStmt || node.kind == CfgKind::kBranch) {
      if (!visit(node) || Releases(fn, node, lock.canon)) continue;
    }
    push(n);
  }
}

std::vector<CalleeLock> LocksTakenBy(const FunctionUnit& fn, const CallExpr* call) {
  std::vector<CalleeLock> out;
  std::optional<Target> t = Resolve(fn.types(), fn.package(), call);
  if (!t) return out;
  const TypeResolver& resolver = fn.types().resolver();
  for (const EntryLock& l : SummaryOf(*t->decl, resolver).locks) {
    std::string canon = InCallerTerms(l, *t, fn.types());
    if (canon.empty()) continue;
    std::string chain = t->name;
    if (!l.chain.empty()) chain += " -> " + l.chain;
    out.push_back({std::move(canon), l.read, l.file, l.pos, std::move(chain)});
  }
  return out;
}

std::vector<Relock> FindRelocks(const FunctionUnit& fn, const HeldLock& lock) {
  std::vector<Relock> out;
  ForEachNodeHeld(fn, lock, [&](const CfgNode& node) {
    bool read = false;
    const Expr* recv =
        node.kind == CfgKind::kStmt ? LockReceiver(StatementCall(node.node), &read) : nullptr;
    if (recv && fn.file().Canonical(recv) == lock.canon) {
      out.push_back({node.node, read, nullptr, {}});
      return false;
    }
    bool hit = false;
    for (const Node* part : EvaluatedParts(node)) {
      ForEachCall(part, [&](const CallExpr* call) {
        if (hit) return;
        for (CalleeLock& l : LocksTakenBy(fn, call)) {
          if (l.canon != lock.canon) continue;
          out.push_back({call, l.read, call, std::move(l)});
          hit = true;
          return;
        }
      });
      if (hit) break;
    }
    return !hit;
  });
  return out;
}

void ReportRelock(const RuleInfo& rule, const FunctionUnit& fn, const HeldLock& lock,
                  const Relock& again, FindingSink& sink) {
  const SourceFile& file = fn.file();
  auto line = [&](uint32_t pos) { return std::to_string(file.PositionOf(pos).line); };
  std::string first = lock.canon + (lock.read ? ".RLock()" : ".Lock()");
  std::string second = lock.canon + (again.read ? ".RLock()" : ".Lock()");
  std::string outcome =
      lock.read && again.read
          ? "a writer that calls Lock in between waits for the first read lock, and the second "
            "RLock waits behind the writer: deadlock"
          : "the goroutine deadlocks on itself";
  std::vector<FindingSink::RelatedAt> related = {
      {&file, lock.stmt->pos, lock.canon + " locked here"}};
  if (!again.call) {
    sink.ReportWith(rule, file, again.at->pos,
                    second + " while the same goroutine holds it since " + first + " at line " +
                        line(lock.stmt->pos) + ": " + outcome,
                    related);
    return;
  }
  related.push_back({again.via.file, again.via.pos, "taken again here by " + again.via.chain});
  std::string where = again.via.file == &file
                          ? "line " + line(again.via.pos)
                          : again.via.file->path() + ":" +
                                std::to_string(again.via.file->PositionOf(again.via.pos).line);
  sink.ReportWith(rule, file, again.at->pos,
                  again.via.chain + (again.read ? " read-locks " : " locks ") + lock.canon + " (" +
                      where + ") while this goroutine holds it since " + first + " at line " +
                      line(lock.stmt->pos) + ": " + outcome,
                  related);
}

}  // namespace gopit::scan
