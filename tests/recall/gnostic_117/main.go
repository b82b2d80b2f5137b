// Shape of google/gnostic#117: the document fetcher returned an error on a
// non-200 status without closing the response body, leaking the connection.
package main

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 30 * time.Second}

func fetchFile(url string) ([]byte, error) {
	resp, err := client.Get(url) // want LEAK007
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("error downloading %s: %s", url, resp.Status)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func main() {
	_, err := fetchFile("http://127.0.0.1:1/openapi.yaml")
	fmt.Println(err)
}
