// Shape of DefangLabs/defang#1625: the log tailer declared its error channel
// without make; goroutines that failed blocked forever sending on the nil
// channel and the caller waited forever for an error.
package main

import (
	"fmt"
	"strings"
)

func tailLogGroups(groups []string) error {
	var errChan chan error
	for _, g := range groups {
		go func(g string) {
			if strings.HasPrefix(g, "missing") {
				errChan <- fmt.Errorf("log group %s does not exist", g) // want LEAK004
			}
		}(g)
	}
	return <-errChan // want LEAK004
}

func main() {
	fmt.Println(tailLogGroups([]string{"missing/app"}))
}
