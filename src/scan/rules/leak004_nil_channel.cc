// LEAK004 nil-channel: a send, receive or range on a local channel that is
// declared `var ch chan T` and never given a value.
#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK004", "nil-channel", Severity::kError,
                     "Send, receive or range on a channel variable that is never assigned: it "
                     "is nil and blocks forever.",
                     R"(## What it finds
A local variable declared `var ch chan T` (or `<-chan T`, `chan<- T`)
without a value, that nothing in the function ever assigns, redeclares or
takes the address of, and that is then sent on (`ch <- v`), received from
(`<-ch`, `v, ok := <-ch`) or ranged over (`for v := range ch`). Also an
unexported channel field of a struct of the package that nothing in the
package ever sets (no `x.f = ...`, no `T{f: ...}`, no `&x.f`, no positional
`T{...}` literal) and that is sent on, received from or ranged over. The
finding is on the send, receive or range; the related location is the
declaration of the variable or of the struct.

## Why it is bad
The zero value of a channel is nil, and a send or receive on a nil channel
blocks forever; so does ranging over one. The goroutine never ends, and if
it is the one that was supposed to answer, the caller waits forever too.
The usual cause is a forgotten `make` (`var done chan struct{}` where
`done := make(chan struct{})` was meant), or a refactoring that moved the
assignment into a branch or another scope.

## Bad
```go
func (s *Server) start() error {
	var ready chan struct{}
	go func() {
		s.listen()
		close(ready) // panics: close of nil channel
	}()
	<-ready // blocks forever
	return nil
}
```

## Fix
```go
func (s *Server) start() error {
	ready := make(chan struct{})
	go func() {
		s.listen()
		close(ready)
	}()
	<-ready
	return nil
}
```

## Go versions
All.

## Known limits
- Package-level variables and exported fields are not checked: other
  packages may set them. An unexported field is taken as set when any
  field of that name is set anywhere in the package (whatever its struct),
  or when the package has a positional literal of its struct or one whose
  type is left out (`[]T{{...}}`).
- The channel type must be written out in the declaration; a named type
  whose underlying type is a channel is not followed.
- Cases of a `select` are not reported: a nil channel there disables the
  case on purpose, a common idiom.
- A variable whose name is declared more than once in the function (an
  inner `:=`, a parameter of a function literal) is left alone rather than
  resolving scopes.)"};

struct Candidate {
  const ValueSpec* spec;
  std::string_view name;
  uint32_t scope_end;  // end of the block that declares it
};

bool IsChanType(const Expr* t) {
  while (const auto* p = As<ParenExpr>(t))
    t = p->x;
  return t && t->kind == NodeKind::kChanType;
}

bool IsChanTypeText(const std::string& t) {
  return t.starts_with("chan ") || t.starts_with("<-chan ") || t.starts_with("chan<- ");
}

bool IsName(const Expr* e, std::string_view name) {
  while (const auto* p = As<ParenExpr>(e))
    e = p->x;
  const auto* id = As<Ident>(e);
  return id && id->name == name;
}

bool FieldsName(const FieldList* list, std::string_view name) {
  if (!list) return false;
  for (const Field* f : list->list) {
    for (const Ident* id : f->names) {
      if (id->name == name) return true;
    }
  }
  return false;
}

// Which unexported fields the package ever gives a value: by name, since a
// field can only be set through its name (`x.f = `, `&x.f`, `T{f: v}`) or
// by a positional literal of its struct. Built once per package.
struct FieldValues {
  const Package* pkg = nullptr;
  std::vector<std::string> paths;
  std::unordered_set<std::string_view> given;  // field names
  // Struct types written as positional literals; `elided` when a literal
  // without a type (inside a slice or map literal) is positional.
  std::unordered_set<std::string_view> positional;
  bool elided = false;
};

const FieldValues& FieldValuesOf(const Package& pkg) {
  // Keyed by the package's files too: a package can be checked in parts
  // (its tests apart), and a freed package's address is reused.
  thread_local FieldValues cache;
  std::vector<std::string> paths;
  for (const SourceFile* f : pkg.files)
    paths.push_back(f->path());
  if (cache.pkg == &pkg && cache.paths == paths) return cache;
  cache = FieldValues{&pkg, std::move(paths), {}, {}, false};
  auto give = [&](const Expr* e) {
    while (const auto* p = As<ParenExpr>(e))
      e = p->x;
    if (const auto* sel = As<SelectorExpr>(e)) cache.given.insert(sel->sel->name);
  };
  for (const SourceFile* file : pkg.files) {
    Inspect(file->ast(), [&](const Node* n) {
      switch (n->kind) {
        case NodeKind::kAssignStmt:
          for (const Expr* l : static_cast<const AssignStmt*>(n)->lhs)
            give(l);
          break;
        case NodeKind::kRangeStmt:
          give(static_cast<const RangeStmt*>(n)->key);
          give(static_cast<const RangeStmt*>(n)->value);
          break;
        case NodeKind::kUnaryExpr:
          if (static_cast<const UnaryExpr*>(n)->op == Tok::kAnd) {
            give(static_cast<const UnaryExpr*>(n)->x);
          }
          break;
        case NodeKind::kCompositeLit: {
          const auto* lit = static_cast<const CompositeLit*>(n);
          bool positional = false;
          for (const Expr* e : lit->elts) {
            if (const auto* kv = As<KeyValueExpr>(e)) {
              if (const auto* k = As<Ident>(kv->key)) cache.given.insert(k->name);
            } else {
              positional = true;
            }
          }
          if (!positional) break;
          const Expr* t = lit->type;
          if (!t) cache.elided = true;
          if (const auto* id = As<Ident>(t)) cache.positional.insert(id->name);
          if (const auto* ix = As<IndexExpr>(t); ix && As<Ident>(ix->x)) {
            cache.positional.insert(As<Ident>(ix->x)->name);
          }
          break;
        }
        default:
          break;
      }
      return true;
    });
  }
  return cache;
}

// The operand of a channel operation on a field, `x.f`, when f is an
// unexported channel field of a struct of the package that nothing in the
// package ever sets.
bool NilField(const FunctionUnit& fn, const Expr* e, std::string* type_name) {
  while (const auto* p = As<ParenExpr>(e))
    e = p->x;
  const auto* sel = As<SelectorExpr>(e);
  if (!sel) return false;
  std::string_view f = sel->sel->name;
  if (f.empty() || !std::islower(static_cast<unsigned char>(f[0]))) return false;
  std::string t(Deref(fn.types().TypeOf(sel->x)));
  auto it = fn.package().types.find(t);
  if (t.empty() || it == fn.package().types.end()) return false;
  // Declared in T itself: a field of an embedded struct may be set by a
  // positional literal of that struct.
  const auto* st = As<StructType>(it->second.decl->type);
  bool own = false;
  for (const Field* field : st ? st->fields->list : List<Field>{}) {
    for (const Ident* id : field->names)
      own = own || id->name == f;
  }
  if (!own) return false;
  if (!IsChanTypeText(fn.types().resolver().FieldType(t, f))) return false;
  const FieldValues& v = FieldValuesOf(fn.package());
  if (v.given.contains(f) || v.elided || v.positional.contains(t)) return false;
  *type_name = t;
  return true;
}

class Leak004 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    CheckFields(fn, sink);
    // The declared function's unit covers its literals too: a literal may
    // assign the variable its enclosing function declared.
    if (!fn.decl()) return;
    std::vector<Candidate> candidates;
    Inspect(fn.body(), [&](const Node* n) {
      const auto* d = As<DeclStmt>(n);
      if (!d) return true;
      if (d->decl->tok != Tok::kVar) return false;
      for (const Spec* s : d->decl->specs) {
        const auto* v = As<ValueSpec>(s);
        if (!v || !v->values.empty() || !IsChanType(v->type)) continue;
        for (const Ident* id : v->names) {
          if (id->name != "_") candidates.push_back({v, id->name, ScopeEnd(fn, d)});
        }
      }
      return false;
    });
    for (const Candidate& c : candidates)
      Check(fn, c, sink);
  }

 private:
  // Channel operations on struct fields that are never set.
  static void CheckFields(const FunctionUnit& fn, FindingSink& sink) {
    std::vector<std::pair<const Node*, const Expr*>> ops;  // (report at, operand)
    std::vector<const Node*> comms;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* c = As<CommClause>(n); c && c->comm) comms.push_back(c->comm);
      if (const auto* send = As<SendStmt>(n)) {
        if (As<SelectorExpr>(send->chan)) ops.emplace_back(n, send->chan);
      } else if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) {
        if (As<SelectorExpr>(u->x)) ops.emplace_back(n, u->x);
      } else if (const auto* r = As<RangeStmt>(n)) {
        if (As<SelectorExpr>(r->x)) ops.emplace_back(n, r->x);
      }
      return true;
    });
    if (ops.empty()) return;
    for (const auto& [at, operand] : ops) {
      // A nil channel in a select case disables the case on purpose.
      bool in_select = false;
      for (const Node* comm : comms)
        in_select = in_select || (comm->pos <= at->pos && at->end <= comm->end);
      std::string type;
      if (in_select || !NilField(fn, operand, &type)) continue;
      const auto* sel = As<SelectorExpr>(operand);
      std::string field(sel->sel->name);
      const TypeSpec* spec = fn.package().types.at(type).decl;
      const SourceFile* spec_file = fn.package().types.at(type).file;
      std::string what = at->kind == NodeKind::kSendStmt    ? "sends on "
                         : at->kind == NodeKind::kRangeStmt ? "ranges over "
                                                            : "receives from ";
      std::string msg = what + fn.file().Canonical(operand) + ", but nothing in the package " +
                        "ever sets field " + field + " of " + type +
                        ": the channel is nil and this blocks forever; make it where " + type +
                        " is created";
      if (spec_file == &fn.file()) {
        sink.Report(
            kInfo, fn.file(), at->pos, msg,
            {{spec->pos, type + " is declared here; its field " + field + " is never assigned"}});
      } else {
        sink.Report(kInfo, fn.file(), at->pos,
                    msg + " (" + type + " is declared in " + spec_file->path() + ")",
                    {{at->pos, field + " is never assigned in the package"}});
      }
    }
  }

  // The end of the innermost block, case or select case holding `d`.
  static uint32_t ScopeEnd(const FunctionUnit& fn, const DeclStmt* d) {
    uint32_t end = fn.body()->end;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->pos > d->pos || n->end < d->end || n == d) return false;
      if (n->kind == NodeKind::kBlockStmt || n->kind == NodeKind::kCaseClause ||
          n->kind == NodeKind::kCommClause) {
        end = n->end;
      }
      return true;
    });
    return end;
  }

  static void Check(const FunctionUnit& fn, const Candidate& c, FindingSink& sink) {
    const FuncDecl* decl = fn.decl();
    if (FieldsName(decl->recv, c.name) || FieldsName(decl->type->params, c.name) ||
        FieldsName(decl->type->results, c.name)) {
      return;
    }
    bool given = false;  // assigned, redeclared or its address taken
    std::vector<const Node*> comms;
    std::vector<std::pair<const Node*, const char*>> uses;
    Inspect(fn.body(), [&](const Node* n) {
      if (given) return false;
      switch (n->kind) {
        case NodeKind::kFuncLit: {
          const auto* lit = static_cast<const FuncLit*>(n);
          given = FieldsName(lit->type->params, c.name) || FieldsName(lit->type->results, c.name);
          return !given;
        }
        case NodeKind::kValueSpec: {
          if (n == c.spec) return false;
          for (const Ident* id : static_cast<const ValueSpec*>(n)->names)
            given = given || id->name == c.name;
          return !given;
        }
        case NodeKind::kAssignStmt: {
          for (const Expr* l : static_cast<const AssignStmt*>(n)->lhs)
            given = given || IsName(l, c.name);
          return !given;
        }
        case NodeKind::kRangeStmt: {
          const auto* r = static_cast<const RangeStmt*>(n);
          given = IsName(r->key, c.name) || IsName(r->value, c.name);
          if (!given && IsName(r->x, c.name)) uses.emplace_back(r->x, "ranges over");
          return !given;
        }
        case NodeKind::kUnaryExpr: {
          const auto* u = static_cast<const UnaryExpr*>(n);
          if (u->op == Tok::kAnd && IsName(u->x, c.name)) given = true;
          if (u->op == Tok::kArrow && IsName(u->x, c.name)) uses.emplace_back(u, "receives from");
          return !given;
        }
        case NodeKind::kSendStmt:
          if (IsName(static_cast<const SendStmt*>(n)->chan, c.name))
            uses.emplace_back(n, "sends on");
          return true;
        case NodeKind::kCommClause:
          if (const Stmt* comm = static_cast<const CommClause*>(n)->comm) comms.push_back(comm);
          return true;
        default:
          return true;
      }
    });
    if (given) return;
    const SourceFile& file = fn.file();
    int32_t decl_line = file.PositionOf(c.spec->pos).line;
    for (const auto& [use, verb] : uses) {
      if (use->pos < c.spec->end || use->pos >= c.scope_end) continue;
      bool in_select = false;
      for (const Node* comm : comms)
        in_select = in_select || (comm->pos <= use->pos && use->end <= comm->end);
      if (in_select) continue;
      std::string name(c.name);
      sink.Report(kInfo, file, use->pos,
                  std::string(verb) + " " + name + ", which is never assigned after its " +
                      "declaration at line " + std::to_string(decl_line) + ": a nil channel " +
                      "blocks forever; create it with make(...)",
                  {{c.spec->pos, name + " is declared here without a value (nil)"}});
    }
  }
};

}  // namespace

const Rule& Leak004Rule() {
  static const Leak004 rule;
  return rule;
}

}  // namespace gopit::scan
