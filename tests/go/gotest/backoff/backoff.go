// Package backoff has the shape of hemilabs/heminetwork#664: a retry delay
// computed as base * (1 << attempt) and capped afterwards. Past attempt 63
// or so the shift overflows, the product wraps to zero or a negative value,
// the cap never applies, and the caller retries in a hot loop.
package backoff

import "time"

// Delay is how long to wait before retry number attempt (0-based).
func Delay(base, max time.Duration, attempt int) time.Duration {
	d := base * (1 << attempt)
	if d > max {
		d = max
	}
	return d
}
