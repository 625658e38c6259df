package sandbox

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// LoggedRequest is one API request in the request log.
type LoggedRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`  // without the query
	Query  string `json:"query"` // the raw query, "" when none
	// Status is the status sent; 0 when no response was sent: the
	// connection was dropped by an injected fault (or the request is still
	// being served).
	Status int       `json:"status"`
	Time   time.Time `json:"time"` // arrival, by Options.Now
	// Fault is the injected fault, if any: "before", "after" or "drop".
	Fault string `json:"fault,omitempty"`
}

// maxLogged bounds the request log of a long-running sandbox: past it, the
// oldest entries are forgotten.
const maxLogged = 100_000

// requestLog records API requests in arrival order, the last maxLogged of
// them. Requests to /_sandbox/ are not logged.
type requestLog struct {
	mu      sync.Mutex
	entries []*LoggedRequest
}

// add logs a request on arrival; finish completes its entry.
func (l *requestLog) add(r *http.Request, now time.Time) *LoggedRequest {
	e := &LoggedRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Time: now}
	l.mu.Lock()
	if len(l.entries) >= maxLogged {
		l.entries = slices.Delete(l.entries, 0, maxLogged/10) // amortized: forget a tenth at once
	}
	l.entries = append(l.entries, e)
	l.mu.Unlock()
	return e
}

func (l *requestLog) finish(e *LoggedRequest, status int, fault faultMode) {
	l.mu.Lock()
	e.Status, e.Fault = status, fault.String()
	l.mu.Unlock()
}

func (l *requestLog) list() []LoggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]LoggedRequest, len(l.entries))
	for i, e := range l.entries {
		out[i] = *e
	}
	return out
}

func (l *requestLog) clear() {
	l.mu.Lock()
	l.entries = nil
	l.mu.Unlock()
}
