// Command astdump prints a canonical summary of the syntax tree that
// go/parser builds for each Go file named on the command line. It is the
// oracle for gopit's own Go front end: `gopit debug-ast FILE...` prints the
// same summary, and tests/golang_conformance.sh requires the two to agree on
// every file of the Go distribution.
//
// Output, for each file:
//
//	== PATH
//	File 1:1-12:2
//	  Name: Ident 1:9-1:13 main
//	  Decls: FuncDecl 3:1-5:2
//	  ...
//
// or, when go/parser rejects the file, "== PATH" followed by a single
// "error: PATH:LINE:COL: MESSAGE" line (the first error). The format is
// documented in docs/golang-frontend.md; in short, one node per line,
// pre-order, indented two spaces per level, as
//
//	FIELD: KIND BEGIN-END [ATTRIBUTES]
//
// where FIELD is the go/ast field holding the node, KIND the go/ast type
// name, BEGIN and END are LINE:COL of Pos() and End() (byte columns, line
// directives ignored), and ATTRIBUTES depend on the kind. Nil fields and
// empty lists print nothing. Doc and line comments print as a CommentGroup
// line without children; all comment groups of the file are listed with
// their comments at the end under "Comments:".
//
// The exit status is 1 if any file failed to parse, 2 on usage errors.
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"strconv"
	"strings"
)

type dumper struct {
	w     *bufio.Writer
	file  *token.File
	depth int
}

func (d *dumper) pos(p token.Pos) string {
	pos := d.file.PositionFor(p, false)
	return strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Column)
}

// line prints one node line. n gives the begin and end positions.
func (d *dumper) line(field, kind string, n ast.Node, attrs ...string) {
	d.begin(field, kind, n.Pos(), n.End(), attrs...)
}

func (d *dumper) begin(field, kind string, pos, end token.Pos, attrs ...string) {
	w := d.w
	for i := 0; i < d.depth; i++ {
		w.WriteString("  ")
	}
	if field != "" {
		w.WriteString(field)
		w.WriteString(": ")
	}
	w.WriteString(kind)
	w.WriteByte(' ')
	w.WriteString(d.pos(pos))
	w.WriteByte('-')
	w.WriteString(d.pos(end))
	for _, a := range attrs {
		w.WriteByte(' ')
		w.WriteString(a)
	}
	w.WriteByte('\n')
}

// escape writes s with backslash, control bytes and DEL escaped so that
// every value fits on one line. Other bytes (UTF-8 included) pass through.
func escape(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (d *dumper) at(tok string, p token.Pos) string { return tok + "@" + d.pos(p) }

func (d *dumper) group(field string, g *ast.CommentGroup) {
	if g != nil {
		d.line(field, "CommentGroup", g)
	}
}

func (d *dumper) child(field string, n ast.Node) {
	d.depth++
	d.node(field, n)
	d.depth--
}

func (d *dumper) exprs(field string, list []ast.Expr) {
	for _, x := range list {
		d.child(field, x)
	}
}

func (d *dumper) stmts(field string, list []ast.Stmt) {
	for _, s := range list {
		d.child(field, s)
	}
}

func (d *dumper) idents(field string, list []*ast.Ident) {
	for _, x := range list {
		d.child(field, x)
	}
}

func (d *dumper) docs(field string, g *ast.CommentGroup) {
	d.depth++
	d.group(field, g)
	d.depth--
}

func (d *dumper) fieldList(field string, l *ast.FieldList) {
	if l != nil {
		d.child(field, l)
	}
}

func chanDir(dir ast.ChanDir) string {
	switch dir {
	case ast.SEND:
		return "SEND"
	case ast.RECV:
		return "RECV"
	}
	return "BOTH"
}

// node prints n and its children. Interfaces holding a nil pointer print
// nothing, like nil interfaces.
func (d *dumper) node(field string, n ast.Node) {
	switch n := n.(type) {
	case nil:
	case *ast.File:
		d.line(field, "File", n)
		d.docs("Doc", n.Doc)
		d.child("Name", n.Name)
		for _, decl := range n.Decls {
			d.child("Decls", decl)
		}
		d.depth++
		for _, g := range n.Comments {
			d.line("Comments", "CommentGroup", g)
			d.depth++
			for _, c := range g.List {
				d.line("List", "Comment", c, escape(c.Text))
			}
			d.depth--
		}
		d.depth--

	// Declarations and specs.
	case *ast.GenDecl:
		attrs := []string{n.Tok.String()}
		if n.Lparen.IsValid() {
			attrs = append(attrs, d.at("(", n.Lparen))
		}
		d.line(field, "GenDecl", n, attrs...)
		d.docs("Doc", n.Doc)
		for _, s := range n.Specs {
			d.child("Specs", s)
		}
	case *ast.FuncDecl:
		d.line(field, "FuncDecl", n)
		d.docs("Doc", n.Doc)
		d.fieldList("Recv", n.Recv)
		d.child("Name", n.Name)
		d.child("Type", n.Type)
		if n.Body != nil {
			d.child("Body", n.Body)
		}
	case *ast.ImportSpec:
		d.line(field, "ImportSpec", n)
		d.docs("Doc", n.Doc)
		if n.Name != nil {
			d.child("Name", n.Name)
		}
		d.child("Path", n.Path)
		d.docs("Comment", n.Comment)
	case *ast.ValueSpec:
		d.line(field, "ValueSpec", n)
		d.docs("Doc", n.Doc)
		d.idents("Names", n.Names)
		d.child("Type", n.Type)
		d.exprs("Values", n.Values)
		d.docs("Comment", n.Comment)
	case *ast.TypeSpec:
		var attrs []string
		if n.Assign.IsValid() {
			attrs = append(attrs, d.at("=", n.Assign))
		}
		d.line(field, "TypeSpec", n, attrs...)
		d.docs("Doc", n.Doc)
		d.child("Name", n.Name)
		d.fieldList("TypeParams", n.TypeParams)
		d.child("Type", n.Type)
		d.docs("Comment", n.Comment)
	case *ast.FieldList:
		d.line(field, "FieldList", n)
		for _, f := range n.List {
			d.child("List", f)
		}
	case *ast.Field:
		d.line(field, "Field", n)
		d.docs("Doc", n.Doc)
		d.idents("Names", n.Names)
		d.child("Type", n.Type)
		if n.Tag != nil {
			d.child("Tag", n.Tag)
		}
		d.docs("Comment", n.Comment)

	// Expressions and types.
	case *ast.BadExpr:
		d.line(field, "BadExpr", n)
	case *ast.Ident:
		d.line(field, "Ident", n, n.Name)
	case *ast.Ellipsis:
		d.line(field, "Ellipsis", n)
		d.child("Elt", n.Elt)
	case *ast.BasicLit:
		d.line(field, "BasicLit", n, n.Kind.String(), escape(n.Value))
	case *ast.FuncLit:
		d.line(field, "FuncLit", n)
		d.child("Type", n.Type)
		d.child("Body", n.Body)
	case *ast.CompositeLit:
		d.line(field, "CompositeLit", n, d.at("{", n.Lbrace))
		d.child("Type", n.Type)
		d.exprs("Elts", n.Elts)
	case *ast.ParenExpr:
		d.line(field, "ParenExpr", n)
		d.child("X", n.X)
	case *ast.SelectorExpr:
		d.line(field, "SelectorExpr", n)
		d.child("X", n.X)
		d.child("Sel", n.Sel)
	case *ast.IndexExpr:
		d.line(field, "IndexExpr", n, d.at("[", n.Lbrack))
		d.child("X", n.X)
		d.child("Index", n.Index)
	case *ast.IndexListExpr:
		d.line(field, "IndexListExpr", n, d.at("[", n.Lbrack))
		d.child("X", n.X)
		d.exprs("Indices", n.Indices)
	case *ast.SliceExpr:
		attrs := []string{d.at("[", n.Lbrack)}
		if n.Slice3 {
			attrs = append(attrs, "slice3")
		}
		d.line(field, "SliceExpr", n, attrs...)
		d.child("X", n.X)
		d.child("Low", n.Low)
		d.child("High", n.High)
		d.child("Max", n.Max)
	case *ast.TypeAssertExpr:
		d.line(field, "TypeAssertExpr", n, d.at("(", n.Lparen))
		d.child("X", n.X)
		d.child("Type", n.Type)
	case *ast.CallExpr:
		attrs := []string{d.at("(", n.Lparen)}
		if n.Ellipsis.IsValid() {
			attrs = append(attrs, d.at("...", n.Ellipsis))
		}
		d.line(field, "CallExpr", n, attrs...)
		d.child("Fun", n.Fun)
		d.exprs("Args", n.Args)
	case *ast.StarExpr:
		d.line(field, "StarExpr", n)
		d.child("X", n.X)
	case *ast.UnaryExpr:
		d.line(field, "UnaryExpr", n, n.Op.String())
		d.child("X", n.X)
	case *ast.BinaryExpr:
		d.line(field, "BinaryExpr", n, d.at(n.Op.String(), n.OpPos))
		d.child("X", n.X)
		d.child("Y", n.Y)
	case *ast.KeyValueExpr:
		d.line(field, "KeyValueExpr", n, d.at(":", n.Colon))
		d.child("Key", n.Key)
		d.child("Value", n.Value)
	case *ast.ArrayType:
		d.line(field, "ArrayType", n)
		d.child("Len", n.Len)
		d.child("Elt", n.Elt)
	case *ast.StructType:
		d.line(field, "StructType", n)
		d.fieldList("Fields", n.Fields)
	case *ast.FuncType:
		var attrs []string
		if n.Func.IsValid() {
			attrs = append(attrs, d.at("func", n.Func))
		}
		d.line(field, "FuncType", n, attrs...)
		d.fieldList("TypeParams", n.TypeParams)
		d.fieldList("Params", n.Params)
		d.fieldList("Results", n.Results)
	case *ast.InterfaceType:
		d.line(field, "InterfaceType", n)
		d.fieldList("Methods", n.Methods)
	case *ast.MapType:
		d.line(field, "MapType", n)
		d.child("Key", n.Key)
		d.child("Value", n.Value)
	case *ast.ChanType:
		attrs := []string{chanDir(n.Dir)}
		if n.Arrow.IsValid() {
			attrs = append(attrs, d.at("<-", n.Arrow))
		}
		d.line(field, "ChanType", n, attrs...)
		d.child("Value", n.Value)

	// Statements.
	case *ast.BadStmt:
		d.line(field, "BadStmt", n)
	case *ast.DeclStmt:
		d.line(field, "DeclStmt", n)
		d.child("Decl", n.Decl)
	case *ast.EmptyStmt:
		var attrs []string
		if n.Implicit {
			attrs = append(attrs, "implicit")
		}
		d.line(field, "EmptyStmt", n, attrs...)
	case *ast.LabeledStmt:
		d.line(field, "LabeledStmt", n, d.at(":", n.Colon))
		d.child("Label", n.Label)
		d.child("Stmt", n.Stmt)
	case *ast.ExprStmt:
		d.line(field, "ExprStmt", n)
		d.child("X", n.X)
	case *ast.SendStmt:
		d.line(field, "SendStmt", n, d.at("<-", n.Arrow))
		d.child("Chan", n.Chan)
		d.child("Value", n.Value)
	case *ast.IncDecStmt:
		d.line(field, "IncDecStmt", n, n.Tok.String())
		d.child("X", n.X)
	case *ast.AssignStmt:
		d.line(field, "AssignStmt", n, d.at(n.Tok.String(), n.TokPos))
		d.exprs("Lhs", n.Lhs)
		d.exprs("Rhs", n.Rhs)
	case *ast.GoStmt:
		d.line(field, "GoStmt", n)
		d.child("Call", n.Call)
	case *ast.DeferStmt:
		d.line(field, "DeferStmt", n)
		d.child("Call", n.Call)
	case *ast.ReturnStmt:
		d.line(field, "ReturnStmt", n)
		d.exprs("Results", n.Results)
	case *ast.BranchStmt:
		d.line(field, "BranchStmt", n, n.Tok.String())
		if n.Label != nil {
			d.child("Label", n.Label)
		}
	case *ast.BlockStmt:
		d.line(field, "BlockStmt", n)
		d.stmts("List", n.List)
	case *ast.IfStmt:
		d.line(field, "IfStmt", n)
		d.child("Init", n.Init)
		d.child("Cond", n.Cond)
		d.child("Body", n.Body)
		d.child("Else", n.Else)
	case *ast.CaseClause:
		d.line(field, "CaseClause", n, d.at(":", n.Colon))
		d.exprs("List", n.List)
		d.stmts("Body", n.Body)
	case *ast.SwitchStmt:
		d.line(field, "SwitchStmt", n)
		d.child("Init", n.Init)
		d.child("Tag", n.Tag)
		d.child("Body", n.Body)
	case *ast.TypeSwitchStmt:
		d.line(field, "TypeSwitchStmt", n)
		d.child("Init", n.Init)
		d.child("Assign", n.Assign)
		d.child("Body", n.Body)
	case *ast.CommClause:
		d.line(field, "CommClause", n, d.at(":", n.Colon))
		d.child("Comm", n.Comm)
		d.stmts("Body", n.Body)
	case *ast.SelectStmt:
		d.line(field, "SelectStmt", n)
		d.child("Body", n.Body)
	case *ast.ForStmt:
		d.line(field, "ForStmt", n)
		d.child("Init", n.Init)
		d.child("Cond", n.Cond)
		d.child("Post", n.Post)
		d.child("Body", n.Body)
	case *ast.RangeStmt:
		var attrs []string
		if n.Tok != token.ILLEGAL {
			attrs = append(attrs, d.at(n.Tok.String(), n.TokPos))
		}
		attrs = append(attrs, d.at("range", n.Range))
		d.line(field, "RangeStmt", n, attrs...)
		d.child("Key", n.Key)
		d.child("Value", n.Value)
		d.child("X", n.X)
		d.child("Body", n.Body)
	default:
		fmt.Fprintf(os.Stderr, "astdump: unexpected node %T\n", n)
		os.Exit(2)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: astdump FILE...")
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	status := 0
	for _, path := range os.Args[1:] {
		fmt.Fprintf(w, "== %s\n", path)
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(w, "error: %v\n", err)
			status = 1
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
				p := list[0].Pos
				fmt.Fprintf(w, "error: %s:%d:%d: %s\n", path, p.Line, p.Column, list[0].Msg)
			} else {
				fmt.Fprintf(w, "error: %v\n", err)
			}
			status = 1
			continue
		}
		var file *token.File
		fset.Iterate(func(tf *token.File) bool { file = tf; return false })
		d := &dumper{w: w, file: file}
		d.node("", f)
	}
	w.Flush()
	os.Exit(status)
}
