// RT006 defer-in-loop: a defer statement directly in a loop body runs when
// the function returns, not when the turn ends.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/configured_literals.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"RT006", "defer-in-loop", Severity::kWarning,
                     "defer inside a loop: the deferred calls pile up and run only when the "
                     "function returns.",
                     R"(## What it finds
A `defer` statement inside the body of a `for` or `range` loop of the same
function (a `defer` in a function literal called in the loop belongs to
the literal and is fine). The finding is on the `defer`; the related
location is the loop.

Severity:
- **warning** when the deferred call releases something the same turn
  acquired: `Close`, `Stop`, `Rollback`, `Release` on a variable assigned
  in the loop body (`f, err := os.Open(name); defer f.Close()`), a
  closing function of such a variable (`syscall.Close(fd)`), a
  `cancel` function made in the loop body, `os.Remove`/`RemoveAll` of a
  name made in the loop body, or `Unlock`/`RUnlock` of a mutex locked in
  the loop body (the next turn's `Lock` deadlocks); or when the loop has
  no bound: `for {}` (no condition, no counter) or a range over a
  channel;
- **info** for other deferred calls, and for everything in `_test.go`
  files and files that import `testing` (a test's loop is short and its
  function returns soon).

A `defer` in a case of a `select` is info unless it unlocks: such a case
is often a one-shot event (a timer's channel, a result channel written
once) and the defer runs once in practice.

Not reported: a `defer` after which every path of the turn leaves the
loop (`return`, `break`, `goto`, `panic`, `os.Exit`, `log.Fatal`), so it
runs at most once.

## Why it is bad
Deferred calls run when the surrounding *function* returns. In a loop,
every turn adds one more: files, connections, response bodies, timers and
contexts of all the turns stay open until the loop and the function end,
so a long loop runs out of file descriptors or memory; a loop that never
ends (a server's accept loop, a worker reading a channel) never releases
anything. A mutex locked in the loop with a deferred unlock is still held
when the next turn locks it again: the goroutine deadlocks on itself.

## Bad
```go
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // every file stays open until sizes returns
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}
```

## Fix
Move the body of the loop into a function, so each turn's defers run at
the end of the turn (or call a function literal per turn):
```go
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		n, err := size(p)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func size(p string) (int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}
```
Or release explicitly at the end of the turn, on every path.

## Go versions
All.

## Known limits
- "Leaves the loop" is read from the statements after the `defer` in its
  block and the blocks around it; a `continue` before the `return` of that
  block is not seen, and such a `defer` is taken to run once.
- Whether the released value was acquired in the turn is read from the
  variable's name: a value assigned in the loop body, by `=` or `:=`. A
  resource acquired before the loop, whose release is deferred in the
  loop (closed once, at the end), is info.
- An unlock of a mutex reached through a variable the loop changes
  (`for p := c; p != nil; p = p.parent { p.mu.Lock(); defer p.mu.Unlock() }`)
  locks a different mutex each turn, usually a deliberate lock chain: info.
- Loops made with `goto` are not loops here.)"};

// A loop, its body, and whether it runs as long as it is fed.
struct Loop {
  const Stmt* stmt;
  const BlockStmt* body;
  bool unbounded;
};

bool Contains(const Node* outer, const Node* inner) {
  return outer->pos <= inner->pos && inner->end <= outer->end;
}

// Whether statement `s` ends the turn for good: the loop is left or the
// function ends. `in_case`: `s` is in a switch or select clause, where a
// bare break leaves only that statement. Blocks nested deeper than
// kMaxLeavesDepth (or else-if chains longer) are taken not to leave: the
// recursion must not outgrow the stack on generated or hostile input.
constexpr int kMaxLeavesDepth = 64;

bool Leaves(const Stmt* s, bool in_case, const FunctionTypes& types, int depth = 0) {
  if (depth > kMaxLeavesDepth) return false;
  if (As<ReturnStmt>(s)) return true;
  if (const auto* b = As<BranchStmt>(s)) {
    if (b->tok == Tok::kGoto) return true;
    if (b->tok == Tok::kBreak) return b->label || !in_case;
    return false;
  }
  if (const CallExpr* call = StatementCall(s)) {
    if (const auto* id = As<Ident>(call->fun); id && id->name == "panic") return true;
    std::string c = QualifiedCallee(call, types);
    return c == "os.Exit" || c == "log.Fatal" || c == "log.Fatalf" || c == "log.Fatalln" ||
           c == "log.Panic" || c == "log.Panicf" || c == "log.Panicln";
  }
  auto list_leaves = [&](List<Stmt> list) {
    for (const Stmt* x : list) {
      if (Leaves(x, in_case, types, depth + 1)) return true;
    }
    return false;
  };
  if (const auto* blk = As<BlockStmt>(s)) return list_leaves(blk->list);
  if (const auto* i = As<IfStmt>(s)) {
    return i->else_ && list_leaves(i->body->list) && Leaves(i->else_, in_case, types, depth + 1);
  }
  if (const auto* l = As<LabeledStmt>(s)) return Leaves(l->stmt, in_case, types, depth + 1);
  return false;
}

// The statements from the loop body down to a defer: each one contains the
// next. Collected in the same walk that finds the defers, so that judging a
// defer costs the depth of its nesting, not another walk of the loop body
// (a generated loop may hold thousands of defers).
using Path = std::vector<const Node*>;

// For each statement of the statement lists met so far: whether a later
// statement of its list leaves the loop. Filled one list at a time.
class LeavesAfter {
 public:
  explicit LeavesAfter(const FunctionTypes& types) : types_(types) {}

  bool operator()(const Node* list_owner, const Node* stmt) {
    if (!filled_.count(list_owner)) Fill(list_owner);
    auto it = after_.find(stmt);
    return it != after_.end() && it->second;
  }

 private:
  void Fill(const Node* owner) {
    filled_.insert(owner);
    List<Stmt> list;
    bool in_case = false;
    if (const auto* b = As<BlockStmt>(owner)) {
      list = b->list;
    } else if (const auto* c = As<CaseClause>(owner)) {
      list = c->body, in_case = true;
    } else if (const auto* c = As<CommClause>(owner)) {
      list = c->body, in_case = true;
    } else {
      return;
    }
    std::vector<const Stmt*> stmts(list.begin(), list.end());
    bool later = false;
    for (size_t i = stmts.size(); i-- > 0;) {
      after_[stmts[i]] = later;
      later = later || Leaves(stmts[i], in_case, types_);
    }
  }

  const FunctionTypes& types_;
  std::unordered_set<const Node*> filled_;
  std::unordered_map<const Node*, bool> after_;
};

// Whether, once the defer at the end of `path` has run, every path leaves
// the loop: some statement after one holding it, in one of the statement
// lists between it and the loop body, leaves.
bool RunsOnce(const Path& path, LeavesAfter& leaves_after) {
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (leaves_after(path[i], path[i + 1])) return true;
  }
  return false;
}

// Whether the defer at the end of `path` is in a case of a select statement
// of the loop.
bool InSelectCase(const Path& path) {
  for (const Node* n : path) {
    if (n->kind == NodeKind::kCommClause) return true;
  }
  return false;
}

// The variable at the root of `x.y.z` or `x[i]`, or "".
std::string_view RootName(const Expr* e) {
  const Ident* id = RootIdent(e);
  return id ? id->name : std::string_view{};
}

// Where each variable is first assigned in a loop body (by `=`, `:=` or
// `var`), function literals left out: one walk per loop, shared by its
// defers.
class FirstAssignments {
 public:
  // Whether `body` assigns the variable `name` before `before`.
  bool Before(const BlockStmt* body, std::string_view name, uint32_t before) {
    auto [it, fresh] = tables_.try_emplace(body);
    if (fresh) Fill(body, it->second);
    auto at = it->second.find(name);
    return at != it->second.end() && at->second < before;
  }

 private:
  using Table = std::unordered_map<std::string_view, uint32_t>;
  static void Fill(const BlockStmt* body, Table& first) {
    auto note = [&](const Expr* e, uint32_t pos) {
      if (const auto* id = As<Ident>(e)) first.try_emplace(id->name, pos);
    };
    Inspect(body, [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* a = As<AssignStmt>(n)) {
        for (const Expr* l : a->lhs)
          note(l, a->pos);
      } else if (const auto* v = As<ValueSpec>(n)) {
        for (const Ident* l : v->names)
          note(l, v->pos);
      }
      return true;
    });
  }
  std::unordered_map<const BlockStmt*, Table> tables_;
};

// Whether the loop's header assigns `name` (`for p := x; ...; p = p.next`,
// `for _, p := range ps`).
bool DeclaredBy(const Stmt* loop, std::string_view name) {
  auto is = [&](const Expr* e) {
    const auto* id = As<Ident>(e);
    return id && id->name == name;
  };
  auto assigns = [&](const Stmt* s) {
    const auto* a = As<AssignStmt>(s);
    if (!a) return false;
    for (const Expr* l : a->lhs) {
      if (is(l)) return true;
    }
    return false;
  };
  if (const auto* f = As<ForStmt>(loop)) return assigns(f->init) || assigns(f->post);
  if (const auto* r = As<RangeStmt>(loop)) return is(r->key) || is(r->value);
  return false;
}

// The lock call on `recv` in `body` before `before`, or null.
const CallExpr* LockedIn(const BlockStmt* body, const SourceFile& file, std::string_view recv,
                         bool read, uint32_t before) {
  const CallExpr* found = nullptr;
  Inspect(body, [&](const Node* n) {
    if (found || n->pos >= before || n->kind == NodeKind::kFuncLit) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const Expr* x = read ? MethodReceiver(call, {"RLock"}) : MethodReceiver(call, {"Lock"});
      if (x && call->args.empty() && file.Canonical(x) == recv) found = call;
    }
    return !found;
  });
  return found;
}

// What a deferred release gives back, when the turn acquired it.
struct Release {
  std::string what;                // "f.Close()"
  const CallExpr* lock = nullptr;  // for an unlock: the Lock of the same turn
};

std::optional<Release> ReleaseOfTurn(const CallExpr* call, const Loop& loop, uint32_t at,
                                     const FunctionUnit& fn, FirstAssignments& assigned) {
  const SourceFile& file = fn.file();
  const FunctionTypes& types = fn.types();
  std::string text(file.Text(call));
  if (const Expr* recv = MethodReceiver(call, {"Unlock", "RUnlock"}); recv && call->args.empty()) {
    const auto* sel = As<SelectorExpr>(call->fun);
    bool read = sel->sel->name == "RUnlock";
    // A different mutex each turn (`for p := c; p != nil; p = p.parent`):
    // holding them all until return is a lock chain, not a self-deadlock.
    std::string_view root = RootName(recv);
    if (!root.empty() && (assigned.Before(loop.body, root, at) || DeclaredBy(loop.stmt, root))) {
      return std::nullopt;
    }
    if (const CallExpr* lock = LockedIn(loop.body, file, file.Canonical(recv), read, at)) {
      return Release{text, lock};
    }
    return std::nullopt;
  }
  const Expr* recv = MethodReceiver(call, {"Close", "close", "Stop", "Rollback", "Release"});
  if (recv && QualifiedCallee(call, types).empty()) {
    std::string_view root = RootName(recv);
    if (!root.empty() && assigned.Before(loop.body, root, at)) return Release{text};
    return std::nullopt;
  }
  if (const auto* id = As<Ident>(call->fun); id && call->args.empty()) {
    // cancel() of a context made in the turn.
    if (types.Local(id->name).starts_with("context.") && assigned.Before(loop.body, id->name, at)) {
      return Release{text};
    }
    return std::nullopt;
  }
  std::string callee = QualifiedCallee(call, types);
  // syscall.Close(fd), unix.Close(fd), closeHandle(h): a closer of a
  // descriptor the turn opened.
  std::string_view name =
      callee.empty() ? std::string_view{} : std::string_view(callee).substr(callee.rfind('.') + 1);
  if (const auto* id = As<Ident>(call->fun)) name = id->name;
  if ((name.starts_with("Close") || name.starts_with("close")) && !call->args.empty()) {
    std::string_view root = RootName(call->args[0]);
    if (!root.empty() && assigned.Before(loop.body, root, at)) return Release{text};
    return std::nullopt;
  }
  if ((callee == "os.Remove" || callee == "os.RemoveAll") && call->args.size() == 1) {
    std::string_view root = RootName(call->args[0]);
    if (!root.empty() && assigned.Before(loop.body, root, at)) return Release{text};
  }
  return std::nullopt;
}

class Rt006 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    struct Site {
      const DeferStmt* defer;
      Loop loop;
      Path path;  // from the loop body down to the defer
    };
    std::vector<Loop> loops;
    std::vector<Site> sites;
    Path ancestors;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      while (!loops.empty() && !Contains(loops.back().stmt, n))
        loops.pop_back();
      while (!ancestors.empty() && !Contains(ancestors.back(), n))
        ancestors.pop_back();
      ancestors.push_back(n);
      if (const auto* f = As<ForStmt>(n)) {
        loops.push_back({f, f->body, !f->cond && !f->init && !f->post});
      } else if (const auto* r = As<RangeStmt>(n)) {
        loops.push_back({r, r->body, false});
      } else if (const auto* d = As<DeferStmt>(n);
                 d && !loops.empty() && Contains(loops.back().body, d)) {
        auto body = std::find(ancestors.begin(), ancestors.end(), loops.back().body);
        sites.push_back({d, loops.back(), Path(body, ancestors.end())});
      }
      return true;
    });
    if (sites.empty()) return;
    const SourceFile& file = fn.file();
    const FunctionTypes& types = fn.types();
    bool test = file.is_test() || ImportsTesting(file);
    LeavesAfter leaves_after(types);
    FirstAssignments assigned;
    for (const Site& site : sites) {
      const DeferStmt* d = site.defer;
      Loop loop = site.loop;
      if (RunsOnce(site.path, leaves_after)) continue;
      if (const auto* r = As<RangeStmt>(loop.stmt)) {
        loop.unbounded = IsReceivableChan(types.TypeOf(r->x));
      }
      // The release the defer makes: its call, or a call in its literal.
      std::optional<Release> release;
      if (const auto* lit = As<FuncLit>(d->call->fun)) {
        Inspect(lit->body, [&](const Node* n) {
          if (release || n->kind == NodeKind::kFuncLit) return false;
          if (const auto* call = As<CallExpr>(n))
            release = ReleaseOfTurn(call, loop, d->pos, fn, assigned);
          return !release;
        });
      } else {
        release = ReleaseOfTurn(d->call, loop, d->pos, fn, assigned);
      }
      // A select case in a loop is often a one-shot event (a timer that
      // fires once, a result channel written once): its defer runs once
      // in practice, which the syntax does not tell. Unless it is a lock.
      bool one_shot = InSelectCase(site.path) && !(release && release->lock);
      Severity sev =
          !test && !one_shot && (release || loop.unbounded) ? Severity::kWarning : Severity::kInfo;
      std::string loop_kind = loop.unbounded ? "a loop without end" : "a loop";
      std::vector<std::pair<uint32_t, std::string>> related = {
          {loop.stmt->pos, "the loop; the deferred call runs only when the function returns"}};
      std::string msg;
      if (release && release->lock) {
        msg = "defer " + release->what + " in " + loop_kind + ": the lock taken at line " +
              std::to_string(file.PositionOf(release->lock->pos).line) +
              " is still held when the next turn locks it again, and the goroutine deadlocks; "
              "unlock at the end of the turn or move the body into a function";
        related.push_back({release->lock->pos, "locked again on the next turn"});
      } else if (release) {
        msg = "defer " + release->what + " in " + loop_kind +
              ": what each turn acquires is released only when the function returns, so it "
              "piles up; move the loop body into a function (or a func literal called per "
              "turn) so the defer runs at the end of each turn";
      } else {
        msg = "defer in " + loop_kind +
              ": the deferred calls pile up and run only when the function returns; move the "
              "loop body into a function (or a func literal called per turn)";
      }
      sink.Report(kInfo, sev, file, d->pos, std::move(msg), related);
    }
  }
};

}  // namespace

const Rule& Rt006Rule() {
  static const Rt006 rule;
  return rule;
}

}  // namespace gopit::scan
