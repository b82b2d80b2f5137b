// Shape of cockroachdb/cockroach#9935: the log file rotation code locked the
// logging mutex and, on the path that had to create a new file, locked it a
// second time before releasing the first hold.
package main

import (
	"fmt"
	"os"
	"sync"
)

type loggingT struct {
	mu      sync.Mutex
	file    *os.File
	written int
	limit   int
}

func (l *loggingT) createFile() error {
	f, err := os.CreateTemp("", "cockroach-log")
	if err != nil {
		return err
	}
	l.file = f
	return nil
}

func (l *loggingT) output(line string) {
	// LOCK001 reports this first hold as still taken when the lock is retaken below.
	l.mu.Lock() // want LOCK001
	if l.file == nil || l.written > l.limit {
		l.mu.Lock() // want LOCK003
		if err := l.createFile(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		l.written = 0
	}
	l.written += len(line)
	l.mu.Unlock()
}

func main() {
	l := &loggingT{limit: 1 << 20}
	l.output("hello")
}
