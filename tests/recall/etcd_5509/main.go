// Shape of etcd-io/etcd#5509: the v3 client's remote acquisition read-locked
// the client and, when the client had been closed, returned ErrConnClosed
// without the matching RUnlock; Close then waited for the write lock forever.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var errConnClosed = errors.New("grpc: the client connection is closing")

type client struct {
	mu     sync.RWMutex
	closed bool
	conn   string
}

func (c *client) acquire(ctx context.Context) (string, error) {
	c.mu.RLock() // want LOCK001
	if c.closed {
		return "", errConnClosed
	}
	conn := c.conn
	c.mu.RUnlock()
	return conn, nil
}

func (c *client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
}

func main() {
	c := &client{conn: "127.0.0.1:2379", closed: true}
	fmt.Println(c.acquire(context.Background()))
}
