package lockorder

import (
	"sync"
	"testing"
)

func TestCommitAlone(t *testing.T) {
	var p sync.WaitGroup
	s := &store{pause: &p}
	p.Add(1)
	s.commit()
}

func TestProgressDuringCommit(t *testing.T) {
	var p sync.WaitGroup
	p.Add(2)
	s := &store{pause: &p}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); s.progress() }()
	go func() { defer wg.Done(); s.commit() }()
	wg.Wait()
}
