package leakclean

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

var server *httptest.Server

func init() {
	server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
}

func TestFetch(t *testing.T) {
	body, err := Fetch(server.URL)
	if err != nil || body != "ok" {
		t.Fatalf("body %q, err %v", body, err)
	}
}
