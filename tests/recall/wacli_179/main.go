// Shape of openclaw/wacli#179 (fixes #176): media download workers deferred
// their recover at the top of the goroutine, outside the job loop; one panicking
// job ended the worker for good, and the pool drained to zero.
package main

import (
	"fmt"
	"log"
	"sync"
)

type mediaJob struct {
	chatJID string
	msgID   string
}

func downloadMediaJob(j mediaJob) {
	if j.msgID == "" {
		panic("empty message id")
	}
}

func startMediaWorkers(n int, jobs <-chan mediaJob, wg *sync.WaitGroup) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { // want LEAK013
				if r := recover(); r != nil {
					log.Printf("media worker panic: %v", r)
				}
			}()
			for j := range jobs {
				downloadMediaJob(j)
			}
		}()
	}
}

func main() {
	jobs := make(chan mediaJob, 2)
	var wg sync.WaitGroup
	startMediaWorkers(1, jobs, &wg)
	jobs <- mediaJob{chatJID: "1@s", msgID: ""}
	jobs <- mediaJob{chatJID: "1@s", msgID: "m2"}
	close(jobs)
	wg.Wait()
	fmt.Println("jobs left:", len(jobs))
}
