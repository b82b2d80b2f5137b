package main

import (
	"os"
	"path/filepath"
	"testing"

	"gopit.test/go/internal/sites"
)

// TestCheckedInSamples keeps the diagshapes captures in tests/data honest:
// every text capture must still match the manifest captured with it.
func TestCheckedInSamples(t *testing.T) {
	data := filepath.Join("..", "..", "data")
	pairs := []struct{ dump, manifest string }{
		{"diagshapes.http-body-leak.txt", "diagshapes.http-body-leak.manifest.json"},
		{"diagshapes.http-transport-leak.txt", "diagshapes.http-transport-leak.manifest.json"},
		{"diagshapes.server-idle-conns.txt", "diagshapes.server-idle-conns.manifest.json"},
		{"diagshapes.server-idle-conns-long.txt", "diagshapes.server-idle-conns-long.manifest.json"},
		{"diagshapes.finalizer-lock.txt", "diagshapes.finalizer-lock.manifest.json"},
		{"diagshapes.finalizer-lock.sigquit-system.txt", "diagshapes.finalizer-lock-sigquit.manifest.json"},
		{"diagshapes.lock-pileup.txt", "diagshapes.lock-pileup.manifest.json"},
		{"diagshapes.lock-pileup-long.txt", "diagshapes.lock-pileup-long.manifest.json"},
		{"diagshapes.locked-threads.txt", "diagshapes.locked-threads.manifest.json"},
		{"diagshapes.long-syscall.txt", "diagshapes.long-syscall.manifest.json"},
		{"diagshapes.long-syscall-long.txt", "diagshapes.long-syscall-long.manifest.json"},
	}
	for _, p := range pairs {
		m, err := sites.ReadManifest(filepath.Join(data, p.manifest))
		if os.IsNotExist(err) {
			t.Skipf("%s not captured yet", p.manifest)
		}
		if err != nil {
			t.Fatal(err)
		}
		text, err := os.ReadFile(filepath.Join(data, p.dump))
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range sites.Verify(m, string(text), false) {
			t.Errorf("%s: %s", p.dump, problem)
		}
	}
}
