// Command derive makes the wrapped variants of a real dump that the tests
// need: the same bytes as the runtime wrote, with what log pipelines add
// around them.
//
//	derive prefix PREFIX IN OUT       put PREFIX before every line (kubectl logs --prefix)
//	derive timestamps START IN OUT    put an RFC 3339 timestamp and a space before every
//	                                  line, starting at START and moving on 37µs per line
//	derive truncate FRACTION IN OUT   keep about FRACTION of IN, cut in the middle of a line
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "derive:", err)
	os.Exit(1)
}

func lines(data []byte) [][]byte {
	ls := bytes.SplitAfter(data, []byte("\n"))
	if len(ls) > 0 && len(ls[len(ls)-1]) == 0 {
		ls = ls[:len(ls)-1]
	}
	return ls
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: derive prefix|timestamps|truncate ARG IN OUT")
		os.Exit(2)
	}
	cmd, arg, in, out := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	data, err := os.ReadFile(in)
	if err != nil {
		fail(err)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	switch cmd {
	case "prefix":
		for _, l := range lines(data) {
			w.WriteString(arg)
			w.Write(l)
		}
	case "timestamps":
		t, err := time.Parse(time.RFC3339Nano, arg)
		if err != nil {
			fail(err)
		}
		for _, l := range lines(data) {
			w.WriteString(t.UTC().Format(time.RFC3339Nano))
			w.WriteByte(' ')
			w.Write(l)
			t = t.Add(37 * time.Microsecond)
		}
	case "truncate":
		frac, err := strconv.ParseFloat(arg, 64)
		if err != nil || frac <= 0 || frac >= 1 {
			fail(fmt.Errorf("bad fraction %q", arg))
		}
		cut := int(float64(len(data)) * frac)
		// Move the cut into the middle of a frame line that has a file
		// position, so the last line is visibly incomplete.
		for cut < len(data) {
			start := bytes.LastIndexByte(data[:cut], '\n') + 1
			end := bytes.IndexByte(data[cut:], '\n')
			if end < 0 {
				break
			}
			line := string(data[start : cut+end])
			if strings.HasPrefix(line, "\t") && strings.Contains(line, ".go:") {
				cut = start + len(line)/2
				break
			}
			cut += end + 1
		}
		w.Write(data[:cut])
	default:
		fail(fmt.Errorf("unknown command %q", cmd))
	}
	w.Flush()
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		fail(err)
	}
}
