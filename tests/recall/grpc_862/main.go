// Shape of grpc/grpc-go#862: a blocking dial ran the connection attempt in a
// goroutine and waited for either its outcome or the caller's context. When the
// context expired first, the dialer returned and the goroutine was left sending
// its error on an unbuffered channel forever.
package main

import (
	"context"
	"fmt"
	"net"
	"time"
)

type clientConn struct {
	target string
	conn   net.Conn
}

func (cc *clientConn) connect() error {
	c, err := net.DialTimeout("tcp", cc.target, time.Minute)
	if err != nil {
		return err
	}
	cc.conn = c
	return nil
}

func dialContext(ctx context.Context, target string) (*clientConn, error) {
	cc := &clientConn{target: target}
	errc := make(chan error)
	go func() {
		errc <- cc.connect() // want LEAK001
	}()
	select {
	case err := <-errc:
		if err != nil {
			return nil, err
		}
		return cc, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := dialContext(ctx, "192.0.2.1:443")
	fmt.Println(err)
}
