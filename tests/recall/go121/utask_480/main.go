// Shape of ovh/utask#480: the engine pushed runnable steps from goroutines
// that captured the loop variable; the last step was pushed in place of a
// foreach step, which then never ran.
package main

import (
	"fmt"
	"time"
)

type step struct{ name string }

func runAvailableSteps(steps []step, out chan<- string) {
	for _, s := range steps {
		go func() { // want RT007
			out <- s.name
		}()
	}
}

func main() {
	out := make(chan string, 3)
	runAvailableSteps([]step{{"foreach"}, {"notify"}}, out)
	time.Sleep(10 * time.Millisecond)
	fmt.Println(len(out))
}
