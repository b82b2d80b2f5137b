package subtesthang

import "testing"

func check(t *testing.T, c *cache) {
	t.Parallel()
	c.mu.Lock() // seeding the fixture
	c.m = map[string]string{"a": "1"}
	t.Run("lookup", func(t *testing.T) {
		if c.get("a") != "1" {
			t.Error("lost the entry")
		}
	})
	c.mu.Unlock()
}

func TestCacheGet(t *testing.T)   { check(t, &cache{}) }
func TestCacheReget(t *testing.T) { check(t, &cache{}) }

func TestCacheEmpty(t *testing.T) {
	if (&cache{}).get("a") != "" {
		t.Fatal("not empty")
	}
}
