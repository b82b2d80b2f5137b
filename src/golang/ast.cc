#include "golang/ast.h"

namespace gopit::golang {

std::string_view NodeKindName(NodeKind k) {
  static constexpr std::string_view kNames[] = {
      "Ident",      "Ellipsis",       "BasicLit",   "FuncLit",       "CompositeLit",
      "ParenExpr",  "SelectorExpr",   "IndexExpr",  "SliceExpr",     "TypeAssertExpr",
      "CallExpr",   "StarExpr",       "UnaryExpr",  "BinaryExpr",    "KeyValueExpr",
      "ArrayType",  "StructType",     "FuncType",   "InterfaceType", "MapType",
      "ChanType",   "DeclStmt",       "EmptyStmt",  "LabeledStmt",   "ExprStmt",
      "SendStmt",   "IncDecStmt",     "AssignStmt", "GoStmt",        "DeferStmt",
      "ReturnStmt", "BranchStmt",     "BlockStmt",  "IfStmt",        "CaseClause",
      "SwitchStmt", "TypeSwitchStmt", "CommClause", "SelectStmt",    "ForStmt",
      "RangeStmt",  "ImportSpec",     "ValueSpec",  "TypeSpec",      "GenDecl",
      "FuncDecl",   "Field",          "FieldList",  "File",
  };
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(NodeKind::kFile) + 1);
  return kNames[static_cast<size_t>(k)];
}

}  // namespace gopit::golang
