// LOCK005 lock-order: two mutexes taken in opposite orders on two paths of
// the package (AB-BA), directly or through calls to the package's functions
// and methods. A cycle in the package's lock-order graph is a deadlock two
// goroutines can walk into.
#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/held_locks.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LOCK005", "lock-order", Severity::kError,
                     "Two mutexes are taken in opposite orders on two paths of the package "
                     "(AB-BA): a potential deadlock.",
                     R"(## What it finds
A pair (or a short cycle) of `sync.Mutex` / `sync.RWMutex` locks that the
package takes in opposite orders: one function locks `A` and, while it
still holds it, locks `B`; another (or the same one on another path) locks
`B` and then `A`. The second lock may be written in the function itself
or taken by a method or function of the package that it calls while it
holds the first (a few calls deep, as LOCK003 follows them), so
`p.mu` held while calling `c.close()`, which locks `c.mu`, counts as
`Pool.mu` before `Conn.mu`.

Locks are named by what they are, not by the variable that reaches them:
a package variable by its name (`registryMu`), a field by its struct type
and field (`Pool.mu`, and `Pool.Mutex` for an embedded mutex), so two
methods of `Pool` and a function that takes a `*Pool` parameter agree.

The finding is on one acquisition of the cycle; the related locations are
the lock held there and the acquisition in the opposite order with the
lock held there. It is an error when every path is in non-test code and
the cycle deadlocks without help (at least one side of each step is a
write lock); a warning otherwise, e.g. when only test code takes one of
the orders, or every step is `RLock` under `RLock` (it then needs a writer
waiting in between).

## Why it is bad
Goroutine 1 holds `A` and waits for `B`; goroutine 2 holds `B` and waits
for `A`. Neither lets go: both block forever, and every goroutine that
needs either lock piles up behind them. It needs both paths to run at the
same moment, so tests rarely see it; under production load it happens and
the process stops answering without a crash (the runtime only reports a
deadlock when *every* goroutine is blocked).

## Bad
```go
func (p *Pool) Remove(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c.mu.Lock() // Pool.mu, then Conn.mu
	c.closed = true
	c.mu.Unlock()
	delete(p.conns, c)
}

func (c *Conn) Fail() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pool.mu.Lock() // Conn.mu, then Pool.mu: AB-BA with Remove
	c.pool.failed++
	c.pool.mu.Unlock()
}
```

## Fix
Pick one order for the package and take the locks in it everywhere
(document it next to the fields: "p.mu before c.mu"). Or do not hold one
lock while taking the other: copy what you need under the first, unlock,
then take the second.

```go
func (c *Conn) Fail() {
	c.mu.Lock()
	p := c.pool
	c.mu.Unlock()
	p.mu.Lock()
	p.failed++
	p.mu.Unlock()
}
```

## Go versions
All. The runtime detects the deadlock only when every goroutine is
blocked; `go test -race` does not detect lock-order inversions.

## Known limits
- Two locks of the same field of one type (`a.mu` then `b.mu`, both
  `Node.mu`) are not reported: the instances cannot be told apart, and
  ordering them (by id, by address, parent before child) is the usual
  correct fix. For the same reason two instances of one type are taken to
  be one lock when the cycle spans two types: `Pool.mu` before `Conn.mu`
  in one place and `Conn.mu` before `Pool.mu` in another is reported even
  if the two places can never see the same pair of objects.
- Only locks whose type is known are seen (a field, variable or parameter
  declared as `sync.Mutex` or `sync.RWMutex`, or a struct of the package
  embedding one); `sync.Locker` values, mutexes behind interfaces, local
  mutex variables and `*sync.Mutex` parameters are not named and not
  followed. `TryLock` is not an acquisition that waits.
- Calls are followed as LOCK003 does: functions and methods of the
  package, up to four calls deep, through the called function's
  unconditional statements. Interface calls, function values and callbacks
  are not followed, and function literals are checked as functions of
  their own (a literal run by `go` does not hold its creator's locks).
- Cycles of up to four locks are found. Each inversion is reported once, in
  its shortest form: a longer cycle through all the locks of a reported one
  is left out.)"};

// The same rule, reported at warning: for cycles that need test code or a
// waiting writer to deadlock.
const RuleInfo& WarningInfo() {
  static const RuleInfo info = [] {
    RuleInfo i = kInfo;
    i.severity = Severity::kWarning;
    return i;
  }();
  return info;
}

constexpr size_t kMaxCycle = 4;

std::string_view BaseType(std::string_view t) {
  t = Deref(t);
  size_t b = t.find('[');
  return b == std::string_view::npos ? t : t.substr(0, b);
}

// `e` without parentheses and one `&`: `(&s.mu)` is the mutex `s.mu`.
const Expr* WithoutAddress(const Expr* e) {
  e = Unparen(e);
  if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) e = Unparen(u->x);
  return e;
}

// The root identifier of `a.b.c`, or null when the chain has calls or
// indexes.
const Ident* SelectorRoot(const Expr* e) {
  for (;;) {
    e = WithoutAddress(e);
    if (const auto* id = As<Ident>(e)) return id;
    const auto* sel = As<SelectorExpr>(e);
    if (!sel) return nullptr;
    e = sel->x;
  }
}

bool IsPackageVar(const FunctionTypes& types, const Package& pkg, std::string_view name) {
  if (types.IsLocal(name)) return false;
  auto v = pkg.values.find(name);
  return v != pkg.values.end() && !v->second.is_const;
}

// A name for the mutex `recv` that is the same in every function of the
// package: "mu" for a package variable, "Pool.mu" for a field of a struct
// of the package, "Pool.Mutex" for an embedded one. "" when unknown (a
// local mutex, a parameter of type *sync.Mutex, an expression with calls).
std::string LockName(const FunctionTypes& types, const Package& pkg, const Expr* recv) {
  recv = WithoutAddress(recv);
  std::string t(Deref(types.TypeOf(recv)));
  if (t != "sync.Mutex" && t != "sync.RWMutex") {
    // A struct embedding the mutex: its methods are promoted.
    std::string_view base = BaseType(t);
    if (base.empty() || !pkg.types.contains(base)) return "";
    bool rw = types.resolver().Embeds(t, "sync.RWMutex");
    return std::string(base) + (rw ? ".RWMutex" : ".Mutex");
  }
  if (const auto* id = As<Ident>(recv)) {
    return IsPackageVar(types, pkg, id->name) ? std::string(id->name) : "";
  }
  const auto* sel = As<SelectorExpr>(recv);
  if (!sel) return "";
  std::string xt = types.TypeOf(sel->x);
  std::string_view base = BaseType(xt);
  if (!base.empty() && pkg.types.contains(base)) {
    return std::string(base) + "." + std::string(sel->sel->name);
  }
  // A field of a package variable of an unnamed struct type: one instance.
  const Ident* root = SelectorRoot(recv);
  if (root && IsPackageVar(types, pkg, root->name)) return types.file().Canonical(recv);
  return "";
}

// `x.Lock()` / `x.RLock()` statement: x.
const Expr* LockCall(const Node* stmt, bool* read) {
  return LockReceiver(StatementCall(stmt), read);
}

// Whether the body (not its literals) has a `x.Lock()` or `x.RLock()`
// statement: the cheap test before types and graphs are built.
bool HasLockStatement(const BlockStmt* body) {
  bool found = false;
  Inspect(body, [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (n->kind == NodeKind::kExprStmt) {
      bool read = false;
      found = LockCall(n, &read) != nullptr;
      return false;
    }
    return true;
  });
  return found;
}

std::string FunctionName(const FunctionUnit& fn) {
  const FunctionUnit& top = fn.outermost();
  const FuncDecl* d = top.decl();
  std::string name(d->name->name);
  std::string_view recv = ReceiverTypeName(d);
  if (!recv.empty()) {
    bool ptr = !d->recv->list.empty() && As<StarExpr>(d->recv->list[0]->type);
    name = (ptr ? "(*" + std::string(recv) + ")." : std::string(recv) + ".") + name;
  }
  return fn.lit() ? "a function literal in " + name : name;
}

// B taken while A is held.
struct Edge {
  std::string from, to;
  bool from_read = false, to_read = false;
  const SourceFile* file = nullptr;  // of the function holding A
  uint32_t held_pos = 0;             // A's Lock statement
  uint32_t at_pos = 0;               // B's Lock statement, or the call that takes it
  std::string function;              // the function holding A
  std::string via;                   // the call chain that takes B, "" when direct
  const SourceFile* via_file = nullptr;
  uint32_t via_pos = 0;
};

class Lock005 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckPackage(const Package& pkg, const TypeResolver& resolver,
                    FindingSink& sink) const override {
    // Units of every declared function and its literals; only those with
    // a Lock statement get types and a graph.
    std::vector<std::unique_ptr<std::deque<FunctionUnit>>> all;
    struct Locked {
      const FunctionUnit* fn;
      std::vector<HeldLock> locks;
      std::vector<std::string> names;
    };
    std::vector<Locked> locked;
    // Names of Lock statements by position, for the locks a call takes.
    std::map<std::pair<const SourceFile*, uint32_t>, std::string> name_at;
    for (const SourceFile* file : pkg.files) {
      for (const Decl* d : file->ast()->decls) {
        const auto* fd = As<FuncDecl>(d);
        if (!fd || !fd->body) continue;
        auto units = std::make_unique<std::deque<FunctionUnit>>();
        units->emplace_back(pkg, resolver, *file, fd, nullptr, nullptr);
        for (size_t i = 0; i < units->size(); ++i) {
          const FunctionUnit& unit = (*units)[i];
          Inspect(unit.body(), [&](const Node* n) {
            if (const auto* lit = As<FuncLit>(n)) {
              units->emplace_back(pkg, resolver, *file, nullptr, lit, &(*units)[i]);
              return false;
            }
            return true;
          });
          if (!HasLockStatement(unit.body())) continue;
          Locked l{&unit, MutexLocks(unit), {}};
          for (const HeldLock& h : l.locks) {
            bool read = false;
            const Expr* recv = LockCall(h.stmt, &read);
            l.names.push_back(recv ? LockName(unit.types(), pkg, recv) : "");
            if (!l.names.back().empty()) name_at[{file, h.stmt->pos}] = l.names.back();
          }
          if (!l.locks.empty()) locked.push_back(std::move(l));
        }
        all.push_back(std::move(units));
      }
    }

    std::vector<Edge> edges;
    std::unordered_map<std::string, size_t> edge_of;  // "A\nB" -> index
    auto add = [&](Edge e) {
      if (e.from == e.to) return;  // two instances of one type, or LOCK003
      std::string key = e.from + "\n" + e.to;
      auto it = edge_of.find(key);
      if (it == edge_of.end()) {
        edge_of.emplace(key, edges.size());
        edges.push_back(std::move(e));
      } else if (edges[it->second].file->is_test() && !e.file->is_test()) {
        edges[it->second] = std::move(e);  // a non-test path is the stronger witness
      }
    };
    for (const Locked& l : locked) {
      const FunctionUnit& fn = *l.fn;
      for (size_t k = 0; k < l.locks.size(); ++k) {
        const HeldLock& held = l.locks[k];
        const std::string& from = l.names[k];
        if (from.empty()) continue;
        Edge base;
        base.from = from;
        base.from_read = held.read;
        base.file = &fn.file();
        base.held_pos = held.stmt->pos;
        ForEachNodeHeld(fn, held, [&](const CfgNode& node) {
          bool read = false;
          const Expr* recv = node.kind == CfgKind::kStmt ? LockCall(node.node, &read) : nullptr;
          if (recv && IsSyncMutex(fn.types(), recv)) {
            // The same mutex again is LOCK003's; the path stops there.
            if (fn.file().Canonical(recv) == held.canon) return false;
            Edge e = base;
            e.to = LockName(fn.types(), pkg, recv);
            e.to_read = read;
            e.at_pos = node.node->pos;
            if (!e.to.empty()) {
              e.function = FunctionName(fn);
              add(std::move(e));
            }
            return true;
          }
          for (const Node* part : EvaluatedParts(node)) {
            ForEachCall(part, [&](const CallExpr* call) {
              for (const CalleeLock& c : LocksTakenBy(fn, call)) {
                if (c.canon == held.canon) continue;
                auto it = name_at.find({c.file, c.pos});
                if (it == name_at.end()) continue;
                Edge e = base;
                e.to = it->second;
                e.to_read = c.read;
                e.at_pos = call->pos;
                e.via = c.chain;
                e.via_file = c.file;
                e.via_pos = c.pos;
                e.function = FunctionName(fn);
                add(std::move(e));
              }
            });
          }
          return true;
        });
      }
    }
    if (edges.size() < 2) return;
    ReportCycles(edges, sink);
  }

 private:
  static void ReportCycles(const std::vector<Edge>& edges, FindingSink& sink) {
    std::unordered_map<std::string, std::vector<size_t>> out;
    for (size_t i = 0; i < edges.size(); ++i)
      out[edges[i].from].push_back(i);
    // Each cycle once: from its smallest lock name, along the shortest way
    // back through names larger than it.
    struct Found {
      std::vector<std::string> locks;  // sorted
      std::vector<size_t> cycle;       // edges, in order
    };
    std::vector<Found> found;
    std::set<std::vector<std::string>> seen;
    std::vector<size_t> order(edges.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::tie(edges[a].from, edges[a].to) < std::tie(edges[b].from, edges[b].to);
    });
    for (size_t first : order) {
      const Edge& e0 = edges[first];
      if (e0.to < e0.from) continue;
      const std::string& start = e0.from;
      // Breadth-first from e0.to back to start.
      std::unordered_map<std::string, size_t> via;  // name -> edge that reached it
      std::vector<std::string> frontier = {e0.to};
      via.emplace(e0.to, first);
      size_t closing = SIZE_MAX;
      for (size_t depth = 1; depth < kMaxCycle && closing == SIZE_MAX && !frontier.empty();
           ++depth) {
        std::vector<std::string> next;
        for (const std::string& n : frontier) {
          auto it = out.find(n);
          if (it == out.end()) continue;
          for (size_t ei : it->second) {
            const std::string& to = edges[ei].to;
            if (to == start) {
              closing = ei;
              break;
            }
            if (to < start || via.contains(to)) continue;
            via.emplace(to, ei);
            next.push_back(to);
          }
          if (closing != SIZE_MAX) break;
        }
        frontier = std::move(next);
      }
      if (closing == SIZE_MAX) continue;
      std::vector<size_t> cycle = {closing};
      for (std::string n = edges[closing].from; n != e0.to;) {
        size_t ei = via.at(n);
        cycle.push_back(ei);
        n = edges[ei].from;
      }
      cycle.push_back(first);
      std::reverse(cycle.begin(), cycle.end());
      std::vector<std::string> names;
      for (size_t ei : cycle)
        names.push_back(edges[ei].from);
      std::vector<std::string> key = names;
      std::sort(key.begin(), key.end());
      if (!seen.insert(key).second) continue;
      found.push_back({std::move(key), std::move(cycle)});
    }
    // Each inversion once, in its shortest form: a cycle whose locks include
    // all of a shorter reported cycle's is the same inversion seen again
    // through more locks.
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      return a.locks.size() < b.locks.size();
    });
    std::vector<const std::vector<std::string>*> reported;
    for (const Found& c : found) {
      bool longer_form = false;
      for (const auto* r : reported)
        longer_form =
            longer_form || std::includes(c.locks.begin(), c.locks.end(), r->begin(), r->end());
      if (longer_form) continue;
      reported.push_back(&c.locks);
      Report(edges, c.cycle, sink);
    }
  }

  static std::string Where(const SourceFile& file, uint32_t pos, const SourceFile& from) {
    std::string line = std::to_string(file.PositionOf(pos).line);
    return &file == &from ? "line " + line : file.path() + ":" + line;
  }

  static void Report(const std::vector<Edge>& edges, const std::vector<size_t>& cycle,
                     FindingSink& sink) {
    // At a non-test acquisition when there is one, the earliest in file order.
    size_t at = 0;
    auto better = [&](const Edge& a, const Edge& b) {
      if (a.file->is_test() != b.file->is_test()) return !a.file->is_test();
      if (a.file->path() != b.file->path()) return a.file->path() < b.file->path();
      return a.at_pos < b.at_pos;
    };
    for (size_t i = 1; i < cycle.size(); ++i) {
      if (better(edges[cycle[i]], edges[cycle[at]])) at = i;
    }
    bool any_test = false, needs_writer = false;
    for (size_t i = 0; i < cycle.size(); ++i) {
      const Edge& e = edges[cycle[i]];
      const Edge& next = edges[cycle[(i + 1) % cycle.size()]];
      any_test = any_test || e.file->is_test();
      // Waiting for a read lock that is held for reading needs a writer
      // queued in between.
      if (e.to_read && next.from_read) needs_writer = true;
    }
    const RuleInfo& info = any_test || needs_writer ? WarningInfo() : kInfo;
    const Edge& e = edges[cycle[at]];
    // "locks B" or "calls f, which locks B,".
    auto takes = [](const Edge& x) {
      if (x.via.empty()) return std::string(x.to_read ? "read-locks " : "locks ") + x.to;
      return "calls " + x.via + (x.to_read ? ", which read-locks " : ", which locks ") + x.to + ",";
    };
    std::string msg = e.function + " " + takes(e) + " while holding " + e.from;
    std::vector<FindingSink::RelatedAt> related = {{e.file, e.held_pos, e.from + " locked here"}};
    if (!e.via.empty()) {
      related.push_back({e.via_file, e.via_pos, e.to + " locked here by " + e.via});
    }
    for (size_t k = 1; k < cycle.size(); ++k) {
      const Edge& o = edges[cycle[(at + k) % cycle.size()]];
      msg += (k == 1 ? ", but " : ", and ") + o.function + " " + takes(o) + " while holding " +
             o.from + " (" + Where(*o.file, o.at_pos, *e.file) + ")";
      related.push_back({o.file, o.at_pos, o.to + " taken here while " + o.from + " is held"});
      if (!o.via.empty()) {
        related.push_back({o.via_file, o.via_pos, o.to + " locked here by " + o.via});
      }
      related.push_back({o.file, o.held_pos, o.from + " locked here"});
    }
    msg += cycle.size() == 2 ? ": two goroutines taking them in opposite orders deadlock"
                             : ": goroutines taking them around this cycle deadlock";
    if (needs_writer) msg += " once a writer queues for a lock held for reading";
    msg += "; take them in one order everywhere, or release one before taking the other";
    sink.ReportWith(info, *e.file, e.at_pos, std::move(msg), related);
  }
};

}  // namespace

const Rule& Lock005Rule() {
  static const Lock005 rule;
  return rule;
}

}  // namespace gopit::scan
