package octocom

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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

// timeoutAttempts bounds the attempts of a request whose attempts time out:
// one retry for a server that stalled once, not MaxAttempts times the
// limit for one that never answers.
const timeoutAttempts = 2

// call is one logical API request; Client.do sends it once or several
// times.
type call struct {
	method         string
	path           string     // escaped, relative to the base URL, starting with "/"
	query          url.Values // nil: none
	body           []byte     // nil: no body
	ifMatch        int        // > 0: If-Match: "<ifMatch>"
	idempotencyKey string
	// answer is the contract's schema of a 2xx body (contract.go): the
	// body is checked against it before it is decoded. "" for none.
	answer string
	// notFound, when set, replaces the advice of a 404: the call site
	// knows what was not found.
	notFound string
	// laterPage: a page after the first of a list. It waits for a slot
	// behind every first page (slots).
	laterPage bool
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
	tls    *tls.ConnectionState // nil for plain HTTP
}

// do sends cl until it succeeds, fails for good or runs out of attempts,
// following the retry rules of the package documentation. A nil error means
// a 2xx answer. Once an attempt of a write may have taken effect, every
// error do returns matches provider.ErrOutcomeUnknown, whatever ended the
// later attempts (a refusal, a long Retry-After, a cancellation).
func (c *Client) do(ctx context.Context, cl call) (*answer, error) {
	r := &retry{c: c, cl: cl, limit: c.maxAttempts}
	for attempt := 1; ; attempt++ {
		ans, err := c.send(ctx, cl, attempt)
		var wait time.Duration
		switch {
		case err != nil:
			wait, err = r.afterFailure(ctx, err, attempt)
		case ans.status >= 200 && ans.status < 300:
			return ans, nil
		default:
			wait, err = r.afterRefusal(ans, attempt)
		}
		if err == nil && c.sleep(ctx, wait) != nil {
			err = cl.stopped(ctx)
		}
		if err != nil {
			return nil, r.final(err)
		}
	}
}

// retry is the state of one call's attempts: how many it may make and
// whether an earlier attempt of a write may have taken effect.
type retry struct {
	c         *Client
	cl        call
	limit     int
	ambiguous error // the last attempt that may have taken effect
}

// retrySafe: GET, PUT and DELETE are idempotent; POST is not.
func (r *retry) retrySafe() bool { return r.cl.method != http.MethodPost }

// write: an attempt may change live state.
func (r *retry) write() bool { return r.cl.method != http.MethodGet }

// afterFailure decides what follows an attempt that got no complete
// answer: the wait before the next attempt, or the error to return.
func (r *retry) afterFailure(ctx context.Context, err error, attempt int) (time.Duration, error) {
	if ctx.Err() != nil {
		return 0, r.cl.stopped(ctx)
	}
	var fatal *fatalError
	if errors.As(err, &fatal) {
		return 0, err
	}
	if isDialError(err) {
		// Never sent: safe to retry whatever the method.
		r.limit = min(r.limit, dialAttempts)
		if attempt >= r.limit {
			return 0, r.giveUp(&unreachableError{base: r.c.displayBase, cause: r.c.red.line(causeText(err)), err: err})
		}
		return backoff(attempt, r.c.jitter()), nil
	}
	var lost error
	var te *TimeoutError
	if errors.As(err, &te) {
		r.limit = min(r.limit, timeoutAttempts)
		lost = te
	} else {
		lost = &connError{method: r.cl.method, target: r.cl.target(), cause: r.c.red.line(causeText(err)), err: err}
	}
	if !r.retrySafe() {
		return 0, &outcomeError{cause: lost}
	}
	if r.write() {
		r.ambiguous = lost
	}
	if attempt >= r.limit {
		return 0, r.giveUp(lost)
	}
	return backoff(attempt, r.c.jitter()), nil
}

// afterRefusal decides what follows an answer other than 2xx.
func (r *retry) afterRefusal(ans *answer, attempt int) (time.Duration, error) {
	cl := r.cl
	apiErr := newError(cl.method, cl.target(), ans.status, ans.header, ans.body, r.c.red)
	switch {
	case ans.status == http.StatusTooManyRequests:
		// The server did not process the request: retrying is safe for
		// every method. The limiter makes every request, this one
		// included, wait out Retry-After.
		r.c.stats.rateLimited.Add(1)
		if apiErr.RetryAfter > maxRetryAfter {
			apiErr.hint = fmt.Sprintf("the server asks to wait %v before retrying; try again later", apiErr.RetryAfter.Round(time.Second))
			return 0, apiErr
		}
		if attempt >= r.limit {
			return 0, r.giveUp(apiErr)
		}
		if apiErr.RetryAfter > 0 {
			return 0, nil
		}
		return backoff(attempt, r.c.jitter()), nil
	case ans.status >= 500:
		if r.write() {
			apiErr.hint = "the server failed after receiving the request"
		}
		if !r.retrySafe() {
			return 0, &outcomeError{cause: apiErr}
		}
		if r.write() {
			r.ambiguous = apiErr
		}
		if attempt >= r.limit {
			return 0, r.giveUp(apiErr)
		}
		return backoff(attempt, r.c.jitter()), nil
	}
	// After an ambiguous attempt final turns this refusal into an
	// unknown outcome.
	if ans.status == http.StatusNotFound && cl.notFound != "" {
		apiErr.hint = cl.notFound
	}
	return 0, apiErr
}

// giveUp is the error of the last attempt: err, or the earlier ambiguous
// attempt's unknown outcome.
func (r *retry) giveUp(err error) error {
	if r.ambiguous != nil {
		return &outcomeError{cause: r.ambiguous}
	}
	return err
}

// final is the error do returns: after an ambiguous attempt, whatever
// ended the call leaves the outcome unknown.
func (r *retry) final(err error) error {
	if r.ambiguous != nil {
		return lostThen(r.cl, err)
	}
	return err
}

// stopped is the error of cl ended by ctx: its cause, so that a deadline
// set by the caller (the command's --timeout) is named.
func (cl call) stopped(ctx context.Context) error {
	cause := context.Cause(ctx)
	if cause == nil { // Options.Sleep failed with ctx still live
		cause = context.Canceled
	}
	return fmt.Errorf("%s %s: %w", cl.method, cl.target(), cause)
}

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
