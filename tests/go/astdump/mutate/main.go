// Command mutate writes token-level mutants of Go files, to drive the
// parser conformance test through error paths and odd corners that the Go
// distribution's own files do not reach:
//
//	mutate -out DIR -n 5 -seed 1 FILE...
//
// Each mutant applies one edit (or up to -edits) to a file: delete, duplicate or swap
// tokens, insert or replace a token with one from a fixed vocabulary, or
// insert or delete a single byte. Run tests/golang_conformance.sh with
// DIRS=DIR afterwards.
package main

import (
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"math/rand"
	"os"
	"path/filepath"
)

var vocabulary = []string{
	"{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "...", "\n", "=", ":=",
	"+", "-", "*", "&", "|", "^", "~", "<-", "!", "==", "++", "--", "&&",
	"x", "_", "T", "int", "0", "1.5", "'a'", `"s"`, "`r`", "2i",
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
	"/* c */", "// c\n", "/*\n*/",
}

type tok struct{ off, end int }

func tokens(src []byte) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, scanner.ScanComments)
	var out []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue
		}
		off := file.Offset(pos)
		n := len(lit)
		if n == 0 {
			n = len(t.String())
		}
		if off+n > len(src) {
			n = len(src) - off
		}
		out = append(out, tok{off, off + n})
	}
	return out
}

// byteEdits is the percentage of edits that insert or delete a single byte
// rather than work on tokens.
var byteEdits = flag.Int("bytes", 10, "percentage of single-byte edits")

func mutate(r *rand.Rand, src []byte, toks []tok) []byte {
	splice := func(from, to int, with string) []byte {
		out := append([]byte{}, src[:from]...)
		out = append(out, with...)
		return append(out, src[to:]...)
	}
	if len(toks) < 2 || r.Intn(100) < *byteEdits {
		i := r.Intn(len(src) + 1)
		if r.Intn(2) == 0 && i < len(src) {
			return splice(i, i+1, "")
		}
		const bytes = " \n\t\r{}()[];,.:=\"'`/*\\x0_\x00\xff"
		return splice(i, i, string(bytes[r.Intn(len(bytes))]))
	}
	i := r.Intn(len(toks))
	t := toks[i]
	text := string(src[t.off:t.end])
	word := vocabulary[r.Intn(len(vocabulary))]
	switch r.Intn(5) {
	case 0: // delete
		return splice(t.off, t.end, "")
	case 1: // duplicate
		return splice(t.end, t.end, " "+text)
	case 2: // swap with the next token
		if i+1 < len(toks) {
			u := toks[i+1]
			mid := string(src[t.end:u.off])
			return splice(t.off, u.end, string(src[u.off:u.end])+mid+text)
		}
		return splice(t.off, t.end, "")
	case 3: // insert
		return splice(t.off, t.off, word+" ")
	default: // replace
		return splice(t.off, t.end, word)
	}
}

func main() {
	out := flag.String("out", "", "directory for the mutants")
	n := flag.Int("n", 5, "mutants per file")
	edits := flag.Int("edits", 1, "maximum edits per mutant (each mutant gets 1 to edits)")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: mutate -out DIR [-n N] [-seed S] FILE...")
		os.Exit(2)
	}
	r := rand.New(rand.NewSource(*seed))
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	count := 0
	for fi, path := range flag.Args() {
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		toks := tokens(src)
		for k := 0; k < *n; k++ {
			name := filepath.Join(*out, fmt.Sprintf("m%06d_%d_%s", fi, k, filepath.Base(path)))
			m := mutate(r, src, toks)
			for e := r.Intn(*edits); e > 0; e-- {
				m = mutate(r, m, tokens(m))
			}
			if err := os.WriteFile(name, m, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			count++
		}
	}
	fmt.Fprintf(os.Stderr, "mutate: wrote %d files\n", count)
}
