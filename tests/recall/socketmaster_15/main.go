// Shape of zimbatm/socketmaster#15: the process group counted its output
// loggers with wg.Add inside the logger goroutines, and the WaitGroup panicked
// with "Add called concurrently with Wait".
package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"sync"
)

type processGroup struct {
	wg sync.WaitGroup
}

func (g *processGroup) StartProcess(stdout, stderr io.Reader) {
	for _, r := range []io.Reader{stdout, stderr} {
		go func(r io.Reader) {
			g.wg.Add(1) // want LEAK009
			defer g.wg.Done()
			s := bufio.NewScanner(r)
			for s.Scan() {
				fmt.Println(s.Text())
			}
		}(r)
	}
}

func (g *processGroup) WaitForOutput() { g.wg.Wait() }

func main() {
	g := &processGroup{}
	g.StartProcess(strings.NewReader("out"), strings.NewReader("err"))
	g.WaitForOutput()
}
