package rt006

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"
)

// The body is a function: each turn's defer runs at the end of the turn.
func totalSizeFixed(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		n, err := sizeOf(p)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func sizeOf(p string) (int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// A func literal called per turn owns its defers.
func (c *counter) addAllFixed(keys []string) {
	for _, k := range keys {
		func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.n[k]++
		}()
	}
}

// The defer is followed by a return on every path: it runs once.
func firstReadable(paths []string) (*os.File, []byte, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		buf := make([]byte, 512)
		n, err := f.Read(buf)
		if err != nil {
			return nil, nil, err
		}
		return f, buf[:n], nil
	}
	return nil, nil, errors.New("none readable")
}

// A retry loop that breaks out once it holds the lock.
func lockWithRetry(mu *sync.Mutex, try func() bool, work func()) {
	for attempt := 0; attempt < 3; attempt++ {
		if !try() {
			time.Sleep(time.Millisecond)
			continue
		}
		mu.Lock()
		defer mu.Unlock()
		work()
		break
	}
}

// Workers started in a loop: the defer is inside each goroutine.
func startWorkers(ctx context.Context, n int, wg *sync.WaitGroup, run func(context.Context)) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(ctx)
		}()
	}
}
