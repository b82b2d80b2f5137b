// Shape of Unleash/unleash-go-sdk#31: the metrics client posted its
// registration and its metrics and never closed the response bodies, leaking
// the connection's read and write goroutines on every call.
package main

import (
	"bytes"
	"fmt"
	"net/http"
	"time"
)

type metrics struct {
	client *http.Client
	url    string
	errors int
}

func (m *metrics) registerInstance(payload []byte) {
	resp, err := m.client.Post(m.url+"/client/register", "application/json", bytes.NewReader(payload)) // want LEAK007
	if err != nil {
		m.errors++
		return
	}
	if resp.StatusCode >= 300 {
		m.errors++
	}
}

func main() {
	m := &metrics{client: &http.Client{Timeout: 10 * time.Second}, url: "http://127.0.0.1:1"}
	m.registerInstance([]byte(`{"appName":"demo"}`))
	fmt.Println(m.errors)
}
