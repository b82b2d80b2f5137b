// Shape of cockroachdb/cockroach#16167: the SQL executor read-locked the
// system config while executing a statement, and preparing it read the
// database cache through a method that read-locks the same mutex; a gossip
// update waiting for the write lock in between deadlocked both.
package main

import (
	"fmt"
	"sync"
)

type executor struct {
	systemConfigMu sync.RWMutex
	systemConfig   map[string]int
	databaseCache  map[string]int
}

func (e *executor) getDatabaseCache() map[string]int {
	e.systemConfigMu.RLock()
	defer e.systemConfigMu.RUnlock()
	return e.databaseCache
}

func (e *executor) prepare(stmt string) int {
	return len(e.getDatabaseCache()) + len(stmt)
}

func (e *executor) execParsed(stmt string) int {
	e.systemConfigMu.RLock()
	defer e.systemConfigMu.RUnlock()
	return e.prepare(stmt) // want LOCK004
}

func (e *executor) updateSystemConfig(cfg map[string]int) {
	e.systemConfigMu.Lock()
	defer e.systemConfigMu.Unlock()
	e.systemConfig = cfg
	e.databaseCache = map[string]int{}
}

func main() {
	e := &executor{databaseCache: map[string]int{"system": 1}}
	go e.updateSystemConfig(map[string]int{})
	fmt.Println(e.execParsed("SELECT 1"))
}
