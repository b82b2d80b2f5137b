#include "golang/ast_walk.h"

#include <vector>

namespace gopit::golang {

void ForEachChild(const Node* n, void (*fn)(void* ctx, const char* field, const Node* child),
                  void* ctx) {
  auto one = [&](const char* field, const Node* c) {
    if (c) fn(ctx, field, c);
  };
  auto all = [&](const char* field, auto list) {
    for (const Node* c : list)
      fn(ctx, field, c);
  };
  switch (n->kind) {
    case NodeKind::kIdent:
    case NodeKind::kBasicLit:
    case NodeKind::kEmptyStmt:
      break;
    case NodeKind::kEllipsis:
      one("Elt", static_cast<const Ellipsis*>(n)->elt);
      break;
    case NodeKind::kFuncLit: {
      auto* x = static_cast<const FuncLit*>(n);
      one("Type", x->type);
      one("Body", x->body);
      break;
    }
    case NodeKind::kCompositeLit: {
      auto* x = static_cast<const CompositeLit*>(n);
      one("Type", x->type);
      all("Elts", x->elts);
      break;
    }
    case NodeKind::kParenExpr:
      one("X", static_cast<const ParenExpr*>(n)->x);
      break;
    case NodeKind::kSelectorExpr: {
      auto* x = static_cast<const SelectorExpr*>(n);
      one("X", x->x);
      one("Sel", x->sel);
      break;
    }
    case NodeKind::kIndexExpr: {
      auto* x = static_cast<const IndexExpr*>(n);
      one("X", x->x);
      all(x->indices.size() > 1 ? "Indices" : "Index", x->indices);
      break;
    }
    case NodeKind::kSliceExpr: {
      auto* x = static_cast<const SliceExpr*>(n);
      one("X", x->x);
      one("Low", x->low);
      one("High", x->high);
      one("Max", x->max);
      break;
    }
    case NodeKind::kTypeAssertExpr: {
      auto* x = static_cast<const TypeAssertExpr*>(n);
      one("X", x->x);
      one("Type", x->type);
      break;
    }
    case NodeKind::kCallExpr: {
      auto* x = static_cast<const CallExpr*>(n);
      one("Fun", x->fun);
      all("Args", x->args);
      break;
    }
    case NodeKind::kStarExpr:
      one("X", static_cast<const StarExpr*>(n)->x);
      break;
    case NodeKind::kUnaryExpr:
      one("X", static_cast<const UnaryExpr*>(n)->x);
      break;
    case NodeKind::kBinaryExpr: {
      auto* x = static_cast<const BinaryExpr*>(n);
      one("X", x->x);
      one("Y", x->y);
      break;
    }
    case NodeKind::kKeyValueExpr: {
      auto* x = static_cast<const KeyValueExpr*>(n);
      one("Key", x->key);
      one("Value", x->value);
      break;
    }
    case NodeKind::kArrayType: {
      auto* x = static_cast<const ArrayType*>(n);
      one("Len", x->len);
      one("Elt", x->elt);
      break;
    }
    case NodeKind::kStructType:
      one("Fields", static_cast<const StructType*>(n)->fields);
      break;
    case NodeKind::kFuncType: {
      auto* x = static_cast<const FuncType*>(n);
      one("TypeParams", x->type_params);
      one("Params", x->params);
      one("Results", x->results);
      break;
    }
    case NodeKind::kInterfaceType:
      one("Methods", static_cast<const InterfaceType*>(n)->methods);
      break;
    case NodeKind::kMapType: {
      auto* x = static_cast<const MapType*>(n);
      one("Key", x->key);
      one("Value", x->value);
      break;
    }
    case NodeKind::kChanType:
      one("Value", static_cast<const ChanType*>(n)->value);
      break;
    case NodeKind::kDeclStmt:
      one("Decl", static_cast<const DeclStmt*>(n)->decl);
      break;
    case NodeKind::kLabeledStmt: {
      auto* x = static_cast<const LabeledStmt*>(n);
      one("Label", x->label);
      one("Stmt", x->stmt);
      break;
    }
    case NodeKind::kExprStmt:
      one("X", static_cast<const ExprStmt*>(n)->x);
      break;
    case NodeKind::kSendStmt: {
      auto* x = static_cast<const SendStmt*>(n);
      one("Chan", x->chan);
      one("Value", x->value);
      break;
    }
    case NodeKind::kIncDecStmt:
      one("X", static_cast<const IncDecStmt*>(n)->x);
      break;
    case NodeKind::kAssignStmt: {
      auto* x = static_cast<const AssignStmt*>(n);
      all("Lhs", x->lhs);
      all("Rhs", x->rhs);
      break;
    }
    case NodeKind::kGoStmt:
      one("Call", static_cast<const GoStmt*>(n)->call);
      break;
    case NodeKind::kDeferStmt:
      one("Call", static_cast<const DeferStmt*>(n)->call);
      break;
    case NodeKind::kReturnStmt:
      all("Results", static_cast<const ReturnStmt*>(n)->results);
      break;
    case NodeKind::kBranchStmt:
      one("Label", static_cast<const BranchStmt*>(n)->label);
      break;
    case NodeKind::kBlockStmt:
      all("List", static_cast<const BlockStmt*>(n)->list);
      break;
    case NodeKind::kIfStmt: {
      auto* x = static_cast<const IfStmt*>(n);
      one("Init", x->init);
      one("Cond", x->cond);
      one("Body", x->body);
      one("Else", x->else_);
      break;
    }
    case NodeKind::kCaseClause: {
      auto* x = static_cast<const CaseClause*>(n);
      all("List", x->list);
      all("Body", x->body);
      break;
    }
    case NodeKind::kSwitchStmt: {
      auto* x = static_cast<const SwitchStmt*>(n);
      one("Init", x->init);
      one("Tag", x->tag);
      one("Body", x->body);
      break;
    }
    case NodeKind::kTypeSwitchStmt: {
      auto* x = static_cast<const TypeSwitchStmt*>(n);
      one("Init", x->init);
      one("Assign", x->assign);
      one("Body", x->body);
      break;
    }
    case NodeKind::kCommClause: {
      auto* x = static_cast<const CommClause*>(n);
      one("Comm", x->comm);
      all("Body", x->body);
      break;
    }
    case NodeKind::kSelectStmt:
      one("Body", static_cast<const SelectStmt*>(n)->body);
      break;
    case NodeKind::kForStmt: {
      auto* x = static_cast<const ForStmt*>(n);
      one("Init", x->init);
      one("Cond", x->cond);
      one("Post", x->post);
      one("Body", x->body);
      break;
    }
    case NodeKind::kRangeStmt: {
      auto* x = static_cast<const RangeStmt*>(n);
      one("Key", x->key);
      one("Value", x->value);
      one("X", x->x);
      one("Body", x->body);
      break;
    }
    case NodeKind::kImportSpec: {
      auto* x = static_cast<const ImportSpec*>(n);
      one("Name", x->name);
      one("Path", x->path);
      break;
    }
    case NodeKind::kValueSpec: {
      auto* x = static_cast<const ValueSpec*>(n);
      all("Names", x->names);
      one("Type", x->type);
      all("Values", x->values);
      break;
    }
    case NodeKind::kTypeSpec: {
      auto* x = static_cast<const TypeSpec*>(n);
      one("Name", x->name);
      one("TypeParams", x->type_params);
      one("Type", x->type);
      break;
    }
    case NodeKind::kGenDecl:
      all("Specs", static_cast<const GenDecl*>(n)->specs);
      break;
    case NodeKind::kFuncDecl: {
      auto* x = static_cast<const FuncDecl*>(n);
      one("Recv", x->recv);
      one("Name", x->name);
      one("Type", x->type);
      one("Body", x->body);
      break;
    }
    case NodeKind::kField: {
      auto* x = static_cast<const Field*>(n);
      all("Names", x->names);
      one("Type", x->type);
      one("Tag", x->tag);
      break;
    }
    case NodeKind::kFieldList:
      all("List", static_cast<const FieldList*>(n)->list);
      break;
    case NodeKind::kFile: {
      auto* x = static_cast<const File*>(n);
      one("Name", x->name);
      all("Decls", x->decls);
      break;
    }
  }
}

void Inspect(const Node* root, bool (*fn)(void* ctx, const Node* n), void* ctx) {
  if (!root) return;
  std::vector<const Node*> stack{root};
  std::vector<const Node*> kids;
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (!fn(ctx, n)) continue;
    kids.clear();
    ForEachChild(n, [&](const char*, const Node* c) { kids.push_back(c); });
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
}

}  // namespace gopit::golang
