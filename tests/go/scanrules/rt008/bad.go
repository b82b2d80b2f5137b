// Package rt008 holds the shapes RT008 (unbounded-cache) must report: each
// `want` comment names the rule expected on its line.
package rt008

import (
	"net"
	"net/http"
	"sync"
	"text/template"
)

// Sessions by token: one entry per login, and logout never removes it.
type Session struct {
	Token string
	User  string
}

var (
	sessionsMu sync.Mutex
	sessions   = map[string]*Session{} // want RT008
)

func login(w http.ResponseWriter, r *http.Request) {
	s := &Session{Token: r.FormValue("token"), User: r.FormValue("user")}
	sessionsMu.Lock()
	sessions[s.Token] = s
	sessionsMu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func currentUser(token string) string {
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	if s, ok := sessions[token]; ok {
		return s.User
	}
	return ""
}

// Hit counters keyed by request path: every distinct URL adds a key.
var (
	hitsMu sync.Mutex
	hits   = make(map[string]int) // want RT008
)

func countHits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hitsMu.Lock()
		hits[r.URL.Path]++
		hitsMu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// A DNS cache in a sync.Map that never expires anything.
var resolved sync.Map // want RT008

func LookupHost(host string) ([]string, error) {
	if v, ok := resolved.Load(host); ok {
		return v.([]string), nil
	}
	addrs, err := net.LookupHost(host)
	if err != nil {
		return nil, err
	}
	resolved.Store(host, addrs)
	return addrs, nil
}

// Compiled templates keyed by caller-supplied text.
var (
	tmplMu    sync.Mutex
	templates map[string]*template.Template // want RT008
)

func Render(w http.ResponseWriter, text string, data any) error {
	tmplMu.Lock()
	if templates == nil {
		templates = make(map[string]*template.Template)
	}
	t, ok := templates[text]
	if !ok {
		var err error
		t, err = template.New("page").Parse(text)
		if err != nil {
			tmplMu.Unlock()
			return err
		}
		templates[text] = t
	}
	tmplMu.Unlock()
	return t.Execute(w, data)
}
