package octocom

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

// This file names the ways an attempt can fail without a complete answer,
// and how each one is told apart: a dial error (never sent), a TLS or
// request error (retrying cannot fix it), a timeout (named after the limit
// that fired) and a lost connection (the request may have been sent).

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

// isTLSError reports whether err is a TLS failure that no retry can fix: a
// certificate the client cannot verify, or a server that does not speak TLS.
func isTLSError(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		invalid   x509.CertificateInvalidError
		hostname  x509.HostnameError
		record    tls.RecordHeaderError
	)
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &invalid) ||
		errors.As(err, &hostname) || errors.As(err, &record)
}

// causeText is the innermost useful text of a transport error: "connection
// refused" rather than `Get "http://…": dial tcp …: connect: connection
// refused`. It never includes the request's URL.
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
// oversized answer, a certificate that does not verify).
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }

// tlsError is the fatal error of a TLS failure talking to base; cause is
// the redacted text of the failure.
func tlsError(base, cause string) *fatalError {
	return &fatalError{fmt.Errorf("TLS with the Octocom API at %s failed: %s (not retried); check --api-url or OCTOCOM_API_URL, and for a private certificate authority set SSL_CERT_FILE",
		base, cause)}
}

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

// TimeoutError is an attempt stopped by one of the client's time limits.
// Its message names the limit, so that a user knows which one to look at.
type TimeoutError struct {
	Method, Target string
	// Limit names the limit that fired: "header timeout", "idle timeout"
	// or "request timeout".
	Limit string
	// After is the limit's duration.
	After time.Duration
}

func (e *TimeoutError) Error() string {
	what := map[string]string{
		headerLimit:  "no answer",
		idleLimit:    "the answer stalled: no data",
		requestLimit: "the answer was not complete",
	}[e.Limit]
	return fmt.Sprintf("%s %s: %s within %v (the %s)", e.Method, e.Target, what, e.After, e.Limit)
}

// Timeout reports true, like net.Error timeouts.
func (e *TimeoutError) Timeout() bool { return true }

// Names of the per-attempt limits, as TimeoutError.Limit.
const (
	headerLimit  = "header timeout"
	idleLimit    = "idle timeout"
	requestLimit = "request timeout"
)

// outcomeError is a write that may or may not have taken effect. It matches
// provider.ErrOutcomeUnknown and whatever its cause matches.
type outcomeError struct{ cause error }

func (e *outcomeError) Error() string {
	return e.cause.Error() + ": " + provider.ErrOutcomeUnknown.Error() + "; run plan to see whether it did before trying again"
}

func (e *outcomeError) Unwrap() []error { return []error{e.cause, provider.ErrOutcomeUnknown} }
