package leak007

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// The usual shape: error check, then defer.
func (c *APIClient) List() ([]Item, error) {
	resp, err := c.http.Get(c.base + "/items")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("list: %s", resp.Status)
	}
	var items []Item
	err = json.NewDecoder(resp.Body).Decode(&items)
	return items, err
}

// The response goes back to the caller, who closes it.
func (c *APIClient) Raw(path string) (*http.Response, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("raw %s: %s", path, resp.Status)
	}
	return resp, nil
}

// A helper of the package drains and closes the body.
func drainAndClose(body io.ReadCloser) {
	io.Copy(io.Discard, body)
	body.Close()
}

func submit(c *http.Client, u string, form url.Values) error {
	resp, err := c.PostForm(u, form)
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("submit: %s", resp.Status)
	}
	return nil
}

// Closed on each path by hand.
func status(url string) (int, error) {
	resp, err := defaultClient.Get(url)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusNotFound {
		resp.Body.Close()
		return 0, nil
	}
	code := resp.StatusCode
	resp.Body.Close()
	return code, nil
}

// The body is handed to a stream reader stored in a struct.
type stream struct {
	body io.ReadCloser
}

func open(c *http.Client, url string) (*stream, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	return &stream{body: resp.Body}, nil
}

// Deferred close in a closure, after a nil check in the error path.
func fetchBytes(c *http.Client, req *http.Request) (b []byte, err error) {
	resp, err := c.Do(req)
	defer func() {
		if resp != nil {
			resp.Body.Close()
		}
	}()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// A retry loop that closes the response it gives up on.
func fetchRetrying(c *http.Client, url string) (*http.Response, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.Get(url)
		if err != nil {
			lastErr = err
			continue
		}
		if resp.StatusCode >= 500 {
			resp.Body.Close()
			lastErr = fmt.Errorf("attempt %d: %s", attempt, resp.Status)
			continue
		}
		return resp, nil
	}
	return nil, lastErr
}

// err == nil guards the close.
func touch(url string) {
	resp, err := defaultClient.Get(url)
	if err == nil {
		resp.Body.Close()
	}
}

// Retried once with credentials on 401; the error check comes after both
// calls and the response goes back to the caller.
func getAuthorized(c *http.Client, req *http.Request, token string) (*http.Response, error) {
	resp, err := c.Do(req)
	if err == nil && resp.StatusCode == http.StatusUnauthorized {
		resp.Body.Close()
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err = c.Do(req)
	}
	if err != nil {
		return nil, err
	}
	return resp, nil
}
