// Shape of google/cadvisor#2549: the runner started a housekeeping call in a
// goroutine that signalled "done" on an unbuffered channel and waited for it
// with a timeout. After a timeout nobody received, so the goroutine leaked.
package main

import (
	"fmt"
	"time"
)

type collector struct{ name string }

func (c *collector) collect() error {
	time.Sleep(5 * time.Millisecond)
	return nil
}

func runWithTimeout(c *collector, d time.Duration) error {
	done := make(chan error)
	go func() {
		done <- c.collect() // want LEAK001
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("collector %s timed out after %v", c.name, d)
	}
}

func main() {
	fmt.Println(runWithTimeout(&collector{name: "disk"}, time.Millisecond))
}
