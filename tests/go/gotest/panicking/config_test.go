package panicking

import "testing"

func TestZeroConfig(t *testing.T) {
	var c config
	if c.values != nil {
		t.Fatal("not zero")
	}
}

func TestSet(t *testing.T) {
	var c config
	c.set("a", "b")
}
