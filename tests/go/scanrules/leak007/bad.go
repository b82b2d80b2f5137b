package leak007

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

type Item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type APIClient struct {
	base string
	http *http.Client
}

// The early return on a bad status leaves the body open.
func (c *APIClient) Item(id string) (*Item, error) {
	resp, err := c.http.Get(c.base + "/items/" + id) // want LEAK007
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get item %s: %s", id, resp.Status)
	}
	defer resp.Body.Close()
	var it Item
	if err := json.NewDecoder(resp.Body).Decode(&it); err != nil {
		return nil, err
	}
	return &it, nil
}

// Reads the body but never closes it.
func healthy(url string) bool {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(url) // want LEAK007
	if err != nil {
		return false
	}
	b, _ := io.ReadAll(resp.Body)
	return strings.TrimSpace(string(b)) == "ok"
}

// A poller: the response is thrown away.
func ping(c *http.Client, url string) error {
	_, err := c.Get(url) // want LEAK007
	return err
}

// Closed after reading, but the read error returns first.
func (c *APIClient) Post(path string, body io.Reader) ([]byte, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+path, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req) // want LEAK007
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return data, nil
}

// A retry loop that overwrites the previous response without closing it.
func fetchWithRetry(c *http.Client, url string) (*http.Response, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.Get(url) // want LEAK007
		if err != nil {
			lastErr = err
			continue
		}
		if resp.StatusCode >= 500 {
			lastErr = errors.New(resp.Status)
			continue
		}
		return resp, nil
	}
	return nil, lastErr
}

// A webhook sender: status checked, body never closed.
func notify(url string, payload string) error {
	resp, err := defaultClient.Post(url, "application/json", strings.NewReader(payload)) // want LEAK007
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook: %s", resp.Status)
	}
	return nil
}

// Requests in this package go through a client with a timeout.
var defaultClient = &http.Client{Timeout: 10 * time.Second}
