package wgdeadlock

import "testing"

func TestUploadAllGood(t *testing.T) {
	if errs := uploadAll([]string{"a", "b"}); len(errs) != 0 {
		t.Fatal(errs)
	}
}

func TestUploadAllWithEmpty(t *testing.T) {
	uploadAll([]string{"a", ""})
}

func TestUploadSkipped(t *testing.T) {
	t.Skip("needs a real server")
}
