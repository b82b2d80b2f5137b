// Shape of sabloger/sitemap-generator#10: saving sitemaps fanned out one
// goroutine per sitemap; a goroutine that returned early on an error skipped
// wg.Done, so the Wait never returned.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

type sitemapIndex struct {
	dir      string
	sitemaps map[string][]byte
	wg       sync.WaitGroup
}

func (s *sitemapIndex) saveSitemaps() {
	for name, data := range s.sitemaps {
		s.wg.Add(1)
		go func(name string, data []byte) { // want LEAK010
			f, err := os.Create(filepath.Join(s.dir, name))
			if err != nil {
				fmt.Println(err)
				return
			}
			f.Write(data)
			f.Close()
			s.wg.Done()
		}(name, data)
	}
	s.wg.Wait()
}

func main() {
	s := &sitemapIndex{dir: "/nonexistent", sitemaps: map[string][]byte{"a.xml": nil}}
	s.saveSitemaps()
}
