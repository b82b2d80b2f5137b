package sites

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseCreatedBy(t *testing.T) {
	stack := "goroutine 18 [running]:\nmain.f(...)\n\t/src/main.go:10 +0x25\n" +
		"created by main.startSites in goroutine 1\n\t/src/main.go:212 +0x105\n"
	fn, file, line := parseCreatedBy(stack)
	if fn != "main.startSites" || file != "/src/main.go" || line != 212 {
		t.Fatalf("got %q %q %d", fn, file, line)
	}
	if fn, _, _ := parseCreatedBy("goroutine 1 [running]:\nmain.main()\n\t/x.go:1 +0x1\n"); fn != "" {
		t.Fatalf("main goroutine has no creator, got %q", fn)
	}
}

func TestNormalizeHeader(t *testing.T) {
	cases := map[string]string{
		"chan receive, 5 minutes":                         "chan receive",
		"chan receive, 12 minutes, locked to thread":      "chan receive, locked to thread",
		`select labels:{"site": "labels", "worker": "0"}`: "select",
		"chan send (leaked)":                              "chan send (leaked)",
	}
	for in, want := range cases {
		if got := NormalizeHeader(in); got != want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckedInSamples keeps tests/data and examples honest: every text
// capture must still match the manifest captured with it.
func TestCheckedInSamples(t *testing.T) {
	data := filepath.Join("..", "..", "..", "data")
	examples := filepath.Join("..", "..", "..", "..", "examples")
	pairs := []struct {
		dump, manifest string
		leaked         bool
	}{
		{"states.debug2.txt", "states.manifest.json", false},
		{"states.stack.txt", "states.manifest.json", false},
		{"states.stack.tracebacklabels.txt", "states.manifest.json", false},
		{"states.panic.txt", "states.manifest.json", false},
		{"states.sigquit-all.txt", "states.manifest.json", false},
		{"states.sigquit-system.txt", "states.manifest.json", false},
		{"states.sigquit-crash.txt", "states.manifest.json", false},
		{"deadlock.txt", "deadlock.manifest.json", false},
		{"leakprof.debug2.txt", "leakprof.manifest.json", true},
	}
	for _, p := range pairs {
		checkPair(t, filepath.Join(data, p.dump), filepath.Join(data, p.manifest), p.leaked)
	}
	checkPair(t, filepath.Join(examples, "leaky-server.debug2.txt"), filepath.Join(examples, "leaky-server.manifest.json"), false)
}

func checkPair(t *testing.T, dump, manifest string, leaked bool) {
	t.Helper()
	m, err := ReadManifest(manifest)
	if os.IsNotExist(err) {
		t.Skipf("%s not captured yet", manifest)
	}
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Verify(m, string(text), leaked) {
		t.Errorf("%s: %s", dump, p)
	}
}
