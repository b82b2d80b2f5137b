// Package pool is the library the user rules of ../.gopit.yaml are about:
// connections that must go back to the pool, a pool that must be resumed
// after a pause, a batch that must be ended, buffers to free and watches
// to stop.
package pool

type Pool struct{ paused bool }

type Conn struct{ p *Pool }

// Get takes a connection; Release gives it back.
func (p *Pool) Get() *Conn { return &Conn{p: p} }

func (c *Conn) Release() {}

// Pause stops handing out connections until Resume.
func (p *Pool) Pause() { p.paused = true }

func (p *Pool) Resume() { p.paused = false }

// Begin starts a batch for the calling goroutine; End ends it.
func Begin() {}

func End() {}

// Alloc returns a buffer that only Free gives back.
func Alloc(n int) []byte { return make([]byte, n) }

func Free(b []byte) {}

// Watch starts watching; calling the returned function stops it.
func Watch(name string) (func(), error) { return func() {}, nil }
