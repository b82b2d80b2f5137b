// Shape of longhorn/longhorn#6965: finding the latest backup copied a Backup
// struct, mutex included, by assignment (go vet: assignment copies lock value).
package main

import (
	"fmt"
	"sync"
	"time"
)

type backup struct {
	lock      sync.Mutex
	name      string
	createdAt time.Time
}

func latestBackup(backups []*backup) *backup {
	last := &backup{}
	for _, b := range backups {
		if b.createdAt.After(last.createdAt) {
			*last = *b // want LOCK006
		}
	}
	return last
}

func main() {
	bs := []*backup{{name: "b1", createdAt: time.Unix(10, 0)}, {name: "b2", createdAt: time.Unix(20, 0)}}
	fmt.Println(latestBackup(bs).name)
}
