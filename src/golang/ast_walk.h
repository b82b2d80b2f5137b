// Traversal of syntax trees without recursion.
//
// Trees can be deeper than the stack allows recursion for (a chain of
// 50,000 '+' operands parses iteratively into a tree 50,000 levels deep),
// so walkers here keep their own work stack.
#pragma once

#include <utility>

#include "golang/ast.h"

namespace gopit::golang {

// Calls fn(ctx, field, child) for each non-null child of n, in source
// order; `field` is the go/ast field name ("X", "Body", "List"...). Comment
// groups are not nodes and are not reported.
void ForEachChild(const Node* n, void (*fn)(void* ctx, const char* field, const Node* child),
                  void* ctx);

template <typename Fn>  // void(const char* field, const Node* child)
void ForEachChild(const Node* n, Fn&& fn) {
  ForEachChild(
      n,
      [](void* ctx, const char* field, const Node* child) {
        (*static_cast<Fn*>(ctx))(field, child);
      },
      &fn);
}

// Visits root and its descendants in pre-order (source order). fn(node)
// returns true to visit the node's children, false to skip them.
void Inspect(const Node* root, bool (*fn)(void* ctx, const Node* n), void* ctx);

template <typename Fn>  // bool(const Node* n)
void Inspect(const Node* root, Fn&& fn) {
  Inspect(
      root, [](void* ctx, const Node* n) { return (*static_cast<Fn*>(ctx))(n); }, &fn);
}

}  // namespace gopit::golang
