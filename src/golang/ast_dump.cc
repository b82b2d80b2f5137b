#include "golang/ast_dump.h"

#include <cstdio>
#include <string_view>

namespace gopit::golang {

namespace {

// What a work item prints.
enum class ItemKind : uint8_t {
  kNode,
  kGroupRef,   // a Doc or Comment field: the group's line only
  kGroupFull,  // an entry of File.Comments: the group and its comments
  kComment,
};

struct Item {
  const char* field;
  ItemKind kind;
  int depth;
  const void* ptr;
};

// go/scanner removes '\r' from comment text and raw strings, except from
// "*\r/" inside a /*-comment (where removing it would end the comment).
std::string StripCR(std::string_view b, bool comment) {
  std::string c;
  c.reserve(b.size());
  for (size_t j = 0; j < b.size(); ++j) {
    char ch = b[j];
    if (ch != '\r' ||
        (comment && c.size() > 2 && c.back() == '*' && j + 1 < b.size() && b[j + 1] == '/')) {
      c.push_back(ch);
    }
  }
  return c;
}

// The text go/ast keeps for a comment.
std::string CommentText(std::string_view text) {
  if (text.find('\r') == std::string_view::npos) return std::string(text);
  return StripCR(text, text[1] == '*');
}

// The value go/ast keeps for a literal.
std::string LiteralValue(const BasicLit& b) {
  if (!b.value.empty() && b.value[0] == '`' && b.value.find('\r') != std::string_view::npos) {
    return StripCR(b.value, false);
  }
  return std::string(b.value);
}

void AppendEscaped(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

const char* ChanDirName(ChanDir d) {
  switch (d) {
    case ChanDir::kSend:
      return "SEND";
    case ChanDir::kRecv:
      return "RECV";
    default:
      return "BOTH";
  }
}

class Dumper {
 public:
  explicit Dumper(const ParsedFile& f) : f_(f) {}

  std::string Run() {
    stack_.push_back({"", ItemKind::kNode, 0, f_.file()});
    while (!stack_.empty()) {
      Item it = stack_.back();
      stack_.pop_back();
      switch (it.kind) {
        case ItemKind::kNode:
          NodeLine(it, static_cast<const Node*>(it.ptr));
          break;
        case ItemKind::kGroupRef:
        case ItemKind::kGroupFull: {
          auto* g = static_cast<const CommentGroup*>(it.ptr);
          Line(it.depth, it.field, "CommentGroup", g->pos(), GoCommentEnd(g->list.back()));
          out_ += '\n';
          if (it.kind == ItemKind::kGroupFull) {
            for (size_t i = g->list.size(); i-- > 0;) {
              stack_.push_back({"List", ItemKind::kComment, it.depth + 1, &g->list[i]});
            }
          }
          break;
        }
        case ItemKind::kComment: {
          auto* c = static_cast<const Comment*>(it.ptr);
          Line(it.depth, it.field, "Comment", c->pos, GoCommentEnd(*c));
          out_ += ' ';
          AppendEscaped(out_, CommentText(c->text));
          out_ += '\n';
          break;
        }
      }
    }
    return std::move(out_);
  }

 private:
  static uint32_t GoCommentEnd(const Comment& c) {
    // go/ast: Slash + len(Text), with '\r' removed from Text.
    if (c.text.find('\r') == std::string_view::npos) return c.end;
    return c.pos + static_cast<uint32_t>(CommentText(c.text).size());
  }

  void Pos(uint32_t offset) {
    Position p = f_.PositionOf(offset);
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%d:%d", p.line, p.column);
    out_.append(buf, static_cast<size_t>(n));
  }

  void Line(int depth, const char* field, std::string_view kind, uint32_t pos, uint32_t end) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    if (*field) {
      out_ += field;
      out_ += ": ";
    }
    out_ += kind;
    out_ += ' ';
    Pos(pos);
    out_ += '-';
    Pos(end);
  }

  void At(std::string_view tok, uint32_t pos) {
    out_ += ' ';
    out_ += tok;
    out_ += '@';
    Pos(pos);
  }

  // Children are collected in order, then pushed in reverse so that they
  // pop in order.
  void Child(const char* field, const Node* n) {
    if (n) kids_.push_back({field, ItemKind::kNode, 0, n});
  }
  template <typename T>
  void Children(const char* field, List<T> list) {
    for (const T* n : list)
      kids_.push_back({field, ItemKind::kNode, 0, n});
  }
  void Group(const char* field, const CommentGroup* g) {
    if (g) kids_.push_back({field, ItemKind::kGroupRef, 0, g});
  }

  void NodeLine(const Item& it, const Node* n) {
    std::string_view kind = NodeKindName(n->kind);
    if (n->kind == NodeKind::kIndexExpr && static_cast<const IndexExpr*>(n)->indices.size() > 1) {
      kind = "IndexListExpr";
    }
    Line(it.depth, it.field, kind, n->pos, n->end);
    kids_.clear();
    switch (n->kind) {
      case NodeKind::kFile: {
        auto* x = static_cast<const File*>(n);
        Group("Doc", x->doc);
        Child("Name", x->name);
        Children("Decls", x->decls);
        for (const CommentGroup* g : x->comments)
          kids_.push_back({"Comments", ItemKind::kGroupFull, 0, g});
        break;
      }
      case NodeKind::kGenDecl: {
        auto* x = static_cast<const GenDecl*>(n);
        out_ += ' ';
        out_ += TokString(x->tok);
        if (x->lparen != kNoPos) At("(", x->lparen);
        Group("Doc", x->doc);
        Children("Specs", x->specs);
        break;
      }
      case NodeKind::kFuncDecl: {
        auto* x = static_cast<const FuncDecl*>(n);
        Group("Doc", x->doc);
        Child("Recv", x->recv);
        Child("Name", x->name);
        Child("Type", x->type);
        Child("Body", x->body);
        break;
      }
      case NodeKind::kImportSpec: {
        auto* x = static_cast<const ImportSpec*>(n);
        Group("Doc", x->doc);
        Child("Name", x->name);
        Child("Path", x->path);
        Group("Comment", x->comment);
        break;
      }
      case NodeKind::kValueSpec: {
        auto* x = static_cast<const ValueSpec*>(n);
        Group("Doc", x->doc);
        Children("Names", x->names);
        Child("Type", x->type);
        Children("Values", x->values);
        Group("Comment", x->comment);
        break;
      }
      case NodeKind::kTypeSpec: {
        auto* x = static_cast<const TypeSpec*>(n);
        if (x->assign != kNoPos) At("=", x->assign);
        Group("Doc", x->doc);
        Child("Name", x->name);
        Child("TypeParams", x->type_params);
        Child("Type", x->type);
        Group("Comment", x->comment);
        break;
      }
      case NodeKind::kFieldList:
        Children("List", static_cast<const FieldList*>(n)->list);
        break;
      case NodeKind::kField: {
        auto* x = static_cast<const Field*>(n);
        Group("Doc", x->doc);
        Children("Names", x->names);
        Child("Type", x->type);
        Child("Tag", x->tag);
        Group("Comment", x->comment);
        break;
      }
      case NodeKind::kIdent:
        out_ += ' ';
        out_ += static_cast<const Ident*>(n)->name;
        break;
      case NodeKind::kEllipsis:
        Child("Elt", static_cast<const Ellipsis*>(n)->elt);
        break;
      case NodeKind::kBasicLit: {
        auto* x = static_cast<const BasicLit*>(n);
        out_ += ' ';
        out_ += TokString(x->lit_kind);
        out_ += ' ';
        AppendEscaped(out_, LiteralValue(*x));
        break;
      }
      case NodeKind::kFuncLit: {
        auto* x = static_cast<const FuncLit*>(n);
        Child("Type", x->type);
        Child("Body", x->body);
        break;
      }
      case NodeKind::kCompositeLit: {
        auto* x = static_cast<const CompositeLit*>(n);
        At("{", x->lbrace);
        Child("Type", x->type);
        Children("Elts", x->elts);
        break;
      }
      case NodeKind::kParenExpr:
        Child("X", static_cast<const ParenExpr*>(n)->x);
        break;
      case NodeKind::kSelectorExpr: {
        auto* x = static_cast<const SelectorExpr*>(n);
        Child("X", x->x);
        Child("Sel", x->sel);
        break;
      }
      case NodeKind::kIndexExpr: {
        auto* x = static_cast<const IndexExpr*>(n);
        At("[", x->lbrack);
        Child("X", x->x);
        Children(x->indices.size() > 1 ? "Indices" : "Index", x->indices);
        break;
      }
      case NodeKind::kSliceExpr: {
        auto* x = static_cast<const SliceExpr*>(n);
        At("[", x->lbrack);
        if (x->slice3) out_ += " slice3";
        Child("X", x->x);
        Child("Low", x->low);
        Child("High", x->high);
        Child("Max", x->max);
        break;
      }
      case NodeKind::kTypeAssertExpr: {
        auto* x = static_cast<const TypeAssertExpr*>(n);
        At("(", x->lparen);
        Child("X", x->x);
        Child("Type", x->type);
        break;
      }
      case NodeKind::kCallExpr: {
        auto* x = static_cast<const CallExpr*>(n);
        At("(", x->lparen);
        if (x->ellipsis != kNoPos) At("...", x->ellipsis);
        Child("Fun", x->fun);
        Children("Args", x->args);
        break;
      }
      case NodeKind::kStarExpr:
        Child("X", static_cast<const StarExpr*>(n)->x);
        break;
      case NodeKind::kUnaryExpr: {
        auto* x = static_cast<const UnaryExpr*>(n);
        out_ += ' ';
        out_ += TokString(x->op);
        Child("X", x->x);
        break;
      }
      case NodeKind::kBinaryExpr: {
        auto* x = static_cast<const BinaryExpr*>(n);
        At(TokString(x->op), x->op_pos);
        Child("X", x->x);
        Child("Y", x->y);
        break;
      }
      case NodeKind::kKeyValueExpr: {
        auto* x = static_cast<const KeyValueExpr*>(n);
        At(":", x->colon);
        Child("Key", x->key);
        Child("Value", x->value);
        break;
      }
      case NodeKind::kArrayType: {
        auto* x = static_cast<const ArrayType*>(n);
        Child("Len", x->len);
        Child("Elt", x->elt);
        break;
      }
      case NodeKind::kStructType:
        Child("Fields", static_cast<const StructType*>(n)->fields);
        break;
      case NodeKind::kFuncType: {
        auto* x = static_cast<const FuncType*>(n);
        if (x->func != kNoPos) At("func", x->func);
        Child("TypeParams", x->type_params);
        Child("Params", x->params);
        Child("Results", x->results);
        break;
      }
      case NodeKind::kInterfaceType:
        Child("Methods", static_cast<const InterfaceType*>(n)->methods);
        break;
      case NodeKind::kMapType: {
        auto* x = static_cast<const MapType*>(n);
        Child("Key", x->key);
        Child("Value", x->value);
        break;
      }
      case NodeKind::kChanType: {
        auto* x = static_cast<const ChanType*>(n);
        out_ += ' ';
        out_ += ChanDirName(x->dir);
        if (x->arrow != kNoPos) At("<-", x->arrow);
        Child("Value", x->value);
        break;
      }
      case NodeKind::kDeclStmt:
        Child("Decl", static_cast<const DeclStmt*>(n)->decl);
        break;
      case NodeKind::kEmptyStmt:
        if (static_cast<const EmptyStmt*>(n)->implicit) out_ += " implicit";
        break;
      case NodeKind::kLabeledStmt: {
        auto* x = static_cast<const LabeledStmt*>(n);
        At(":", x->colon);
        Child("Label", x->label);
        Child("Stmt", x->stmt);
        break;
      }
      case NodeKind::kExprStmt:
        Child("X", static_cast<const ExprStmt*>(n)->x);
        break;
      case NodeKind::kSendStmt: {
        auto* x = static_cast<const SendStmt*>(n);
        At("<-", x->arrow);
        Child("Chan", x->chan);
        Child("Value", x->value);
        break;
      }
      case NodeKind::kIncDecStmt: {
        auto* x = static_cast<const IncDecStmt*>(n);
        out_ += ' ';
        out_ += TokString(x->tok);
        Child("X", x->x);
        break;
      }
      case NodeKind::kAssignStmt: {
        auto* x = static_cast<const AssignStmt*>(n);
        At(TokString(x->tok), x->tok_pos);
        Children("Lhs", x->lhs);
        Children("Rhs", x->rhs);
        break;
      }
      case NodeKind::kGoStmt:
        Child("Call", static_cast<const GoStmt*>(n)->call);
        break;
      case NodeKind::kDeferStmt:
        Child("Call", static_cast<const DeferStmt*>(n)->call);
        break;
      case NodeKind::kReturnStmt:
        Children("Results", static_cast<const ReturnStmt*>(n)->results);
        break;
      case NodeKind::kBranchStmt: {
        auto* x = static_cast<const BranchStmt*>(n);
        out_ += ' ';
        out_ += TokString(x->tok);
        Child("Label", x->label);
        break;
      }
      case NodeKind::kBlockStmt:
        Children("List", static_cast<const BlockStmt*>(n)->list);
        break;
      case NodeKind::kIfStmt: {
        auto* x = static_cast<const IfStmt*>(n);
        Child("Init", x->init);
        Child("Cond", x->cond);
        Child("Body", x->body);
        Child("Else", x->else_);
        break;
      }
      case NodeKind::kCaseClause: {
        auto* x = static_cast<const CaseClause*>(n);
        At(":", x->colon);
        Children("List", x->list);
        Children("Body", x->body);
        break;
      }
      case NodeKind::kSwitchStmt: {
        auto* x = static_cast<const SwitchStmt*>(n);
        Child("Init", x->init);
        Child("Tag", x->tag);
        Child("Body", x->body);
        break;
      }
      case NodeKind::kTypeSwitchStmt: {
        auto* x = static_cast<const TypeSwitchStmt*>(n);
        Child("Init", x->init);
        Child("Assign", x->assign);
        Child("Body", x->body);
        break;
      }
      case NodeKind::kCommClause: {
        auto* x = static_cast<const CommClause*>(n);
        At(":", x->colon);
        Child("Comm", x->comm);
        Children("Body", x->body);
        break;
      }
      case NodeKind::kSelectStmt:
        Child("Body", static_cast<const SelectStmt*>(n)->body);
        break;
      case NodeKind::kForStmt: {
        auto* x = static_cast<const ForStmt*>(n);
        Child("Init", x->init);
        Child("Cond", x->cond);
        Child("Post", x->post);
        Child("Body", x->body);
        break;
      }
      case NodeKind::kRangeStmt: {
        auto* x = static_cast<const RangeStmt*>(n);
        if (x->tok != Tok::kIllegal) At(TokString(x->tok), x->tok_pos);
        At("range", x->range);
        Child("Key", x->key);
        Child("Value", x->value);
        Child("X", x->x);
        Child("Body", x->body);
        break;
      }
    }
    out_ += '\n';
    for (size_t i = kids_.size(); i-- > 0;) {
      Item k = kids_[i];
      k.depth = it.depth + 1;
      stack_.push_back(k);
    }
  }

  const ParsedFile& f_;
  std::string out_;
  std::vector<Item> stack_;
  std::vector<Item> kids_;
};

}  // namespace

std::string DumpAstSummary(const ParsedFile& file) {
  if (!file.ok()) return "error: " + file.FormatError() + "\n";
  return Dumper(file).Run();
}

}  // namespace gopit::golang
