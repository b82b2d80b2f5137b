package leak006

import (
	"context"
	"log"
	"time"
)

type Job struct{ ID int }

type Worker struct {
	jobs    chan Job
	results chan int
}

func (w *Worker) handle(j Job) int { return j.ID }

// A worker with an idle timeout: every job leaves a one-minute timer behind.
func (w *Worker) run(ctx context.Context) {
	for {
		select {
		case j := <-w.jobs:
			w.results <- w.handle(j)
		case <-time.After(time.Minute): // want LEAK006
			log.Print("idle")
		case <-ctx.Done():
			return
		}
	}
}

// A pipeline stage with a per-item send timeout.
func forward(in <-chan int, out chan<- int) {
	for v := range in {
		select {
		case out <- v:
		case <-time.After(5 * time.Second): // want LEAK006
			log.Printf("dropped %d", v)
		}
	}
}

// A batcher that flushes when the batch is full or a timeout passes.
func batch(in <-chan string, flush func([]string)) {
	var buf []string
	for {
		select {
		case s, ok := <-in:
			if !ok {
				flush(buf)
				return
			}
			buf = append(buf, s)
			if len(buf) == 100 {
				flush(buf)
				buf = nil
			}
		case <-time.After(time.Second): // want LEAK006
			flush(buf)
			buf = nil
		}
	}
}

// A poll with a default case: spins through timers (a counted loop: info).
func drain(ch <-chan int) int {
	n := 0
	for i := 0; i < 1000; i++ {
		select {
		case <-ch:
			n++
		case t := <-time.After(10 * time.Millisecond): // bounded: info // want LEAK006
			log.Print(t)
			return n
		default:
			time.Sleep(time.Millisecond)
		}
	}
	return n
}

// A bare break leaves only the select, not the loop (counted: info).
func waitAll(done <-chan struct{}, n int) {
	for i := 0; i < n; i++ {
		select {
		case <-done:
			break
		case <-time.After(time.Hour): // bounded: info // want LEAK006
			return
		}
	}
}

func NewWorker() *Worker { return &Worker{jobs: make(chan Job), results: make(chan int)} }
