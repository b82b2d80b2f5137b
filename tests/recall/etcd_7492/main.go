// Shape of etcd-io/etcd#7492: assigning a simple auth token held the token
// map's mutex and told the TTL keeper about the new token over its channel;
// the keeper goroutine, meanwhile expiring tokens, called back into a deleter
// that takes the same mutex, so each waited for the other.
package main

import (
	"fmt"
	"sync"
	"time"
)

type ttlKeeper struct {
	addSimpleTokenCh chan string
	stopCh           chan struct{}
	deleteTokenFunc  func(string)
}

func (tm *ttlKeeper) run() {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tm.addSimpleTokenCh:
		case <-tick.C:
			tm.deleteTokenFunc("expired")
		case <-tm.stopCh:
			return
		}
	}
}

func (tm *ttlKeeper) addSimpleToken(token string) {
	tm.addSimpleTokenCh <- token
}

type tokenSimple struct {
	simpleTokensMu sync.Mutex
	simpleTokens   map[string]string
	keeper         *ttlKeeper
}

func (t *tokenSimple) assignSimpleTokenToUser(user, token string) {
	t.simpleTokensMu.Lock()
	t.simpleTokens[token] = user
	t.keeper.addSimpleToken(token) // want LOCK002
	t.simpleTokensMu.Unlock()
}

func newTokenSimple() *tokenSimple {
	t := &tokenSimple{simpleTokens: map[string]string{}}
	t.keeper = &ttlKeeper{addSimpleTokenCh: make(chan string, 1), stopCh: make(chan struct{})}
	t.keeper.deleteTokenFunc = func(tk string) {
		t.simpleTokensMu.Lock()
		delete(t.simpleTokens, tk)
		t.simpleTokensMu.Unlock()
	}
	go t.keeper.run()
	return t
}

func main() {
	t := newTokenSimple()
	t.assignSimpleTokenToUser("root", "tok")
	close(t.keeper.stopCh)
	fmt.Println(len(t.simpleTokens))
}
