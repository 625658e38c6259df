package octocom

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"
)

// memNet is an in-memory network for tests that run in a testing/synctest
// bubble: real HTTP over net.Pipe, so that the bubble's fake clock moves
// whenever client and server both wait, and no test waits in real time.
type memNet struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newMemNet() *memNet {
	return &memNet{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (n *memNet) Accept() (net.Conn, error) {
	select {
	case c := <-n.conns:
		return c, nil
	case <-n.done:
		return nil, net.ErrClosed
	}
}

func (n *memNet) Close() error {
	n.once.Do(func() { close(n.done) })
	return nil
}

func (n *memNet) Addr() net.Addr { return memAddr{} }

func (n *memNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case n.conns <- server:
		return client, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-n.done:
		return nil, net.ErrClosed
	}
}

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "api.test:80" }

// memBaseURL is the API root of a handler served by serveMem.
const memBaseURL = "http://api.test/rest/v1"

// serveMem serves h on an in-memory network and returns an HTTP client for
// it. Call it inside the bubble; the returned stop closes both ends, and
// must run before the bubble's function returns.
func serveMem(t *testing.T, h http.Handler) (hc *http.Client, stop func()) {
	t.Helper()
	n := newMemNet()
	srv := &http.Server{Handler: h}
	go srv.Serve(n)
	tr := &http.Transport{DialContext: n.dial}
	return &http.Client{Transport: tr}, func() {
		tr.CloseIdleConnections()
		srv.Close()
	}
}
