// Shape of containerd/containerd#11042: ListPodSandboxStats started one
// goroutine per sandbox that read the loop variable; before Go 1.22 they all
// shared it and collected stats for the wrong sandbox.
package main

import (
	"fmt"
	"sync"
)

type sandbox struct{ id string }

func listPodSandboxStats(sandboxes []sandbox) []string {
	stats := make([]string, len(sandboxes))
	var wg sync.WaitGroup
	for i, sb := range sandboxes {
		wg.Add(1)
		go func() { // want RT007
			defer wg.Done()
			stats[i] = "stats of " + sb.id
		}()
	}
	wg.Wait()
	return stats
}

func main() {
	fmt.Println(listPodSandboxStats([]sandbox{{"a"}, {"b"}, {"c"}}))
}
