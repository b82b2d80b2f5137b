// Command states parks goroutines in every wait state the Go runtime
// reports, each group started from its own go statement with its own
// population (1 to 17, all different), so a dump of this process has a
// known answer. The answer is written with -manifest; its lines come from
// the runtime, not from this source text.
//
// Modes:
//
//	states                 block until SIGQUIT (run with GOTRACEBACK=all|system|crash)
//	states -serve          serve net/http/pprof on 127.0.0.1:0, print LISTEN URL, wait
//	states -stack FILE     write runtime.Stack(all) to FILE, check it, exit 0
//	states -panic          panic("boom") once everything is parked (GOTRACEBACK=all)
//	states -verify FILE    check a text dump against -manifest FILE and exit
//
// READY is printed on stdout once every goroutine is parked.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"gopit.test/go/internal/sites"
)

var reg = &sites.Registry{Program: "states"}

// forever is never closed, sent on or received from by anyone but the
// goroutines that wait on it.
var forever = make(chan struct{})

//go:noinline
func blockOnRecv(s *sites.Site, ch chan int) {
	s.Enter()
	<-ch
}

// sendForever is generic so that a blocking site shows up as
// main.sendForever[...] in dumps.
//
//go:noinline
func sendForever[T any](s *sites.Site, ch chan T, v T) {
	s.Enter()
	ch <- v
}

//go:noinline
func recvNil(s *sites.Site) {
	s.Enter()
	var ch chan string
	<-ch
}

//go:noinline
func sendNil(s *sites.Site) {
	s.Enter()
	var ch chan string
	ch <- "never"
}

type server struct {
	requests chan string
	quit     chan struct{}
}

// wait is a method on a pointer receiver: main.(*server).wait.
//
//go:noinline
func (srv *server) wait(s *sites.Site) {
	s.Enter()
	select {
	case r := <-srv.requests:
		_ = r
	case <-srv.quit:
	}
}

//go:noinline
func selectNoCases(s *sites.Site) {
	s.Enter()
	select {}
}

//go:noinline
func lockMutex(s *sites.Site, mu *sync.Mutex) {
	s.Enter()
	mu.Lock()
	mu.Unlock()
}

//go:noinline
func readLock(s *sites.Site, rw *sync.RWMutex) {
	s.Enter()
	rw.RLock()
	rw.RUnlock()
}

//go:noinline
func writeLock(s *sites.Site, rw *sync.RWMutex) {
	s.Enter()
	rw.Lock()
	rw.Unlock()
}

//go:noinline
func waitGroup(s *sites.Site, wg *sync.WaitGroup) {
	s.Enter()
	wg.Wait()
}

//go:noinline
func condWait(s *sites.Site, c *sync.Cond) {
	s.Enter()
	c.L.Lock()
	for {
		c.Wait()
	}
}

//go:noinline
func readConn(s *sites.Site, c net.Conn) {
	s.Enter()
	buf := make([]byte, 64)
	c.Read(buf)
}

//go:noinline
func sleepLong(s *sites.Site) {
	s.Enter()
	time.Sleep(24 * time.Hour)
}

//go:noinline
func rawRead(s *sites.Site, fd int) {
	s.Enter()
	buf := make([]byte, 64)
	syscall.Read(fd, buf)
}

//go:noinline
func lockedWaiter(s *sites.Site) {
	s.Enter()
	runtime.LockOSThread()
	<-forever
}

//go:noinline
func labeled(s *sites.Site, worker string) {
	labels := pprof.Labels("site", "labels", "worker", worker)
	pprof.Do(context.Background(), labels, func(ctx context.Context) {
		waitLabeled(s, ctx)
	})
}

//go:noinline
func waitLabeled(s *sites.Site, ctx context.Context) {
	s.Enter()
	select {
	case <-ctx.Done():
	case <-forever:
	}
}

// recurse goes depth frames deep and then blocks, so the runtime has to
// elide the middle of the stack (it prints 50 inner and 50 outer frames).
//
//go:noinline
func recurse(s *sites.Site, depth int, ch chan int) int {
	if depth == 0 {
		s.Enter()
		s.SetFrames()
		return <-ch
	}
	return recurse(s, depth-1, ch) + 1
}

// resources keeps everything the parked goroutines hold on to reachable
// from main, so nothing is collected and the fds stay open.
type resources struct {
	mu       sync.Mutex
	rwRead   sync.RWMutex
	rwWrite  []*sync.RWMutex
	wg       sync.WaitGroup
	cond     *sync.Cond
	server   *server
	chans    []chan int
	strChan  chan string
	pipe     [2]int
	listener net.Listener
	conns    []net.Conn
}

var res resources

// startSites starts every group. Each group has its own go statement.
func startSites() error {
	r := &res

	s := reg.Add("chan-receive", "chan receive", 17)
	recvCh := make(chan int)
	r.chans = append(r.chans, recvCh)
	for i := 0; i < s.Count; i++ {
		go blockOnRecv(s, recvCh)
	}

	s = reg.Add("chan-send-generic", "chan send", 16)
	r.strChan = make(chan string)
	for i := 0; i < s.Count; i++ {
		go sendForever(s, r.strChan, "payload")
	}

	s = reg.Add("select-method", "select", 15)
	r.server = &server{requests: make(chan string), quit: make(chan struct{})}
	for i := 0; i < s.Count; i++ {
		go r.server.wait(s)
	}

	s = reg.Add("cond-wait", "sync.Cond.Wait", 14)
	r.cond = sync.NewCond(&sync.Mutex{})
	for i := 0; i < s.Count; i++ {
		go condWait(s, r.cond)
	}

	s = reg.Add("waitgroup-wait", "sync.WaitGroup.Wait", 13)
	r.wg.Add(1)
	for i := 0; i < s.Count; i++ {
		go waitGroup(s, &r.wg)
	}

	s = reg.Add("mutex-lock", "sync.Mutex.Lock", 12)
	s.Note = "the mutex is held by main and never released"
	r.mu.Lock()
	for i := 0; i < s.Count; i++ {
		go lockMutex(s, &r.mu)
	}

	s = reg.Add("rwmutex-rlock", "sync.RWMutex.RLock", 11)
	s.Note = "the write lock is held by main and never released"
	r.rwRead.Lock()
	for i := 0; i < s.Count; i++ {
		go readLock(s, &r.rwRead)
	}

	s = reg.Add("rwmutex-lock", "sync.RWMutex.Lock", 10)
	s.Note = "one RWMutex per goroutine, each read-locked by main, so every writer waits for readers"
	for i := 0; i < s.Count; i++ {
		rw := &sync.RWMutex{}
		rw.RLock()
		r.rwWrite = append(r.rwWrite, rw)
	}
	for i := 0; i < s.Count; i++ {
		go writeLock(s, r.rwWrite[i])
	}

	s = reg.Add("labels", "select", 9)
	s.Labels = map[string]string{"site": "labels", "worker": "N (0..8)"}
	s.Note = "started through runtime/pprof.Do; label worker is the goroutine's index"
	for i := 0; i < s.Count; i++ {
		go labeled(s, fmt.Sprint(i))
	}

	s = reg.Add("sleep", "sleep", 8)
	for i := 0; i < s.Count; i++ {
		go sleepLong(s)
	}

	s = reg.Add("io-wait", "IO wait", 7)
	s.Note = "reading loopback TCP connections whose peers never write"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	r.listener = ln
	for i := 0; i < s.Count; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return err
		}
		peer, err := ln.Accept()
		if err != nil {
			return err
		}
		r.conns = append(r.conns, c, peer)
	}
	for i := 0; i < s.Count; i++ {
		go readConn(s, r.conns[2*i])
	}

	s = reg.Add("chan-send-nil", "chan send (nil chan)", 6)
	for i := 0; i < s.Count; i++ {
		go sendNil(s)
	}

	s = reg.Add("chan-receive-nil", "chan receive (nil chan)", 5)
	for i := 0; i < s.Count; i++ {
		go recvNil(s)
	}

	s = reg.Add("select-no-cases", "select (no cases)", 4)
	for i := 0; i < s.Count; i++ {
		go selectNoCases(s)
	}

	s = reg.Add("locked-thread", "chan receive", 3)
	s.HeaderState = "chan receive, locked to thread"
	s.LockedToThread = true
	for i := 0; i < s.Count; i++ {
		go lockedWaiter(s)
	}

	s = reg.Add("syscall", "syscall", 2)
	s.Note = "blocked in read(2) on the read end of a pipe opened in blocking mode"
	if err := syscall.Pipe2(r.pipe[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	for i := 0; i < s.Count; i++ {
		go rawRead(s, r.pipe[0])
	}

	s = reg.Add("deep-recursion", "chan receive", 1)
	s.Note = "recursion 150 frames deep: the runtime prints 50 inner and 50 outer frames and elides the rest"
	deepCh := make(chan int)
	r.chans = append(r.chans, deepCh)
	for i := 0; i < s.Count; i++ {
		go recurse(s, 149, deepCh)
	}
	return nil
}

// fullStack returns runtime.Stack(all) without truncation.
func fullStack() []byte {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "states: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	manifest := flag.String("manifest", "", "write the JSON manifest to `FILE` (with -verify: read it)")
	serve := flag.Bool("serve", false, "serve net/http/pprof on 127.0.0.1:0 and wait")
	stack := flag.String("stack", "", "write runtime.Stack(buf, true) to `FILE` and exit")
	doPanic := flag.Bool("panic", false, "panic once every goroutine is parked")
	verify := flag.String("verify", "", "check the text dump `FILE` against the -manifest file and exit")
	leaked := flag.Bool("leaked", false, "with -verify: expect (leaked) markers on sites marked leaked")
	flag.Parse()

	if *verify != "" {
		os.Exit(runVerify(*verify, *manifest, *leaked))
	}

	if err := startSites(); err != nil {
		fail("setup: %v", err)
	}
	if err := reg.WaitParked(20 * time.Second); err != nil {
		fail("goroutines did not park: %v", err)
	}
	if *manifest != "" {
		if err := reg.WriteManifest(*manifest); err != nil {
			fail("%v", err)
		}
	}

	switch {
	case *stack != "":
		m := reg.Manifest()
		var dump []byte
		var problems []string
		for attempt := 0; attempt < 10; attempt++ {
			dump = fullStack()
			problems = sites.Verify(m, string(dump), false)
			if len(problems) == 0 {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err := os.WriteFile(*stack, dump, 0o644); err != nil {
			fail("%v", err)
		}
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(os.Stderr, "states: check:", p)
			}
			os.Exit(1)
		}
		fmt.Println("READY")
		return
	case *serve:
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fail("%v", err)
		}
		go http.Serve(ln, nil)
		fmt.Printf("LISTEN http://%s\n", ln.Addr())
		fmt.Println("READY")
		<-forever
	case *doPanic:
		fmt.Println("READY")
		panic("boom")
	default:
		fmt.Println("READY")
		<-forever
	}
}

func runVerify(dumpPath, manifestPath string, leaked bool) int {
	if manifestPath == "" {
		fmt.Fprintln(os.Stderr, "states: -verify needs -manifest")
		return 2
	}
	m, err := sites.ReadManifest(manifestPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "states:", err)
		return 2
	}
	text, err := os.ReadFile(dumpPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "states:", err)
		return 2
	}
	problems := sites.Verify(m, string(text), leaked)
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "states: check:", p)
	}
	if len(problems) > 0 {
		return 1
	}
	fmt.Printf("%s: %d sites match %s\n", dumpPath, len(m.Sites), manifestPath)
	return 0
}
