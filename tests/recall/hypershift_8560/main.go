// Shape of openshift/hypershift#8560: a health check of the API server
// endpoint, run from a reconcile loop every few seconds, never closed the
// response body; each call leaked a connection and its goroutines.
package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

func healthCheckEndpoint(ctx context.Context, c *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req) // want LEAK007
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("endpoint unhealthy: %d", resp.StatusCode)
	}
	return nil
}

func main() {
	c := &http.Client{Timeout: 5 * time.Second}
	fmt.Println(healthCheckEndpoint(context.Background(), c, "http://127.0.0.1:1"))
}
