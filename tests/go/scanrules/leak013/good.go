package leak013

import (
	"bufio"
	"log"
	"net"
	"os"
)

// Recovered around each job: the worker survives.
func SafePool(n int, jobs <-chan Job) {
	for i := 0; i < n; i++ {
		go func() {
			for job := range jobs {
				func() {
					defer func() {
						if r := recover(); r != nil {
							log.Printf("job %d: %v", job.ID, r)
						}
					}()
					job.Run()
				}()
			}
		}()
	}
}

// The worker restarts itself after a panic.
type Supervisor struct {
	jobs chan Job
}

func (s *Supervisor) Start() {
	go s.work()
}

func (s *Supervisor) work() {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("restarting worker: %v", r)
			go s.work()
		}
	}()
	for job := range s.jobs {
		job.Run()
	}
}

// The panic is logged and raised again: the process still crashes.
func Relay(jobs <-chan Job) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("relay: %v", r)
				panic(r)
			}
		}()
		for job := range jobs {
			job.Run()
		}
	}()
}

// The process exits on a panic.
func Critical(jobs <-chan Job) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("critical worker: %v", r)
				os.Exit(2)
			}
		}()
		for job := range jobs {
			job.Run()
		}
	}()
}

// A one-shot goroutine, not a worker loop: recovering ends nothing that
// would have gone on.
func Once(job Job, done chan<- error) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		done <- job.Run()
	}()
}

// A range over a slice is a batch, not a worker.
func Batch(jobs []Job) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		for _, job := range jobs {
			job.Run()
		}
	}()
}

// A connection's serve loop: a panic ends this connection only, which is
// the intended clean-up, not a pool losing a worker.
func Serve(ln net.Listener, handle func(string) string) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Printf("conn %v: %v", conn.RemoteAddr(), r)
				}
				conn.Close()
			}()
			rd := bufio.NewReader(conn)
			for {
				line, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				conn.Write([]byte(handle(line)))
			}
		}()
	}
}

func NewSupervisor() *Supervisor { return &Supervisor{jobs: make(chan Job)} }
