// Shape of ory/hydra#1090: the token command discarded the cancel function of
// its context.WithTimeout (go vet: lostcancel).
package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

func exchangeToken(c *http.Client, url string) (int, error) {
	ctx, _ := context.WithTimeout(context.Background(), 5*time.Second) // want LEAK008
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func main() {
	fmt.Println(exchangeToken(&http.Client{Timeout: time.Second}, "http://127.0.0.1:1/oauth2/token"))
}
