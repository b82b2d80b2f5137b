// Shape of stevenjack/cig#34: each repository check ran in a goroutine that
// called wg.Done only at its end; a check that bailed out early left the
// WaitGroup counting and the program deadlocked.
package main

import (
	"fmt"
	"os/exec"
	"sync"
)

func check(path string, wg *sync.WaitGroup, out chan<- string) {
	cmd := exec.Command("git", "-C", path, "status", "--porcelain")
	b, err := cmd.Output()
	if err != nil {
		return
	}
	out <- fmt.Sprintf("%s: %d bytes of changes", path, len(b))
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	out := make(chan string, 8)
	for _, p := range []string{"/tmp/a", "/tmp/b"} {
		wg.Add(1)
		go check(p, &wg, out) // want LEAK010
	}
	wg.Wait()
	close(out)
	for s := range out {
		fmt.Println(s)
	}
}
