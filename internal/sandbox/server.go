package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// BasePath is the path prefix of every route of the API.
const BasePath = "/rest/v1"

// adminPrefix is the path prefix of the sandbox's own endpoints, which are
// not part of the API contract.
const adminPrefix = "/_sandbox/"

// DefaultPageSize is the page size of every list unless Options.PageSize
// says otherwise; the real API chooses 50.
const DefaultPageSize = 50

// Options configures a Server. The zero value is a memory-only sandbox with
// the default organization and no latency, rate limit or faults.
type Options struct {
	// Seed is the initial content of a sandbox that has no data file yet;
	// nil means one organization with API key "sandbox-key" and one
	// business "demo" named "Demo".
	Seed *Seed
	// DataFile persists the state; "" keeps it in memory only. When the file
	// exists it is loaded and wins over Seed. The Server holds an exclusive
	// lock on DataFile + ".lock" until Close (see New).
	DataFile string
	// Latency is added to every API request.
	Latency time.Duration
	// RateLimit is the sustained number of requests per second allowed per
	// API key; 0 turns rate limiting off.
	RateLimit float64
	// Burst is the token bucket's capacity; 0 means max(1, int(RateLimit)).
	Burst int
	// PageSize is the page size of every list; 0 means DefaultPageSize.
	PageSize int
	// FailRate is the probability (0 to 1) that an API request fails by an
	// injected fault; FaultSeed seeds the faults' random source.
	FailRate  float64
	FaultSeed int64
	// BotFlakyEvery makes the bot unreliable on purpose, so that tests of
	// repeated conversations (repeat and passRate) have something to
	// measure: every BotFlakyEvery-th conversation started (counting from
	// 1) hands off on every message. 0 turns it off.
	BotFlakyEvery int
	// Now is the clock of timestamps, truncated to seconds; nil means
	// time.Now.
	Now func() time.Time
}

// Server is the sandbox: an http.Handler serving the API under BasePath and
// the sandbox endpoints under /_sandbox/. It is safe for concurrent use.
type Server struct {
	opts     Options
	pageSize int

	mu      sync.RWMutex // guards st, persist's state and lock
	st      *store
	persist *persister // nil: memory only
	lock    *os.File   // the data file's lock; nil when memory only, unsupported or closed

	limiter *rateLimiter // nil: no rate limit
	faults  *faults
	log     requestLog
	convs   conversations
}

// New builds a Server. With a DataFile that exists, the state is loaded from
// it; otherwise it is built from the seed (and, with a DataFile, written
// right away, so the seed is used only on first start).
//
// With a DataFile, the Server holds an exclusive advisory lock (flock on
// DataFile + ".lock", on Unix) from New until Close: two sandboxes on one
// data file would hand out the same ids and overwrite each other's
// acknowledged writes, so the second New fails with an error that wraps
// ErrInUse and names the holder's process id when the lock file tells it.
// The lock is released by Close, or by the end of the process however it
// ends; temporary files a killed sandbox left are removed only under it.
// Elsewhere there is no lock and temporary files are left alone.
func New(opts Options) (*Server, error) {
	if opts.FailRate < 0 || opts.FailRate > 1 {
		return nil, fmt.Errorf("fail rate %v: must be between 0 and 1", opts.FailRate)
	}
	if opts.RateLimit < 0 || opts.Burst < 0 || opts.PageSize < 0 || opts.Latency < 0 || opts.BotFlakyEvery < 0 {
		return nil, errors.New("rate limit, burst, page size, latency and bot flakiness must not be negative")
	}
	s := &Server{opts: opts, pageSize: opts.PageSize, faults: newFaults(opts.FailRate, opts.FaultSeed)}
	s.convs.flakyN = opts.BotFlakyEvery
	if s.pageSize == 0 {
		s.pageSize = DefaultPageSize
	}
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, opts.Burst)
	}
	if opts.DataFile != "" {
		lock, err := lockData(opts.DataFile + lockSuffix)
		if err != nil {
			var inUse *inUseError
			if errors.As(err, &inUse) {
				inUse.path = opts.DataFile
				return nil, err
			}
			return nil, fmt.Errorf("sandbox state %s: lock: %w", opts.DataFile, err)
		}
		s.lock = lock
		s.persist = &persister{path: opts.DataFile}
		st, err := s.persist.load(lockSupported)
		if err != nil {
			s.Close()
			return nil, err
		}
		if st != nil {
			s.st = st
			return s, nil
		}
	}
	seed := opts.Seed
	if seed == nil {
		seed = DefaultSeed()
	}
	st, err := seed.build(s.now())
	if err != nil {
		s.Close()
		return nil, err
	}
	s.st = st
	if s.persist != nil {
		if err := s.persist.save(st); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Close releases the data file's lock, so that another sandbox may use it.
// It waits for a write in progress; every acknowledged write is already on
// disk, so there is nothing to flush. Afterwards reads still work, but a
// write is refused with a 500 (it could no longer be saved exclusively), so
// stop serving first. Close is safe to call more than once, and on a
// memory-only Server, where it does nothing.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.persist != nil {
		s.persist.closed = true
	}
	if s.lock == nil {
		return nil
	}
	err := s.lock.Close() // closing the descriptor releases the flock
	s.lock = nil
	if err != nil {
		return fmt.Errorf("sandbox state %s: unlock: %w", s.opts.DataFile, err)
	}
	return nil
}

// now is the time of a change: Options.Now in UTC, truncated to seconds.
func (s *Server) now() time.Time {
	t := time.Now()
	if s.opts.Now != nil {
		t = s.opts.Now()
	}
	return t.UTC().Truncate(time.Second)
}

// SetFailRate changes the probability of injected faults from the next
// request on; tests toggle faults with it.
func (s *Server) SetFailRate(f float64) { s.faults.setRate(f) }

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []LoggedRequest { return s.log.list() }

// ClearRequests empties the request log.
func (s *Server) ClearRequests() { s.log.clear() }

// State returns a dump of everything the sandbox holds, except API key
// values; it is what GET /_sandbox/state returns.
func (s *Server) State() State {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.state()
}

// ServeHTTP serves the API and the sandbox endpoints. API requests go
// through, in order: the request log, latency, the fault draw, the rate
// limit, an injected failure before any effect, the API itself, and an
// injected failure after it (a 500 after a write committed, or a dropped
// connection).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	entry := s.log.add(r, s.now())
	status, fault := s.serveFaulty(w, r)
	s.log.finish(entry, status, fault)
	if fault == faultDrop {
		dropConnection(w)
	}
}

// serveFaulty serves one API request with latency, rate limiting and fault
// injection, and returns the status sent and the fault injected. For
// faultDrop it has served the request but sent nothing (status 0): the
// caller drops the connection.
func (s *Server) serveFaulty(w http.ResponseWriter, r *http.Request) (int, faultMode) {
	if s.opts.Latency > 0 {
		t := time.NewTimer(s.opts.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	fault := s.faults.draw(isWrite(r.Method))
	if s.limiter != nil {
		if apiErr := s.limiter.take(r.Header.Get(APIKeyHeader), w.Header()); apiErr != nil {
			writeError(w, apiErr)
			return apiErr.Status, faultNone // a rejected request has no fault
		}
	}
	if fault == faultBefore {
		apiErr := errInternal("injected fault: the request failed before it had any effect")
		writeError(w, apiErr)
		return apiErr.Status, fault
	}
	buf := newResponseBuffer()
	s.serveAPI(buf, r)
	switch fault {
	case faultAfter:
		apiErr := errInternal("injected fault: the request failed after its write was committed")
		writeError(w, apiErr)
		return apiErr.Status, fault
	case faultDrop:
		return 0, fault
	}
	buf.copyTo(w)
	return buf.status, faultNone
}

func isWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodDelete
}
