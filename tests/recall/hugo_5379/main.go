// Shape of gohugoio/hugo#5379: page content initialisation ran under the
// page's content-init mutex and, through the word-count path, called an
// initialiser that takes the same mutex when asked to lock.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type page struct {
	contentInitMu sync.Mutex
	content       string
	plain         string
	words         int
}

func (p *page) initPlain(lock bool) {
	if lock {
		p.contentInitMu.Lock()
		defer p.contentInitMu.Unlock()
	}
	p.plain = strings.ToLower(p.content)
}

func (p *page) WordCount() int {
	p.initPlain(true)
	p.words = len(strings.Fields(p.plain))
	return p.words
}

func (p *page) initContent() {
	p.contentInitMu.Lock()
	defer p.contentInitMu.Unlock()
	p.content = "Hello shortcodes"
	p.WordCount() // want LOCK003
}

func main() {
	p := &page{}
	p.initContent()
	fmt.Println(p.words)
}
