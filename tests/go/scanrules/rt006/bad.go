// Package rt006 holds the shapes RT006 (defer-in-loop) must report: each
// `want` comment names the rule expected on its line.
package rt006

import (
	"context"
	"database/sql"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// Every file stays open until totalSize returns.
func totalSize(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want RT006
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// A server loop: connections are closed only when serve returns, which
// is never.
func serve(l net.Listener, handle func(net.Conn)) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		defer conn.Close() // want RT006
		handle(conn)
	}
}

// A worker draining a channel: every job's context lives until the
// channel is closed.
func worker(jobs <-chan string, do func(context.Context, string)) {
	for job := range jobs {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel() // want RT006
		do(ctx, job)
	}
}

// The second turn locks the mutex the first turn still holds.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) addAll(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want RT006
		c.n[k]++
	}
}

// A transaction per row, all rolled back (or not) at the end.
func importRows(db *sql.DB, rows [][]any) error {
	for _, r := range rows {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		defer func() { // want RT006
			_ = tx.Rollback()
		}()
		if _, err := tx.Exec("INSERT INTO t VALUES (?, ?)", r...); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// A plain deferred call in a bounded loop: piles up, no resource (info).
func logAll(items []string, log func(string)) {
	for _, it := range items {
		defer log("done " + it) // want RT006
	}
}
