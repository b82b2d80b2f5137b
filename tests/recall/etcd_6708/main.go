// Shape of etcd-io/etcd#6708: the v2 HTTP cluster client's Sync held the
// client's write lock while asking the members API for the leader, and that
// request went through the client's own Do, which read-locks it.
package main

import (
	"context"
	"fmt"
	"sync"
)

type httpClusterClient struct {
	sync.RWMutex
	endpoints    []string
	pinned       int
	preferLeader bool
}

type membersAPI struct {
	client *httpClusterClient
}

func (c *httpClusterClient) Do(ctx context.Context, path string) (string, error) {
	c.RLock()
	ep := c.endpoints[c.pinned]
	c.RUnlock()
	return ep + path, nil
}

func (m *membersAPI) Leader(ctx context.Context) (string, error) {
	return m.client.Do(ctx, "/v2/members/leader")
}

func (c *httpClusterClient) Sync(ctx context.Context) error {
	c.Lock()
	defer c.Unlock()
	if c.preferLeader {
		api := &membersAPI{client: c}
		leader, err := api.Leader(ctx) // want LOCK003
		if err != nil {
			return err
		}
		c.endpoints = []string{leader}
	}
	return nil
}

func main() {
	c := &httpClusterClient{endpoints: []string{"http://127.0.0.1:2379"}, preferLeader: true}
	fmt.Println(c.Sync(context.Background()))
}
