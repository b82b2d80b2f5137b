// Shape of google/safebrowsing#35: the API client used http.DefaultClient,
// which has no timeout; a stuck server hung the caller forever.
package main

import (
	"bytes"
	"fmt"
	"net/http"
)

type netAPI struct {
	url string
}

func (a *netAPI) doRequest(body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, a.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req) // want LEAK011
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func main() {
	a := &netAPI{url: "http://127.0.0.1:1/v4/threatMatches:find"}
	fmt.Println(a.doRequest([]byte("{}")))
}
