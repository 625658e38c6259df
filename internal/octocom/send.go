package octocom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// send makes one attempt of cl and reads the whole answer, in three phases:
// build the request, wait for a slot (the parallelism bound, then the rate
// limiter), then exchange it under the attempt's time limits. Its error is
// a transport error (no complete answer), a *TimeoutError, a *fatalError,
// or ctx's error.
func (c *Client) send(ctx context.Context, cl call, attempt int) (*answer, error) {
	req, err := c.request(ctx, cl)
	if err != nil {
		return nil, err
	}
	if err := c.slots.acquire(ctx, cl.laterPage); err != nil {
		return nil, err
	}
	defer c.slots.release()
	// Pace after taking a slot, not before: requests queued on the
	// semaphore must not have passed the limiter while it was still
	// unlimited.
	ticket, err := c.limiter.wait(ctx, c.sleep)
	if err != nil {
		return nil, err
	}

	c.stats.sent(cl.method, attempt)
	start := time.Now()
	ans, err := c.exchange(ctx, req, cl)
	if c.trace != nil {
		c.trace.record(req, cl.body, ans, err, start, time.Since(start))
	}
	if err != nil {
		c.logf("%s %s error %s attempt %d: %s", cl.method, cl.target(), since(start), attempt, c.red.line(causeText(err)))
		return nil, err
	}
	c.logf("%s %s %d %s attempt %d", cl.method, cl.target(), ans.status, since(start), attempt)
	c.limiter.observe(ticket, ans.status, ans.header, parseRetryAfter(ans.header.Get("Retry-After"), time.Now()))
	return ans, nil
}

// request builds the HTTP request of cl.
func (c *Client) request(ctx context.Context, cl call) (*http.Request, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.base+cl.target(), body)
	if err != nil {
		return nil, &fatalError{fmt.Errorf("%s %s: %w", cl.method, cl.target(), err)}
	}
	req.URL.User = c.userinfo
	req.Header.Set("X-API-Key", c.key.value)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.ifMatch > 0 {
		req.Header.Set("If-Match", `"`+strconv.Itoa(cl.ifMatch)+`"`)
	}
	if cl.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", cl.idempotencyKey)
	}
	return req, nil
}

// exchange sends req and reads the answer under the attempt's limits: the
// headers must come within the header timeout, the body must never stall
// for the idle timeout, and the whole exchange must end within the request
// timeout. A limit that fires is returned as a *TimeoutError naming it.
func (c *Client) exchange(ctx context.Context, req *http.Request, cl call) (*answer, error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	actx, stop := context.WithTimeoutCause(actx, c.limits.request, c.timeout(cl, requestLimit, c.limits.request))
	defer stop()
	wd := newWatchdog(cancel, c.limits.header, c.timeout(cl, headerLimit, c.limits.header))
	defer wd.stop()

	resp, err := c.hc.Do(req.WithContext(actx))
	if err != nil {
		return nil, c.transportError(ctx, actx, err)
	}
	wd.rearm(c.limits.idle, c.timeout(cl, idleLimit, c.limits.idle))
	data, err := io.ReadAll(io.LimitReader(progressReader{r: resp.Body, progress: wd.kick}, maxResponseBytes+1))
	resp.Body.Close()
	if err != nil {
		return nil, c.transportError(ctx, actx, err)
	}
	if len(data) > maxResponseBytes {
		return nil, &fatalError{fmt.Errorf("%s %s: the response is larger than %d MiB; check --api-url or OCTOCOM_API_URL", cl.method, cl.target(), maxResponseBytes>>20)}
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: data, tls: resp.TLS}, nil
}

// transportError classifies the error of an exchange that got no complete
// answer: the caller's context, then a limit of the attempt, then a TLS
// failure (fatal), else err as it is.
func (c *Client) transportError(ctx, actx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var te *TimeoutError
	if cause := context.Cause(actx); errors.As(cause, &te) {
		return te
	}
	if isTLSError(err) {
		return tlsError(c.displayBase, c.red.line(causeText(err)))
	}
	return err
}

func (c *Client) timeout(cl call, limit string, d time.Duration) *TimeoutError {
	return &TimeoutError{Method: cl.method, Target: cl.target(), Limit: limit, After: d}
}

// watchdog cancels an attempt when it sees no progress for its current
// limit; rearm changes the limit (headers received: now the idle limit),
// kick restarts the countdown.
type watchdog struct {
	mu    sync.Mutex
	timer *time.Timer
	d     time.Duration
	cause error
}

func newWatchdog(cancel context.CancelCauseFunc, d time.Duration, cause error) *watchdog {
	w := &watchdog{d: d, cause: cause}
	w.timer = time.AfterFunc(d, func() {
		w.mu.Lock()
		cause := w.cause
		w.mu.Unlock()
		cancel(cause)
	})
	return w
}

func (w *watchdog) rearm(d time.Duration, cause error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d, w.cause = d, cause
	w.timer.Reset(d)
}

func (w *watchdog) kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer.Reset(w.d)
}

func (w *watchdog) stop() { w.timer.Stop() }

// progressReader calls progress after every read that returned data.
type progressReader struct {
	r        io.Reader
	progress func()
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.progress()
	}
	return n, err
}

// logf writes one line to Options.Verbose.
func (c *Client) logf(format string, args ...any) {
	if c.verbose == nil {
		return
	}
	c.logMu.Lock()
	defer c.logMu.Unlock()
	fmt.Fprintf(c.verbose, format+"\n", args...)
}

// since is the time since start in whole milliseconds, as logged.
func since(start time.Time) string {
	return strconv.FormatInt(time.Since(start).Milliseconds(), 10) + "ms"
}
