// Questions the channel rules (LEAK001, LEAK002, and RT003's and CGO002's
// blocking checks) share: channels a function makes, who receives, sends
// and closes, and parameters a channel is passed to.
#pragma once

#include <string_view>
#include <vector>

#include "golang/ast.h"
#include "golang/ast_walk.h"

namespace gopit::scan {

bool IsIdentNamed(const golang::Expr* e, std::string_view name);

// `make(chan T)` or `make(chan T, 0)`, or with `any_capacity` any
// `make(chan T, n)`.
bool IsChanMake(const golang::Expr* e, bool any_capacity);

// The locals a function body makes channels for, `ch := make(chan T)` or
// `var ch = make(chan T)`, with the statement or spec that makes each.
struct MadeChan {
  std::string_view name;
  const golang::Node* def = nullptr;
};
std::vector<MadeChan> ChannelsMade(const golang::BlockStmt* body, bool any_capacity);

// Inspects the statements of `root` itself: nested function literals are
// functions of their own and are not entered.
template <typename Fn>
void InspectOwn(const golang::Node* root, Fn&& fn) {
  golang::Inspect(root, [&](const golang::Node* n) {
    if (n != root && n->kind == golang::NodeKind::kFuncLit) return false;
    return fn(n);
  });
}

// Whether `root` (outside nested literals) receives from `ch` (`<-ch`).
bool ReceivesFrom(const golang::Node* root, std::string_view ch);

// Whether `root` (nested literals included) calls close(ch).
bool ClosesChan(const golang::Node* root, std::string_view ch);

// The name of parameter `index`, "" when it is unnamed or there is none.
std::string_view ParamName(const golang::FuncType* type, size_t index);

// Whether the literal's or function's parameters include `name`.
bool HasParam(const golang::FuncType* type, std::string_view name);

}  // namespace gopit::scan
