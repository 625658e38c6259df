package octocom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

// maxResponseBytes bounds a response body the client reads: 40 pages of
// 50,000-character articles fit many times over.
const maxResponseBytes = 64 << 20

// maxRetryAfter is the longest Retry-After the client waits out; a server
// asking for more (a quota that resets in an hour) gets an error at once
// instead of a silent stall.
const maxRetryAfter = time.Minute

// call is one logical API request; Client.do sends it once or several
// times.
type call struct {
	method         string
	path           string     // escaped, relative to the base URL, starting with "/"
	query          url.Values // nil: none
	body           []byte     // nil: no body
	ifMatch        int        // > 0: If-Match: "<ifMatch>"
	idempotencyKey string
	// notFound, when set, replaces the advice of a 404: the call site
	// knows what was not found.
	notFound string
}

// target is the path with its query; query keys are sorted (url.Values.Encode).
func (cl call) target() string {
	if len(cl.query) == 0 {
		return cl.path
	}
	return cl.path + "?" + cl.query.Encode()
}

// answer is a complete HTTP answer of any status.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends cl until it succeeds, fails for good or runs out of attempts,
// following the retry rules of the package documentation. A nil error means
// a 2xx answer. Once an attempt of a write may have taken effect, every
// error do returns matches provider.ErrOutcomeUnknown, whatever ended the
// later attempts (a refusal, a long Retry-After, a cancellation).
func (c *Client) do(ctx context.Context, cl call) (_ *answer, err error) {
	retrySafe := cl.method != http.MethodPost // GET, PUT and DELETE are idempotent
	write := cl.method != http.MethodGet
	limit := c.maxAttempts
	var ambiguous error // the last attempt that may have taken effect
	defer func() {
		if err != nil && ambiguous != nil {
			err = lostThen(cl, err)
		}
	}()
	for attempt := 1; ; attempt++ {
		ans, err := c.send(ctx, cl, attempt)
		if err != nil {
			if ctx.Err() != nil {
				return nil, cl.stopped(ctx.Err())
			}
			var fatal *fatalError
			if errors.As(err, &fatal) {
				return nil, err
			}
			if isDialError(err) {
				// Never sent: safe to retry whatever the method.
				limit = min(limit, dialAttempts)
				if attempt >= limit {
					if ambiguous != nil {
						return nil, &outcomeError{cause: ambiguous}
					}
					return nil, &unreachableError{base: c.displayBase, cause: c.red.line(causeText(err)), err: err}
				}
			} else {
				lost := &connError{method: cl.method, target: cl.target(), cause: c.red.line(causeText(err)), err: err}
				if !retrySafe {
					return nil, &outcomeError{cause: lost}
				}
				if write {
					ambiguous = lost
				}
				if attempt >= limit {
					if ambiguous != nil {
						return nil, &outcomeError{cause: ambiguous}
					}
					return nil, lost
				}
			}
			if err := c.sleep(ctx, backoff(attempt, c.jitter())); err != nil {
				return nil, cl.stopped(err)
			}
			continue
		}

		retryAfter := parseRetryAfter(ans.header.Get("Retry-After"), time.Now())
		c.limiter.observe(ans.status, ans.header, retryAfter)
		if ans.status >= 200 && ans.status < 300 {
			return ans, nil
		}
		apiErr := newError(cl.method, cl.target(), ans.status, ans.header, ans.body, c.red)
		switch {
		case ans.status == http.StatusTooManyRequests:
			// The server did not process the request: retrying is safe
			// for every method. The limiter makes every request, this
			// one included, wait out Retry-After.
			c.stats.rateLimited.Add(1)
			if retryAfter > maxRetryAfter {
				apiErr.hint = fmt.Sprintf("the server asks to wait %v before retrying; try again later", retryAfter.Round(time.Second))
				return nil, apiErr
			}
			if attempt >= limit {
				if ambiguous != nil {
					return nil, &outcomeError{cause: ambiguous}
				}
				return nil, apiErr
			}
			if retryAfter == 0 {
				if err := c.sleep(ctx, backoff(attempt, c.jitter())); err != nil {
					return nil, cl.stopped(err)
				}
			}
		case ans.status >= 500:
			if !retrySafe {
				apiErr.hint = "the server failed after receiving the request"
				return nil, &outcomeError{cause: apiErr}
			}
			if write {
				apiErr.hint = "the server failed after receiving the request"
				ambiguous = apiErr
			}
			if attempt >= limit {
				if ambiguous != nil {
					return nil, &outcomeError{cause: ambiguous}
				}
				return nil, apiErr
			}
			if err := c.sleep(ctx, backoff(attempt, c.jitter())); err != nil {
				return nil, cl.stopped(err)
			}
		default:
			// After an ambiguous attempt the deferred lostThen turns
			// this refusal into an unknown outcome.
			if ans.status == http.StatusNotFound && cl.notFound != "" {
				apiErr.hint = cl.notFound
			}
			return nil, apiErr
		}
	}
}

// send makes one attempt and reads the whole answer. Its error is a
// transport error (no complete answer), a *fatalError, or ctx's error.
func (c *Client) send(ctx context.Context, cl call, attempt int) (*answer, error) {
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

	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.sem }()
	// Pace after taking a slot, not before: requests queued on the
	// semaphore must not have passed the limiter while it was still
	// unlimited.
	if err := c.limiter.wait(ctx, c.sleep); err != nil {
		return nil, err
	}

	c.stats.sent(cl.method, attempt)
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.logf("%s %s error %s attempt %d: %s", cl.method, cl.target(), since(start), attempt, c.red.line(causeText(err)))
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	resp.Body.Close()
	if err != nil {
		c.logf("%s %s %d error %s attempt %d: %s", cl.method, cl.target(), resp.StatusCode, since(start), attempt, c.red.line(causeText(err)))
		return nil, err
	}
	c.logf("%s %s %d %s attempt %d", cl.method, cl.target(), resp.StatusCode, since(start), attempt)
	if len(data) > maxResponseBytes {
		return nil, &fatalError{fmt.Errorf("%s %s: the response is larger than %d MiB; check --api-url or OCTOCOM_API_URL", cl.method, cl.target(), maxResponseBytes>>20)}
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
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

// stopped wraps the context error that ended cl.
func (cl call) stopped(err error) error {
	return fmt.Errorf("%s %s: %w", cl.method, cl.target(), err)
}

// isDialError reports whether err proves the request never left the
// machine: the connection (or the proxy's) could not be set up.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// causeText is the innermost useful text of a transport error: "connection
// refused" rather than `Get "http://…": dial tcp …: connect: connection refused`.
func causeText(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		var sys *os.SyscallError
		if errors.As(op.Err, &sys) {
			return sys.Err.Error()
		}
		return op.Err.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if errors.Is(ue.Err, io.EOF) || errors.Is(ue.Err, io.ErrUnexpectedEOF) {
			return "the server closed the connection without answering"
		}
		return ue.Err.Error()
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the connection was lost while reading the answer"
	}
	return err.Error()
}

// fatalError is a failure retrying cannot fix (a malformed request, an
// oversized answer).
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }

// connError is an attempt that got no complete answer after the request
// may have been sent.
type connError struct {
	method, target string
	cause          string // redacted
	err            error
}

func (e *connError) Error() string {
	return fmt.Sprintf("%s %s: connection lost: %s", e.method, e.target, e.cause)
}

func (e *connError) Unwrap() error { return e.err }

// unreachableError is a request that could not connect at all, on every
// attempt.
type unreachableError struct {
	base  string
	cause string // redacted
	err   error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("cannot reach the Octocom API at %s: %s; check --api-url or OCTOCOM_API_URL", e.base, e.cause)
}

func (e *unreachableError) Unwrap() error { return e.err }

// lostThen is the error of a write that stopped with err after an earlier
// attempt that may have taken effect: whatever err says, the outcome is
// unknown. A refusal by the server loses its own sentinel: a 412 or 404 may
// be the lost attempt's doing, so ErrConflict or ErrNotFound would tell the
// caller something false, and no other refusal says anything about the lost
// attempt either.
func lostThen(cl call, err error) error {
	if errors.Is(err, provider.ErrOutcomeUnknown) {
		return err
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		why := ": " + apiErr.summary()
		if apiErr.Status == http.StatusPreconditionFailed || apiErr.Status == http.StatusNotFound {
			why = fmt.Sprintf(" with %d %s (perhaps because the lost attempt took effect)", apiErr.Status, apiErr.Code)
		}
		return &outcomeError{cause: fmt.Errorf("%s %s: an attempt was lost and the retry was refused%s", cl.method, cl.target(), why)}
	}
	return &outcomeError{cause: err}
}

// outcomeError is a write that may or may not have taken effect. It matches
// provider.ErrOutcomeUnknown and whatever its cause matches.
type outcomeError struct{ cause error }

func (e *outcomeError) Error() string {
	return e.cause.Error() + ": " + provider.ErrOutcomeUnknown.Error() + "; run plan to see whether it did before trying again"
}

func (e *outcomeError) Unwrap() []error { return []error{e.cause, provider.ErrOutcomeUnknown} }
