package backoff

import (
	"testing"
	"time"
)

// Table-driven and parallel, as such tests usually are: the early attempts
// pass, the large ones fail once the shift overflows.
func TestDelay(t *testing.T) {
	cases := []struct {
		name    string
		attempt int
		want    time.Duration
	}{
		{"first", 0, 100 * time.Millisecond},
		{"third", 2, 400 * time.Millisecond},
		{"capped", 10, time.Minute},
		{"attempt64", 64, time.Minute},
		{"attempt100", 100, time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Delay(100*time.Millisecond, time.Minute, tc.attempt)
			if got != tc.want {
				t.Errorf("Delay(attempt %d) = %v, want %v\nthe caller would retry without waiting",
					tc.attempt, got, tc.want)
			}
		})
	}
}

// Nested subtests: the failure is two levels down.
func TestDelayNeverShrinks(t *testing.T) {
	t.Run("base100ms", func(t *testing.T) {
		t.Run("upTo30", func(t *testing.T) {
			for a := 1; a <= 30; a++ {
				if Delay(100*time.Millisecond, time.Minute, a) < Delay(100*time.Millisecond, time.Minute, a-1) {
					t.Fatalf("delay shrinks at attempt %d", a)
				}
			}
		})
		t.Run("upTo70", func(t *testing.T) {
			for a := 1; a <= 70; a++ {
				if Delay(100*time.Millisecond, time.Minute, a) < Delay(100*time.Millisecond, time.Minute, a-1) {
					t.Fatalf("delay shrinks at attempt %d", a)
				}
			}
		})
	})
	t.Run("zeroBase", func(t *testing.T) {
		t.Skip("a zero base means no backoff; nothing to check")
	})
}

func TestDelayLogsSchedule(t *testing.T) {
	for a := 0; a < 3; a++ {
		t.Logf("attempt %d waits %v", a, Delay(time.Second, time.Minute, a))
	}
}
