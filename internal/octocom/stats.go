package octocom

import (
	"net/http"
	"sync/atomic"
)

// Stats counts what a Client sent since it was created. Every attempt is a
// request: a GET retried twice counts 3 in Requests and Get, 2 in Retries.
type Stats struct {
	Requests    int // attempts sent, all methods
	Get         int
	Post        int
	Put         int
	Delete      int
	Retries     int // attempts after the first of their call
	RateLimited int // 429 answers seen
}

// counters are the live, concurrently updated form of Stats.
type counters struct {
	get, post, put, del, other atomic.Int64
	retries, rateLimited       atomic.Int64
}

func (c *counters) sent(method string, attempt int) {
	switch method {
	case http.MethodGet:
		c.get.Add(1)
	case http.MethodPost:
		c.post.Add(1)
	case http.MethodPut:
		c.put.Add(1)
	case http.MethodDelete:
		c.del.Add(1)
	default:
		c.other.Add(1)
	}
	if attempt > 1 {
		c.retries.Add(1)
	}
}

func (c *counters) snapshot() Stats {
	s := Stats{
		Get:         int(c.get.Load()),
		Post:        int(c.post.Load()),
		Put:         int(c.put.Load()),
		Delete:      int(c.del.Load()),
		Retries:     int(c.retries.Load()),
		RateLimited: int(c.rateLimited.Load()),
	}
	s.Requests = s.Get + s.Post + s.Put + s.Delete + int(c.other.Load())
	return s
}
