// Shape of moby/moby#7559: the userland UDP proxy took the connection-tracking
// lock for every datagram and, on a failed dial to the backend, skipped to the
// next datagram without unlocking; the next turn locked the mutex it still held.
package main

import (
	"fmt"
	"net"
	"sync"
)

type udpProxy struct {
	listener    net.PacketConn
	backendAddr string
	connTrack   map[string]net.Conn
	connTrackMu sync.Mutex
}

func (p *udpProxy) Run() {
	buf := make([]byte, 65507)
	for {
		n, from, err := p.listener.ReadFrom(buf)
		if err != nil {
			return
		}
		// LOCK001 reports the re-lock on the next turn of the loop (the skipped unlock).
		p.connTrackMu.Lock() // want LOCK001
		conn, ok := p.connTrack[from.String()]
		if !ok {
			// Dialing with the tracking lock held stalls every other datagram too.
			conn, err = net.Dial("udp", p.backendAddr) // want LOCK002
			if err != nil {
				continue
			}
			p.connTrack[from.String()] = conn
		}
		p.connTrackMu.Unlock()
		conn.Write(buf[:n])
	}
}

func main() {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	pc.Close()
	p := &udpProxy{listener: pc, backendAddr: "127.0.0.1:53", connTrack: map[string]net.Conn{}}
	p.Run()
}
