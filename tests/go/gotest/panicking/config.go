// Package panicking has the shape of a common test panic: a struct's map is
// never made, and the first write panics (golang/go#3117 discusses the
// message "assignment to entry in nil map").
package panicking

type config struct{ values map[string]string }

func (c *config) set(k, v string) {
	c.values[k] = v
}
