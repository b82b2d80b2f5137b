// Shape of folbricht/desync#29: the HTTP chunk store's client had a zero
// timeout, so over an unreliable network a request could hang the process.
package main

import (
	"fmt"
	"net/http"
)

type remoteHTTP struct {
	base   string
	client *http.Client
}

func newRemoteHTTP(base string) *remoteHTTP {
	client := &http.Client{ // want LEAK011
		Transport: &http.Transport{MaxIdleConnsPerHost: 16},
	}
	return &remoteHTTP{base: base, client: client}
}

func (r *remoteHTTP) HasChunk(id string) (bool, error) {
	resp, err := r.client.Head(r.base + "/" + id)
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK, nil
}

func main() {
	fmt.Println(newRemoteHTTP("http://127.0.0.1:1/store").HasChunk("abc"))
}
