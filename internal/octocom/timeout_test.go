package octocom

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

// hostile is a server that misbehaves in time: silent (never answers),
// or trickling (headers at once, then one byte of body every gap, for
// ever). It counts the requests it got.
type hostile struct {
	gap      time.Duration // 0: silent
	requests atomic.Int32
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	io.Copy(io.Discard, r.Body) // so that the server sees the client go
	if h.gap == 0 {
		<-r.Context().Done()
		return
	}
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, `{"data":[`)
	w.(http.Flusher).Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(h.gap):
		}
		if _, err := fmt.Fprint(w, " "); err != nil {
			return
		}
		w.(http.Flusher).Flush()
	}
}

// TestTimeLimitsStopHostileServers: a silent server and a trickling one
// are each stopped by the limit that applies, named in the error, after at
// most two attempts, on the fake clock of a synctest bubble.
func TestTimeLimitsStopHostileServers(t *testing.T) {
	for _, tt := range []struct {
		name     string
		gap      time.Duration
		method   string
		want     string
		attempts int32
		unknown  bool
	}{
		{"silent", 0, "GET", "GET /businesses?page=1: no answer within 30s (the header timeout)", 2, false},
		{"trickling slower than the idle timeout", 45 * time.Second, "GET", "GET /businesses?page=1: the answer stalled: no data within 30s (the idle timeout)", 2, false},
		{"trickling for ever", 10 * time.Second, "GET", "GET /businesses?page=1: the answer was not complete within 2m0s (the request timeout)", 2, false},
		{"silent to a create", 0, "POST", "POST /businesses/demo/articles: no answer within 30s (the header timeout): outcome unknown", 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := &hostile{gap: tt.gap}
				hc, stop := serveMem(t, h)
				defer stop()
				c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc})
				if err != nil {
					t.Fatal(err)
				}
				if tt.method == "POST" {
					_, err = c.Create(context.Background(), "demo", testArticle, provider.CreateOptions{IdempotencyKey: "k"})
				} else {
					_, err = c.Businesses(context.Background())
				}
				var te *TimeoutError
				if !errors.As(err, &te) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v\nwant a *TimeoutError saying %q", err, tt.want)
				}
				if got := h.requests.Load(); got != tt.attempts {
					t.Fatalf("%d attempts, want %d", got, tt.attempts)
				}
				if errors.Is(err, provider.ErrOutcomeUnknown) != tt.unknown {
					t.Fatalf("err = %v: outcome unknown should be %v", err, tt.unknown)
				}
			})
		})
	}
}

// TestCallerDeadlineIsNamed: the deadline of the caller's context (the
// command's --timeout) ends a call with its cause, not a bare "context
// deadline exceeded".
func TestCallerDeadlineIsNamed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &hostile{gap: 5 * time.Second}
		hc, stop := serveMem(t, h)
		defer stop()
		c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		cause := errors.New("octosync stopped after --timeout 1m0s")
		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Minute, cause)
		defer cancel()
		start := time.Now()
		_, err = c.Businesses(ctx)
		if !errors.Is(err, cause) || !strings.Contains(err.Error(), "GET /businesses?page=1: octosync stopped after --timeout 1m0s") {
			t.Fatalf("err = %v, want the deadline's cause", err)
		}
		if d := time.Since(start); d != time.Minute {
			t.Fatalf("stopped after %v of fake time, want the 1 m deadline", d)
		}
	})
}

// TestTLSErrorsAreNotRetried: a certificate the client cannot verify is
// not a lost connection; one attempt, an error that says TLS and what to do.
func TestTLSErrorsAreNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	var handshakes atomic.Int32
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		handshakes.Add(1)
		return nil, nil
	}}
	srv.StartTLS()
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL + "/rest/v1", APIKey: testKey, Sleep: (&sleeps{}).sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Businesses(context.Background())
	if err == nil || !strings.Contains(err.Error(), "TLS with the Octocom API at "+srv.URL+"/rest/v1 failed: tls: failed to verify certificate") ||
		!strings.Contains(err.Error(), "SSL_CERT_FILE") || strings.Contains(err.Error(), "connection lost") {
		t.Fatalf("err = %v", err)
	}
	if got := handshakes.Load(); got != 1 {
		t.Fatalf("%d handshakes, want 1: a certificate error is not retried", got)
	}
}
