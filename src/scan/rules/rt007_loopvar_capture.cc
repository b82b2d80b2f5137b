// RT007 loopvar-capture: a goroutine or deferred closure reads a loop
// variable that, before Go 1.22, all iterations share.
#include <algorithm>
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "golang/build_constraints.h"
#include "golang/go_mod.h"
#include "scan/calls.h"
#include "scan/rules/go_versions.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{
    "RT007", "loopvar-capture", Severity::kWarning,
    "A go or defer closure reads a loop variable, in a module whose go directive is below 1.22.",
    R"(## What it finds
A `go func() { ... }()` or `defer func() { ... }()` inside a loop whose
closure reads a variable declared by the loop header (`for i := ...` or
`for k, v := range ...`), without receiving it as an argument or
redeclaring it (`v := v`), in code whose Go version is below 1.22. The
finding is on the `go` or `defer` statement; the related locations are the
loop header that declares the variable and the line that reads it.

Severity by the Go version (the `go` directive of the nearest `go.mod`,
`--go-version`, or a `//go:build go1.N` line of the file, which raises the
file's version): **warning** below 1.22, nothing from 1.22, **info** when
the version is unknown.

## Why it is bad
Before Go 1.22 a loop declares its variables once and updates them on
every turn. A goroutine started in the loop reads the variable when it
runs, not when it is started: most goroutines see a later value, often the
last one, so work is done twice or skipped, and the reads race with the
loop's writes. A deferred closure runs when the function returns, so every
one of them sees the final value.

## Bad
```go
for _, srv := range servers {
	wg.Add(1)
	go func() {
		defer wg.Done()
		srv.Shutdown(ctx) // before Go 1.22: the same srv, several times
	}()
}
```

## Fix
Pass the variable, or copy it in the loop body; or move the module to
`go 1.22` or later, where each turn has its own variable:
```go
for _, srv := range servers {
	wg.Add(1)
	go func(srv *http.Server) {
		defer wg.Done()
		srv.Shutdown(ctx)
	}(srv)
}
```

## Go versions
Below 1.22 (the language version of the module, or of the file when a
`//go:build go1.22` line raises it). From Go 1.22 each iteration has its
own variables and the rule reports nothing.

## Known limits
- Only closures called directly by `go` and `defer` are checked, not
  callbacks such as `errgroup.Group.Go(func() error {...})`.
- A goroutine is not reported when the loop body waits after starting it
  (`wg.Wait()`, a receive, a `select` without `default`, as a statement of
  the loop body): the turn ends after the goroutine has read the
  variable, most likely. A wait for something else hides a finding.
- A loop body that declares a variable of the same name anywhere (not only
  before the closure) is taken to shadow it.)"};

struct LoopVar {
  std::string_view name;
  const Node* decl;  // the identifier in the loop header
  const Stmt* loop;  // the loop
  const BlockStmt* body;
};

// The lowest Go version a file's //go:build line requires ("1.22"), or "":
// from Go 1.21 that raises the file's language version.
std::string FileMinVersion(const SourceFile& file) {
  std::string_view src = file.parsed().source();
  if (src.find("go:build") == std::string_view::npos) return "";
  FileConstraint fc;
  if (!ParseFileConstraint(src, fc, nullptr) || !fc.has_go_build) return "";
  const auto& nodes = fc.go_build.nodes();
  std::vector<std::string> v(nodes.size());
  auto lower = [](const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return std::string();
    return CompareGoVersions(a, b) <= 0 ? a : b;
  };
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    switch (n.op) {
      case BuildExpr::Op::kTag:
        if (n.tag.starts_with("go1.") && IsValidGoVersion(n.tag)) v[i] = n.tag.substr(2);
        break;
      case BuildExpr::Op::kNot:
        break;
      case BuildExpr::Op::kAnd:
        v[i] = v[n.x].empty()   ? v[n.y]
               : v[n.y].empty() ? v[n.x]
                                : (CompareGoVersions(v[n.x], v[n.y]) >= 0 ? v[n.x] : v[n.y]);
        break;
      case BuildExpr::Op::kOr:
        v[i] = lower(v[n.x], v[n.y]);
        break;
    }
  }
  return v.empty() ? "" : v.back();
}

// Whether `root` declares `name`: `:=`, var, range, or a parameter of a
// function literal.
bool Declares(const Node* root, std::string_view name, const Node* skip) {
  bool found = false;
  auto is = [&](const Expr* e) {
    const auto* id = As<Ident>(e);
    return id && id->name == name;
  };
  Inspect(root, [&](const Node* n) {
    if (found || n == skip) return false;
    if (const auto* a = As<AssignStmt>(n); a && a->tok == Tok::kDefine) {
      found = std::any_of(a->lhs.begin(), a->lhs.end(), is);
    } else if (const auto* v = As<ValueSpec>(n)) {
      found = std::any_of(v->names.begin(), v->names.end(), is);
    } else if (const auto* r = As<RangeStmt>(n); r && r->tok == Tok::kDefine) {
      found = is(r->key) || is(r->value);
    } else if (const auto* f = As<FuncType>(n); f && f->params) {
      for (const Field* p : f->params->list)
        found = found || std::any_of(p->names.begin(), p->names.end(), is);
    }
    return !found;
  });
  return found;
}

// The first use of `name` as a variable in `root`, or null.
const Ident* FirstUse(const Node* root, std::string_view name) {
  const Ident* use = nullptr;
  std::vector<const Node*> fields;
  Inspect(root, [&](const Node* n) {
    if (use) return false;
    if (const auto* sel = As<SelectorExpr>(n)) fields.push_back(sel->sel);
    if (const auto* kv = As<KeyValueExpr>(n); kv && As<Ident>(kv->key)) fields.push_back(kv->key);
    if (const auto* id = As<Ident>(n); id && id->name == name) {
      if (std::find(fields.begin(), fields.end(), n) == fields.end()) use = id;
    }
    return !use;
  });
  return use;
}

// Whether `s` blocks until something another goroutine does: wg.Wait(),
// a receive, a select without default.
bool Waits(const Stmt* s) {
  if (const CallExpr* call = StatementCall(s)) {
    return MethodReceiver(call, {"Wait"}) && call->args.empty();
  }
  auto receive = [](const Expr* e) {
    const auto* u = As<UnaryExpr>(e);
    return u && u->op == Tok::kArrow;
  };
  if (const auto* i = As<IfStmt>(s)) return i->init && Waits(i->init);
  if (const auto* es = As<ExprStmt>(s)) return receive(es->x);
  if (const auto* a = As<AssignStmt>(s)) return a->rhs.size() == 1 && receive(a->rhs[0]);
  if (const auto* sel = As<SelectStmt>(s)) {
    for (const Stmt* c : sel->body->list) {
      if (const auto* cc = As<CommClause>(c); cc && !cc->comm) return false;
    }
    return true;
  }
  return false;
}

// The turn waits for the goroutine before the variable moves on: a wait
// in the loop body after the `go` statement.
bool TurnWaits(const BlockStmt* body, const Stmt* go) {
  for (const Stmt* s : body->list) {
    if (s->pos >= go->end && Waits(s)) return true;
  }
  return false;
}

class Rt007 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    // Cheap syntax first: a go or defer of a literal inside a loop.
    std::vector<LoopVar> vars;
    std::vector<std::pair<const Stmt*, const FuncLit*>> sites;
    std::vector<std::vector<LoopVar>> at_site;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      while (!vars.empty() && n->pos >= vars.back().body->end)
        vars.pop_back();
      auto add = [&](const Expr* e, const Stmt* loop, const BlockStmt* body) {
        const auto* id = As<Ident>(e);
        if (id && id->name != "_") vars.push_back({id->name, id, loop, body});
      };
      if (const auto* f = As<ForStmt>(n)) {
        const auto* a = As<AssignStmt>(f->init);
        if (a && a->tok == Tok::kDefine) {
          for (const Expr* l : a->lhs)
            add(l, f, f->body);
        }
      } else if (const auto* r = As<RangeStmt>(n); r && r->tok == Tok::kDefine) {
        add(r->key, r, r->body);
        add(r->value, r, r->body);
      }
      const CallExpr* call = nullptr;
      if (const auto* g = As<GoStmt>(n)) call = g->call;
      if (const auto* d = As<DeferStmt>(n)) call = d->call;
      if (call && !vars.empty()) {
        const Expr* fun = call->fun;
        while (const auto* p = As<ParenExpr>(fun))
          fun = p->x;
        if (const auto* lit = As<FuncLit>(fun)) {
          std::vector<LoopVar> live;
          for (const LoopVar& v : vars) {
            if (v.body->pos <= n->pos && n->end <= v.body->end) live.push_back(v);
          }
          if (!live.empty()) {
            sites.push_back({static_cast<const Stmt*>(n), lit});
            at_site.push_back(std::move(live));
          }
        }
      }
      return true;
    });
    if (sites.empty()) return;
    GoEra era = EraOf(fn.package(), "1.22");
    if (era == GoEra::kFrom) return;
    std::string file_min = FileMinVersion(fn.file());
    if (!file_min.empty() && CompareGoVersions(file_min, "1.22") >= 0) return;
    Severity sev = era == GoEra::kBefore ? Severity::kWarning : Severity::kInfo;
    for (size_t i = 0; i < sites.size(); ++i) {
      auto [stmt, lit] = sites[i];
      for (const LoopVar& v : at_site[i]) {
        if (Declares(lit, v.name, nullptr)) continue;  // a parameter or local of the closure
        if (Declares(v.body, v.name, lit)) continue;   // `v := v` in the loop body
        if (As<GoStmt>(stmt) && TurnWaits(v.body, stmt)) continue;
        const Ident* use = FirstUse(lit->body, v.name);
        if (!use) continue;
        bool is_go = As<GoStmt>(stmt) != nullptr;
        std::string name(v.name);
        int32_t line = fn.file().PositionOf(use->pos).line;
        sink.Report(kInfo, sev, fn.file(), stmt->pos,
                    std::string(is_go ? "the goroutine" : "the deferred closure") + " reads " +
                        name + " (line " + std::to_string(line) +
                        "), the loop's variable, which all turns share before Go 1.22" +
                        EraNote(fn.package()) + ": it sees " +
                        (is_go ? "whatever value the loop has reached when it runs"
                               : "the last value when the function returns") +
                        "; pass " + name + " as an argument",
                    {{v.decl->pos, name + " is declared once for the whole loop"},
                     {use->pos, "read here"}});
        break;
      }
    }
  }
};

}  // namespace

const Rule& Rt007Rule() {
  static const Rt007 rule;
  return rule;
}

}  // namespace gopit::scan
