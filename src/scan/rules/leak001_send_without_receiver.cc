// LEAK001 send-without-receiver: a goroutine sends on an unbuffered channel
// its starter made, and the starter can return without receiving.
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/channels.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK001", "send-without-receiver", Severity::kError,
                     "A goroutine sends on an unbuffered channel its starter can stop "
                     "receiving from: the sender blocks forever.",
                     R"(## What it finds
A function makes an unbuffered channel (`make(chan T)`), starts a goroutine
that sends on it (a function literal, or a function of the same package the
channel is passed to), and has a path from the `go` statement to its return
that never receives from the channel: a `select` that gives up on
`ctx.Done()`, a timer or `default`, or an early `return` on an error. The
finding is on the send; the related location is where the function returns
without receiving.

## Why it is bad
This is the most common goroutine leak in real services. After the starter
has returned nobody will ever receive, so the send blocks forever, and the
goroutine keeps its stack and everything it references. A handler with a
timeout leaks one goroutine per timed-out request; the dump shows a growing
bucket in `[chan send]` (gopit stacks: DUMP002; gopit watch: a suspect).

## Bad
```go
func lookup(ctx context.Context, key string) (string, error) {
	result := make(chan string)
	go func() {
		result <- slowBackend(key) // blocks forever after a timeout
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
```

## Fix
Give the channel room for the one value the goroutine sends, so the send
never waits: `result := make(chan string, 1)`. Or make the sender give up
too: `select { case result <- v: case <-ctx.Done(): }`.

## Go versions
All.

## Known limits
The channel must be a local made in the function with no capacity, and
used there only to receive (passing it elsewhere, returning it, ranging
over it or a second receiver goroutine silences the rule: someone else may
receive). A send inside a `select` with another case counts as guarded.
Senders in named functions are followed one call deep within the package.)"};

// The plain sends on `ch` in `body`: sends that are one case of a select
// with other cases (or a default) are guarded and left out.
std::vector<const SendStmt*> PlainSends(const BlockStmt* body, std::string_view ch) {
  std::vector<const SendStmt*> out;
  std::function<void(const Node*)> walk = [&](const Node* root) {
    InspectOwn(root, [&](const Node* n) {
      if (const auto* sel = As<SelectStmt>(n); sel && sel->body->list.size() > 1) {
        for (const Stmt* c : sel->body->list) {
          if (const auto* cc = As<CommClause>(c)) {
            for (const Stmt* s : cc->body)
              walk(s);
          }
        }
        return false;
      }
      if (const auto* send = As<SendStmt>(n); send && IsIdentNamed(send->chan, ch))
        out.push_back(send);
      return true;
    });
  };
  walk(body);
  return out;
}

struct Sender {
  const GoStmt* go = nullptr;
  const SendStmt* send = nullptr;
  const SourceFile* file = nullptr;  // where the send is
};

// The send a `go` statement's goroutine makes on `ch`, if it makes a plain
// one: in the literal itself, or in a package function `ch` is passed to.
std::optional<Sender> SenderOf(const GoStmt* go, std::string_view ch, const FunctionUnit& fn) {
  const CallExpr* call = go->call;
  if (const auto* lit = As<FuncLit>(call->fun)) {
    if (HasParam(lit->type, ch)) return std::nullopt;  // shadowed
    // Goroutines that both send and receive pass values among themselves.
    if (ReceivesFrom(lit->body, ch)) return std::nullopt;
    std::vector<const SendStmt*> sends = PlainSends(lit->body, ch);
    if (sends.empty()) return std::nullopt;
    return Sender{go, sends.front(), &fn.file()};
  }
  const auto* name = As<Ident>(call->fun);
  if (!name) return std::nullopt;
  auto it = fn.package().funcs.find(name->name);
  if (it == fn.package().funcs.end() || !it->second.decl->body) return std::nullopt;
  for (size_t i = 0; i < call->args.size(); ++i) {
    if (!IsIdentNamed(call->args[i], ch)) continue;
    std::string_view param = ParamName(it->second.decl->type, i);
    if (param.empty() || param == "_" || ReceivesFrom(it->second.decl->body, param)) continue;
    std::vector<const SendStmt*> sends = PlainSends(it->second.decl->body, param);
    if (!sends.empty()) return Sender{go, sends.front(), it->second.file};
  }
  return std::nullopt;
}

// How the function uses `ch` outside its senders. Anything but receiving,
// closing, measuring and starting senders may hand the channel to another
// receiver, and then the rule has nothing to say.
struct Uses {
  bool escapes = false;
  bool receives = false;
  std::vector<const GoStmt*> gos;
};

// A `defer func() { ... <-ch ... }()`: receives when the function returns,
// on every path after it.
bool DeferredReceive(const Node* stmt, std::string_view ch) {
  const auto* d = As<DeferStmt>(stmt);
  if (!d) return false;
  const auto* lit = As<FuncLit>(d->call->fun);
  return lit && ReceivesFrom(lit->body, ch);
}

Uses UsesOf(const BlockStmt* body, std::string_view ch, const Node* def) {
  Uses u;
  Inspect(body, [&](const Node* n) {
    if (u.escapes) return false;
    if (n == def) return false;
    if (const auto* go = As<GoStmt>(n)) {
      if (MentionsName(go, ch)) u.gos.push_back(go);
      return false;  // judged by SenderOf
    }
    if (DeferredReceive(n, ch)) {
      u.receives = true;
      return false;
    }
    if (const auto* un = As<UnaryExpr>(n); un && un->op == Tok::kArrow && IsIdentNamed(un->x, ch)) {
      u.receives = true;
      return false;
    }
    if (const auto* call = As<CallExpr>(n)) {
      const auto* f = As<Ident>(call->fun);
      if (f && (f->name == "close" || f->name == "len" || f->name == "cap") &&
          call->args.size() == 1 && IsIdentNamed(call->args[0], ch)) {
        return false;
      }
    }
    if (const auto* lit = As<FuncLit>(n)) {
      // A closure that uses the channel may receive whenever it is called.
      u.escapes = MentionsName(lit, ch);
      return false;
    }
    if (n->kind == NodeKind::kIdent && IsIdentNamed(static_cast<const Expr*>(n), ch)) {
      u.escapes = true;
      return false;
    }
    return true;
  });
  return u;
}

class Leak001 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const BlockStmt* body = fn.body();
    if (!body) return;
    // Cheap syntax first: a `go` statement and an unbuffered make.
    bool has_go = false;
    InspectOwn(body, [&](const Node* n) {
      has_go = has_go || n->kind == NodeKind::kGoStmt;
      return !has_go;
    });
    if (!has_go) return;
    std::vector<MadeChan> chans = ChannelsMade(body, false);
    for (const MadeChan& c : chans)
      Check(fn, c.name, c.def, sink);
  }

 private:
  void Check(const FunctionUnit& fn, std::string_view ch, const Node* def,
             FindingSink& sink) const {
    Uses uses = UsesOf(fn.body(), ch, def);
    if (uses.escapes || uses.gos.empty()) return;
    std::vector<Sender> senders;
    for (const GoStmt* go : uses.gos) {
      std::optional<Sender> s = SenderOf(go, ch, fn);
      if (!s) return;  // a goroutine that uses ch another way may receive
      senders.push_back(*s);
    }
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    PathQuery q;
    q.step = [&](const CfgNode& n) {
      return ReceivesFrom(n.node, ch) || DeferredReceive(n.node, ch) ? PathStep::kReleased
                                                                     : PathStep::kContinue;
    };
    // A loop that receives in its body is entered: a path that skips a
    // receive loop entirely is one the loop's bounds rule out (as many
    // receives as senders).
    q.only_branch = [&](const CfgNode& n) {
      const BlockStmt* loop = nullptr;
      if (const auto* f = As<ForStmt>(n.node)) loop = f->body;
      if (const auto* r = As<RangeStmt>(n.node)) loop = r->body;
      return loop && ReceivesFrom(loop, ch) ? 0 : -1;
    };
    for (const Sender& s : senders) {
      uint32_t from = cfg->NodeOf(s.go);
      if (from == UINT32_MAX) continue;
      std::optional<UnreleasedPath> path = FindUnreleasedPath(*cfg, from, q);
      if (!path) continue;
      const Node* at = path->at == UINT32_MAX ? nullptr : cfg->node(path->at).node;
      uint32_t where = at ? at->pos : fn.body()->rbrace;
      std::string how = !uses.receives ? "nothing in the function receives from it"
                        : path->falls_off_end
                            ? "the function can end without receiving from it"
                            : "the function can return at line " +
                                  std::to_string(fn.file().PositionOf(where).line) +
                                  " without receiving from it";
      std::string msg =
          "send on unbuffered channel " + std::string(ch) + " blocks forever: " + how +
          "; make it buffered (make(chan T, 1)) or select on ctx.Done() in the sender";
      std::string related =
          !uses.receives        ? "the function ends here; nothing received from " + std::string(ch)
          : path->falls_off_end ? "the function ends here without receiving from " + std::string(ch)
                                : "returns here without receiving from " + std::string(ch);
      if (s.file == &fn.file()) {
        sink.Report(kInfo, *s.file, s.send->pos, msg, {{where, related}});
      } else {
        // The sender is in another file of the package: report at the `go`
        // statement, where both places can be named.
        sink.Report(kInfo, fn.file(), s.go->pos,
                    "the goroutine started here sends on unbuffered channel " + std::string(ch) +
                        " (" + s.file->path() + ":" +
                        std::to_string(s.file->PositionOf(s.send->pos).line) +
                        ") and blocks forever: " + how,
                    {{where, related}});
      }
    }
  }
};

}  // namespace

const Rule& Leak001Rule() {
  static const Leak001 rule;
  return rule;
}

}  // namespace gopit::scan
