package lock005

import "sync"

// Accounts and a ledger always taken in one order: Account.mu, then
// Ledger.mu.
type Account struct {
	mu      sync.Mutex
	id      int
	balance int
	ledger  *Ledger
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	a.ledger.mu.Lock()
	a.ledger.entries = append(a.ledger.entries, n)
	a.ledger.mu.Unlock()
}

// Two accounts of one type, ordered by id: never reported.
func Transfer(from, to *Account, n int) {
	first, second := from, to
	if to.id < from.id {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// The ledger audit copies what it needs and releases its lock before it
// takes an account's: no order between them.
func (l *Ledger) Audit(accounts []*Account) int {
	l.mu.Lock()
	n := len(l.entries)
	l.mu.Unlock()
	total := 0
	for _, a := range accounts {
		a.mu.Lock()
		total += a.balance
		a.mu.Unlock()
	}
	return total + n
}

// A session store that hands the other lock to a goroutine: the goroutine
// does not hold the store's lock.
type Store struct {
	mu       sync.Mutex
	sessions map[string]*Session
}

type Session struct {
	mu    sync.Mutex
	store *Store
	user  string
}

func (s *Store) Expire(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[id]
	delete(s.sessions, id)
	go func() {
		sess.mu.Lock()
		sess.user = ""
		sess.mu.Unlock()
	}()
}

func (s *Session) Logout() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user = ""
	s.store.mu.Lock()
	delete(s.store.sessions, s.user)
	s.store.mu.Unlock()
}
