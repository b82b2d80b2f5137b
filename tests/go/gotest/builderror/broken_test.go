package builderror

import "testing"

func TestCount(t *testing.T) {
	if count() != 3 {
		t.Fatal("count")
	}
}
