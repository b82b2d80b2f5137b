// Shape of 0ceanSlim/grain#92: the relay's auth handler kept two
// process-wide maps keyed by the connection's client. authSessions gained
// an entry on every successful AUTH and nothing anywhere deleted from it,
// so every client that ever authenticated stayed reachable for the life of
// the process.
package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"
)

type Client struct {
	id     string
	subs   map[string][]string
	outbox chan []byte
}

var (
	mu           sync.Mutex
	challenges   = make(map[*Client]string)
	authSessions = make(map[*Client]string) // want RT008
)

// SetChallengeForConnection runs for every new connection.
func SetChallengeForConnection(c *Client) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	mu.Lock()
	defer mu.Unlock()
	challenges[c] = hex.EncodeToString(b)
	return challenges[c]
}

// HandleAuth checks the signed challenge and records the session.
func HandleAuth(c *Client, pubkey, challenge string) bool {
	mu.Lock()
	defer mu.Unlock()
	if challenges[c] != challenge {
		return false
	}
	delete(challenges, c)
	authSessions[c] = pubkey
	return true
}

func IsAuthenticated(c *Client) bool {
	mu.Lock()
	defer mu.Unlock()
	_, ok := authSessions[c]
	return ok
}

// serveRelay accepts one client per request: it hands out a challenge and
// checks the signed answer.
func serveRelay(w http.ResponseWriter, r *http.Request) {
	c := &Client{id: r.RemoteAddr, subs: map[string][]string{}, outbox: make(chan []byte, 1024)}
	ch := SetChallengeForConnection(c)
	if !HandleAuth(c, r.URL.Query().Get("pubkey"), ch) {
		http.Error(w, "auth failed", http.StatusUnauthorized)
		return
	}
	fmt.Fprintln(w, "authenticated:", IsAuthenticated(c))
}

func main() {
	srv := &http.Server{
		Addr:              "127.0.0.1:7447",
		Handler:           http.HandlerFunc(serveRelay),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       time.Minute,
	}
	log.Fatal(srv.ListenAndServe())
}
