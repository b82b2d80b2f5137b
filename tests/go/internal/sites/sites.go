// Package sites keeps the ground truth for the sample programs: which
// goroutines block where, how many of them, and which go statement made
// them. Nothing here is typed in by hand except the state names: function
// names, files and lines all come from the runtime itself, so a manifest
// cannot drift from the code that produced the dump.
package sites

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Site is one blocking site: a group of goroutines started from one go
// statement that all park at the same line.
type Site struct {
	Site string `json:"site"`
	// State is the wait reason the runtime prints inside the brackets of
	// the goroutine header, without suffixes ("chan receive").
	State string `json:"state"`
	// HeaderState is the whole bracket text as printed for a short wait
	// (no ", N minutes"), including ", locked to thread" where that applies.
	HeaderState string `json:"header_state"`
	// Function is the innermost frame of this program's code on the
	// blocked goroutine's stack, spelled as the runtime prints it.
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`

	CreatedByFunction string `json:"created_by_function"`
	CreatedByFile     string `json:"created_by_file"`
	CreatedByLine     int    `json:"created_by_line"`

	Count int `json:"count"`

	LockedToThread bool              `json:"locked_to_thread,omitempty"`
	Labels         map[string]string `json:"labels,omitempty"`
	// Frames, set for deep stacks where the runtime elides the middle, is
	// the number of frames from Function down to the goroutine's entry
	// function (see SetFrames).
	Frames int `json:"frames,omitempty"`
	// Leaked is set when the goroutine-leak profile must report this site.
	Leaked bool   `json:"leaked,omitempty"`
	Note   string `json:"note,omitempty"`

	entered sync.Once
	// exact, when set, makes Count the exact population; otherwise Count
	// is whatever was found when Locate ran (used by the leaky server,
	// whose populations depend on the load).
	exact bool
}

// Manifest is what the programs write with -manifest.
type Manifest struct {
	Program   string  `json:"program"`
	GoVersion string  `json:"go_version"`
	GOOS      string  `json:"goos"`
	GOARCH    string  `json:"goarch"`
	Pid       int     `json:"pid"`
	Sites     []*Site `json:"sites"`
}

// Registry holds the sites of one program.
type Registry struct {
	Program string

	mu    sync.Mutex
	sites []*Site
}

// Add declares a site whose population must be exactly count.
func (r *Registry) Add(name, state string, count int) *Site {
	s := &Site{Site: name, State: state, HeaderState: state, Count: count, exact: true}
	r.mu.Lock()
	r.sites = append(r.sites, s)
	r.mu.Unlock()
	return s
}

// AddOpen declares a site whose population is counted rather than known.
func (r *Registry) AddOpen(name, state string) *Site {
	s := &Site{Site: name, State: state, HeaderState: state}
	r.mu.Lock()
	r.sites = append(r.sites, s)
	r.mu.Unlock()
	return s
}

// Sites returns the declared sites in declaration order.
func (r *Registry) Sites() []*Site {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Site(nil), r.sites...)
}

// Enter must be called directly by the site function, on the goroutine
// that is about to block, before it blocks. The first call records the
// caller's function name and the goroutine's "created by" location.
func (s *Site) Enter() {
	var pcs [1]uintptr
	runtime.Callers(2, pcs[:])
	s.entered.Do(func() {
		f, _ := runtime.CallersFrames(pcs[:]).Next()
		fn := f.Function
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, false)]
		cbf, cbfile, cbline := parseCreatedBy(string(buf))
		fieldsMu.Lock()
		s.Function = fn
		s.CreatedByFunction, s.CreatedByFile, s.CreatedByLine = cbf, cbfile, cbline
		fieldsMu.Unlock()
	})
}

// fieldsMu orders the writes made by site goroutines before they block
// with the reads made by Locate and the manifest writer.
var fieldsMu sync.Mutex

// SetFrames records how deep the calling goroutine's stack is: the frames
// from the caller of SetFrames down to the goroutine's entry function,
// inclusive (runtime.goexit not counted). Deep sites call it just before
// blocking so the manifest says how many frames of the program's own code
// sit under the blocking call; the runtime adds its own frames on top.
func (s *Site) SetFrames() {
	pcs := make([]uintptr, 1<<14)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	count := 0
	for {
		f, more := frames.Next()
		if f.Function != "runtime.goexit" {
			count++
		}
		if !more {
			break
		}
	}
	fieldsMu.Lock()
	s.Frames = count
	fieldsMu.Unlock()
}

// parseCreatedBy reads the "created by" trailer of a single-goroutine
// stack as printed by runtime.Stack(buf, false).
func parseCreatedBy(stack string) (fn, file string, line int) {
	i := strings.Index(stack, "\ncreated by ")
	if i < 0 {
		return "", "", 0
	}
	rest := stack[i+len("\ncreated by "):]
	nl := strings.IndexByte(rest, '\n')
	if nl < 0 {
		return "", "", 0
	}
	fn = rest[:nl]
	if j := strings.Index(fn, " in goroutine "); j >= 0 {
		fn = fn[:j]
	}
	loc := strings.TrimLeft(rest[nl+1:], "\t")
	if k := strings.IndexByte(loc, '\n'); k >= 0 {
		loc = loc[:k]
	}
	if k := strings.Index(loc, " +0x"); k >= 0 {
		loc = loc[:k]
	}
	c := strings.LastIndexByte(loc, ':')
	if c < 0 {
		return fn, "", 0
	}
	line, _ = strconv.Atoi(loc[c+1:])
	return fn, loc[:c], line
}

// Locate walks the runtime's own goroutine profile and, for every site,
// finds the goroutines whose innermost frame in one of the site functions
// belongs to that site. It fills File and Line from those frames. It
// returns an error while any exact site is not yet fully in place.
func (r *Registry) Locate() error {
	fieldsMu.Lock()
	defer fieldsMu.Unlock()
	sites := r.Sites()
	byFn := map[string]*Site{}
	for _, s := range sites {
		if s.Function == "" {
			if s.exact {
				return fmt.Errorf("site %q: no goroutine has entered yet", s.Site)
			}
			continue
		}
		byFn[s.Function] = s
	}
	n, _ := runtime.GoroutineProfile(nil)
	var recs []runtime.StackRecord
	for {
		recs = make([]runtime.StackRecord, n+64)
		var ok bool
		n, ok = runtime.GoroutineProfile(recs)
		if ok {
			recs = recs[:n]
			break
		}
	}
	type where struct {
		file string
		line int
	}
	counts := map[*Site]int{}
	lines := map[*Site]map[where]int{}
	for i := range recs {
		stk := recs[i].Stack()
		frames := runtime.CallersFrames(stk)
		var hit *Site
		var at where
		for {
			f, more := frames.Next()
			if hit == nil {
				if s, ok := byFn[f.Function]; ok {
					hit, at = s, where{f.File, f.Line}
				}
			}
			if !more {
				break
			}
		}
		if hit == nil {
			continue
		}
		counts[hit]++
		if lines[hit] == nil {
			lines[hit] = map[where]int{}
		}
		lines[hit][at]++
	}
	var problems []string
	for _, s := range sites {
		if s.Function == "" {
			continue
		}
		if s.exact && counts[s] != s.Count {
			problems = append(problems, fmt.Sprintf("site %q: %d of %d goroutines in place", s.Site, counts[s], s.Count))
			continue
		}
		if !s.exact {
			s.Count = counts[s]
		}
		if len(lines[s]) > 1 {
			problems = append(problems, fmt.Sprintf("site %q: goroutines at %d different lines %v", s.Site, len(lines[s]), lines[s]))
			continue
		}
		for w := range lines[s] {
			s.File, s.Line = w.file, w.line
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// WaitParked calls Locate until every exact site is in place, then gives
// the goroutines a moment to finish parking and locates once more.
func (r *Registry) WaitParked(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := r.Locate()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return r.Locate()
}

// Manifest builds the manifest value.
func (r *Registry) Manifest() *Manifest {
	return &Manifest{
		Program:   r.Program,
		GoVersion: runtime.Version(),
		GOOS:      runtime.GOOS,
		GOARCH:    runtime.GOARCH,
		Pid:       os.Getpid(),
		Sites:     r.Sites(),
	}
}

// WriteManifest writes the manifest as indented JSON.
func (r *Registry) WriteManifest(path string) error {
	fieldsMu.Lock()
	defer fieldsMu.Unlock()
	b, err := json.MarshalIndent(r.Manifest(), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadManifest loads a manifest written by WriteManifest.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

var (
	minutesRe = regexp.MustCompile(`, \d+ minutes`)
	labelsRe  = regexp.MustCompile(` labels:\{.*\}$`)
)

// Goroutine is one goroutine block of a text dump, split just enough to
// check a manifest against it.
type Goroutine struct {
	ID     int
	Header string // text between the brackets
	Body   string
}

// SplitDump cuts a text dump into goroutine blocks. It is deliberately
// simple: it only serves to cross-check the manifests here.
func SplitDump(text string) []Goroutine {
	var out []Goroutine
	lines := strings.Split(text, "\n")
	cur := -1
	var body []string
	flush := func() {
		if cur >= 0 {
			out[cur].Body = strings.Join(body, "\n")
		}
		body = nil
	}
	for _, ln := range lines {
		// Go 1.27 prints pprof labels after the bracket: "[select] {k: v}:".
		end := len(ln) - 2
		if strings.HasPrefix(ln, "goroutine ") && strings.HasSuffix(ln, "}:") {
			if i := strings.Index(ln, "] {"); i > 0 {
				end = i
			}
		}
		if strings.HasPrefix(ln, "goroutine ") && (strings.HasSuffix(ln, "]:") || end != len(ln)-2) {
			open := strings.IndexByte(ln, '[')
			if open > 0 && open < end {
				flush()
				idField := strings.Fields(ln[len("goroutine "):open])
				id := 0
				if len(idField) > 0 {
					id, _ = strconv.Atoi(idField[0])
				}
				out = append(out, Goroutine{ID: id, Header: ln[open+1 : end]})
				cur = len(out) - 1
				continue
			}
		}
		if cur >= 0 {
			if ln == "" {
				flush()
				cur = -1
				continue
			}
			body = append(body, ln)
		}
	}
	flush()
	return out
}

// NormalizeHeader drops the parts of a header state that depend on time
// or on GODEBUG settings: ", N minutes" and " labels:{...}".
func NormalizeHeader(h string) string {
	h = labelsRe.ReplaceAllString(h, "")
	return minutesRe.ReplaceAllString(h, "")
}

// Verify checks a text dump against a manifest: every site must have
// exactly Count goroutines whose normalized header equals HeaderState and
// whose stack shows Function at File:Line. With leaked set, headers are
// expected to carry the " (leaked)" marker for sites marked Leaked.
func Verify(m *Manifest, text string, leaked bool) []string {
	gs := SplitDump(text)
	var problems []string
	for _, s := range m.Sites {
		want := s.HeaderState
		if leaked && s.Leaked {
			want = insertLeaked(want)
		}
		frame := "\n" + s.Function + "("
		loc := fmt.Sprintf("\t%s:%d", s.File, s.Line)
		n := 0
		seen := map[int]bool{}
		for _, g := range gs {
			// GOTRACEBACK=crash prints the goroutine running on each M a
			// second time, after the register dump of that M: count ids.
			if g.ID > 0 && seen[g.ID] {
				continue
			}
			if !strings.Contains("\n"+g.Body, frame) {
				continue
			}
			if !strings.Contains(g.Body, loc+" ") && !strings.HasSuffix(g.Body, loc) && !strings.Contains(g.Body, loc+"\n") {
				continue
			}
			if NormalizeHeader(g.Header) != want {
				problems = append(problems, fmt.Sprintf("site %q: goroutine %d has [%s], want [%s]", s.Site, g.ID, g.Header, want))
				continue
			}
			seen[g.ID] = true
			n++
		}
		if n != s.Count {
			problems = append(problems, fmt.Sprintf("site %q: %d goroutines match, manifest says %d", s.Site, n, s.Count))
		}
	}
	sort.Strings(problems)
	return problems
}

// insertLeaked puts " (leaked)" after the wait reason, before suffixes
// such as ", locked to thread", as the runtime does.
func insertLeaked(h string) string {
	if i := strings.Index(h, ","); i >= 0 {
		return h[:i] + " (leaked)" + h[i:]
	}
	return h + " (leaked)"
}
