// Shape of mozilla/crlite#168: the CRL downloader built its http.Client with
// no Timeout, and one unresponsive server hung the aggregation task.
package main

import (
	"fmt"
	"io"
	"net/http"
)

type downloader struct {
	client *http.Client
}

func newDownloader(tr *http.Transport) *downloader {
	return &downloader{client: &http.Client{Transport: tr}} // want LEAK011
}

func (d *downloader) fetch(url string) ([]byte, error) {
	resp, err := d.client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func main() {
	d := newDownloader(&http.Transport{})
	_, err := d.fetch("http://127.0.0.1:1/crl")
	fmt.Println(err)
}
