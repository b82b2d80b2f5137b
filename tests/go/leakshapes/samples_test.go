package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopit.test/go/internal/sites"
)

// TestCheckedInSamples keeps the leakshapes.* captures in tests/data
// honest: each handler-timeout dump matches the manifest with the
// population of its step, and the late dump shows ", 1 minutes".
func TestCheckedInSamples(t *testing.T) {
	data := filepath.Join("..", "..", "data")
	path := filepath.Join(data, "leakshapes.handler-timeout.manifest.json")
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s not captured yet", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		sites.Manifest
		StepCounts []int `json:"step_counts"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Sites) != 1 || len(m.StepCounts) != 3 || m.Sites[0].Count != m.StepCounts[2] {
		t.Fatalf("unexpected manifest: %d sites, step counts %v", len(m.Sites), m.StepCounts)
	}
	for i := 0; i < 3; i++ {
		if i > 0 && m.StepCounts[i] <= m.StepCounts[i-1] {
			t.Errorf("step counts do not grow: %v", m.StepCounts)
		}
		// One manifest per step: the same site with that step's population.
		var step sites.Manifest
		if err := json.Unmarshal(raw, &step); err != nil {
			t.Fatal(err)
		}
		step.Sites[0].Count = m.StepCounts[i]
		check(t, filepath.Join(data, fmt.Sprintf("leakshapes.handler-timeout.%d.txt", i+1)), &step)
	}
	waited := filepath.Join(data, "leakshapes.handler-timeout.waited.txt")
	check(t, waited, &m.Manifest)
	text, _ := os.ReadFile(waited)
	if n := strings.Count(string(text), " [chan send, 1 minutes]:\n"); n != m.Sites[0].Count {
		t.Errorf("%s: %d goroutines in [chan send, 1 minutes], want %d", waited, n, m.Sites[0].Count)
	}
}

func check(t *testing.T, dump string, m *sites.Manifest) {
	t.Helper()
	text, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range sites.Verify(m, string(text), false) {
		t.Errorf("%s: %s", dump, p)
	}
}
