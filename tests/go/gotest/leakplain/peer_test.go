package leakplain

import (
	"net"
	"testing"
)

func TestServerDial(t *testing.T) {
	ln, err := Listen()
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		accepted <- conn // want leak: nobody receives once the test has its answer
	}()
	conn, err := DialTimeout(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if conn.RemoteAddr().String() != ln.Addr().String() {
		t.Errorf("dialed %v, want %v", conn.RemoteAddr(), ln.Addr())
	}
}

func TestClean(t *testing.T) {
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}
