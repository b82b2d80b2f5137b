// Command diagshapes puts a process into one of the shapes gopit's dump
// diagnoses DUMP003..DUMP009 look for, with a known answer: the blocking
// sites, their populations, lines and creators, written with -manifest from
// what the runtime itself reports (see internal/sites).
//
//	diagshapes -shape SHAPE [-n N] [-manifest FILE]
//	diagshapes -verify DUMP -manifest FILE
//
// Shapes:
//
//	http-body-leak       N http.Get calls to a local server whose response
//	                     bodies are never closed: N persistConn readLoop and
//	                     writeLoop goroutines stay behind (default N 25).
//	http-transport-leak  N requests, each through a new http.Transport, bodies
//	                     read and closed: every Transport keeps its idle
//	                     connection, so readLoop waits on the network.
//	server-idle-conns    an http.Server without timeouts and N raw client
//	                     connections that send one keep-alive request each and
//	                     then stay idle: N conn.serve goroutines in IO wait.
//	finalizer-lock       a finalizer that locks a mutex main holds forever:
//	                     the finalizer goroutine blocks in user code.
//	lock-pileup          an AB-BA deadlock between two goroutines plus N
//	                     goroutines waiting on one of the two mutexes.
//	locked-threads       N goroutines that call runtime.LockOSThread and block.
//	long-syscall         N goroutines blocked in read(2) on a blocking pipe
//	                     nobody writes to: [syscall].
//
// Every shape serves net/http/pprof on 127.0.0.1:0, prints
// "listening http://127.0.0.1:PORT", forces two garbage collections (the
// runtime counts a goroutine's wait minutes from a GC that saw it blocked;
// without them the first dumps over a minute may print none), prints
// "ready" and waits until killed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"gopit.test/go/internal/sites"
)

var reg = &sites.Registry{Program: "diagshapes"}

// forever is never closed or sent on.
var forever = make(chan struct{})

// keep holds on to everything the shapes need alive.
var keep []any

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "diagshapes: "+format+"\n", args...)
	os.Exit(1)
}

// stdlibSite declares a site whose goroutines block in the standard
// library only (no frame of this program): its function is given, and
// Locate finds its file and line from the runtime's goroutine profile.
func stdlibSite(name, state, function string, count int) *sites.Site {
	s := reg.Add(name, state, count)
	s.Function = function
	return s
}

// fillCreatedBy sets a standard-library site's created-by fields from the
// "created by" trailer of one of its goroutines in runtime.Stack(all).
func fillCreatedBy(s *sites.Site) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	for _, g := range sites.SplitDump(string(buf)) {
		body := "\n" + g.Body + "\n"
		if !strings.Contains(body, "\n"+s.Function+"(") {
			continue
		}
		i := strings.Index(body, "\ncreated by ")
		if i < 0 {
			continue
		}
		rest := body[i+len("\ncreated by "):]
		lines := strings.SplitN(rest, "\n", 3)
		if len(lines) < 2 {
			continue
		}
		fn := lines[0]
		if j := strings.Index(fn, " in goroutine "); j >= 0 {
			fn = fn[:j]
		}
		loc := strings.TrimLeft(lines[1], "\t")
		if k := strings.Index(loc, " +0x"); k >= 0 {
			loc = loc[:k]
		}
		c := strings.LastIndexByte(loc, ':')
		if c < 0 {
			continue
		}
		line, _ := strconv.Atoi(loc[c+1:])
		s.CreatedByFunction, s.CreatedByFile, s.CreatedByLine = fn, loc[:c], line
		return
	}
}

// ---- http-body-leak ---------------------------------------------------

func startBackend() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/item", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "item\n")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Minute, IdleTimeout: time.Hour}
	keep = append(keep, srv, ln)
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/item", nil
}

// fetchStatus is the leak: the response body is never closed, so the
// connection is never returned to the pool and its two goroutines stay.
//
//go:noinline
func fetchStatus(url string) (int, error) {
	resp, err := http.Get(url) //gopit:ignore LEAK011 the shape leaks on purpose, against 127.0.0.1
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func shapeHTTPBodyLeak(n int) error {
	url, err := startBackend()
	if err != nil {
		return err
	}
	stdlibSite("persistconn-readloop", "select", "net/http.(*persistConn).readLoop", n)
	stdlibSite("persistconn-writeloop", "select", "net/http.(*persistConn).writeLoop", n)
	for i := 0; i < n; i++ {
		if _, err := fetchStatus(url); err != nil {
			return err
		}
	}
	return nil
}

// fetchWithNewTransport closes the body but makes a Transport per call:
// each one keeps its idle connection (and its two goroutines) forever.
//
//go:noinline
func fetchWithNewTransport(url string) error {
	client := &http.Client{Transport: &http.Transport{}} //gopit:ignore LEAK011 a Transport per request is the shape
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

func shapeHTTPTransportLeak(n int) error {
	url, err := startBackend()
	if err != nil {
		return err
	}
	stdlibSite("persistconn-readloop", "IO wait", "net/http.(*persistConn).readLoop", n)
	stdlibSite("persistconn-writeloop", "select", "net/http.(*persistConn).writeLoop", n)
	for i := 0; i < n; i++ {
		if err := fetchWithNewTransport(url); err != nil {
			return err
		}
	}
	return nil
}

// ---- server-idle-conns ------------------------------------------------

// serveAPI runs a server with no ReadTimeout, ReadHeaderTimeout or
// IdleTimeout: an idle keep-alive connection is kept forever.
//
//go:noinline
func serveAPI(s *sites.Site, ln net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	srv := &http.Server{Handler: mux} //gopit:ignore LEAK012 no timeouts is the shape
	s.Enter()
	srv.Serve(ln)
}

func shapeServerIdleConns(n int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	keep = append(keep, ln)
	stdlibSite("server-conn-idle", "IO wait", "net/http.(*conn).serve", n)
	accept := reg.Add("server-accept", "IO wait", 1)
	accept.Note = "the goroutine in Server.Serve that started the connections"
	go serveAPI(accept, ln)
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return err
		}
		// One keep-alive request, read in full, then silence.
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", ln.Addr())
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		keep = append(keep, c)
	}
	return nil
}

// ---- finalizer-lock ---------------------------------------------------

type handle struct {
	id  int
	buf []byte
}

var (
	registryMu    sync.Mutex // held by main forever
	finalizerSite *sites.Site
	finalizerRan  = make(chan struct{})
	openHandles   = map[int]bool{}
)

// releaseHandle is the finalizer: it takes registryMu, which main holds,
// so the single finalizer goroutine blocks here for good.
//
//go:noinline
func releaseHandle(h *handle) {
	finalizerSite.Enter()
	close(finalizerRan)
	registryMu.Lock()
	delete(openHandles, h.id)
	registryMu.Unlock()
}

//go:noinline
func newHandle(id int) {
	h := &handle{id: id, buf: make([]byte, 1<<10)}
	openHandles[id] = true
	runtime.SetFinalizer(h, releaseHandle)
}

func shapeFinalizerLock() error {
	finalizerSite = reg.Add("finalizer-lock", "sync.Mutex.Lock", 1)
	finalizerSite.Note = "the finalizer goroutine, blocked on a mutex main holds forever"
	newHandle(1)
	registryMu.Lock()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		select {
		case <-finalizerRan:
			return nil
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the finalizer never ran")
		}
	}
}

// ---- lock-pileup ------------------------------------------------------

type ledger struct {
	accounts sync.Mutex // "A"
	journal  sync.Mutex // "B"
	balance  map[string]int
	entries  []string
}

var led = &ledger{balance: map[string]int{}}

// transfer locks accounts then journal; post locks journal then accounts.
//
//go:noinline
func transfer(s *sites.Site, haveA, haveB chan struct{}) {
	led.accounts.Lock()
	close(haveA)
	<-haveB
	s.Enter()
	led.journal.Lock()
	led.entries = append(led.entries, "transfer")
	led.journal.Unlock()
	led.accounts.Unlock()
}

//go:noinline
func post(s *sites.Site, haveA, haveB chan struct{}) {
	led.journal.Lock()
	close(haveB)
	<-haveA
	s.Enter()
	led.accounts.Lock()
	led.balance["x"]++
	led.accounts.Unlock()
	led.journal.Unlock()
}

// readBalance is the pile: every caller waits on accounts.
//
//go:noinline
func readBalance(s *sites.Site, key string) int {
	s.Enter()
	led.accounts.Lock()
	defer led.accounts.Unlock()
	return led.balance[key]
}

func shapeLockPileup(n int) error {
	a := reg.Add("abba-transfer", "sync.Mutex.Lock", 1)
	a.Note = "holds ledger.accounts, waits for ledger.journal"
	b := reg.Add("abba-post", "sync.Mutex.Lock", 1)
	b.Note = "holds ledger.journal, waits for ledger.accounts"
	haveA, haveB := make(chan struct{}), make(chan struct{})
	go transfer(a, haveA, haveB)
	go post(b, haveA, haveB)
	<-haveA
	<-haveB
	s := reg.Add("balance-readers", "sync.Mutex.Lock", n)
	s.Note = "waiting on ledger.accounts, held by the deadlocked transfer"
	for i := 0; i < n; i++ {
		go readBalance(s, "x")
	}
	return nil
}

// ---- locked-threads ---------------------------------------------------

//go:noinline
func pinnedWorker(s *sites.Site) {
	runtime.LockOSThread()
	s.Enter()
	<-forever
}

func shapeLockedThreads(n int) error {
	s := reg.Add("locked-workers", "chan receive", n)
	s.HeaderState = "chan receive, locked to thread"
	s.LockedToThread = true
	for i := 0; i < n; i++ {
		go pinnedWorker(s)
	}
	return nil
}

// ---- long-syscall -----------------------------------------------------

//go:noinline
func readPipe(s *sites.Site, fd int) {
	s.Enter()
	buf := make([]byte, 64)
	syscall.Read(fd, buf)
}

func shapeLongSyscall(n int) error {
	s := reg.Add("pipe-read", "syscall", n)
	s.Note = "read(2) on the read end of a pipe opened in blocking mode; nobody writes"
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	keep = append(keep, p)
	for i := 0; i < n; i++ {
		go readPipe(s, p[0])
	}
	return nil
}

// ---------------------------------------------------------------------------

func main() {
	shape := flag.String("shape", "", "the shape to take (see the package doc)")
	n := flag.Int("n", 0, "population of the main site (0: the shape's default)")
	manifest := flag.String("manifest", "", "write the JSON manifest to `FILE` (with -verify: read it)")
	verify := flag.String("verify", "", "check the text dump `FILE` against the -manifest file and exit")
	flag.Parse()

	if *verify != "" {
		os.Exit(runVerify(*verify, *manifest))
	}

	defaults := map[string]int{
		"http-body-leak": 25, "http-transport-leak": 22, "server-idle-conns": 24,
		"finalizer-lock": 1, "lock-pileup": 12, "locked-threads": 24, "long-syscall": 3,
	}
	def, ok := defaults[*shape]
	if !ok {
		fail("unknown -shape %q", *shape)
	}
	if *n <= 0 {
		*n = def
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("%v", err)
	}
	go http.Serve(ln, nil)
	fmt.Printf("listening http://%s\n", ln.Addr())

	switch *shape {
	case "http-body-leak":
		err = shapeHTTPBodyLeak(*n)
	case "http-transport-leak":
		err = shapeHTTPTransportLeak(*n)
	case "server-idle-conns":
		err = shapeServerIdleConns(*n)
	case "finalizer-lock":
		err = shapeFinalizerLock()
	case "lock-pileup":
		err = shapeLockPileup(*n)
	case "locked-threads":
		err = shapeLockedThreads(*n)
	case "long-syscall":
		err = shapeLongSyscall(*n)
	}
	if err != nil {
		fail("%s: %v", *shape, err)
	}
	if err := reg.WaitParked(20 * time.Second); err != nil {
		fail("%s: goroutines did not park: %v", *shape, err)
	}
	for _, s := range reg.Sites() {
		if s.CreatedByFunction == "" && strings.Contains(s.Function, "/") {
			fillCreatedBy(s)
		}
	}
	if *manifest != "" {
		if err := reg.WriteManifest(*manifest); err != nil {
			fail("%v", err)
		}
	}
	// The runtime stamps a blocked goroutine's wait start while a GC scans
	// its stack, with the time of the previous GC's mark termination (zero,
	// so no stamp, before the first one): two cycles make the stamp.
	runtime.GC()
	runtime.GC()
	fmt.Println("ready")
	<-forever
}

func runVerify(dumpPath, manifestPath string) int {
	if manifestPath == "" {
		fmt.Fprintln(os.Stderr, "diagshapes: -verify needs -manifest")
		return 2
	}
	m, err := sites.ReadManifest(manifestPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "diagshapes:", err)
		return 2
	}
	text, err := os.ReadFile(dumpPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "diagshapes:", err)
		return 2
	}
	problems := sites.Verify(m, string(text), false)
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "diagshapes: check:", p)
	}
	if len(problems) > 0 {
		return 1
	}
	fmt.Printf("%s: %d sites match %s\n", dumpPath, len(m.Sites), manifestPath)
	return 0
}
