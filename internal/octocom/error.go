package octocom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

// Error is an answer of the API other than 2xx. Code, Message and Details
// come from the error body {"error": {"code", "message", "details"}}, with
// any occurrence of the API key replaced by [redacted]; when the body is not
// JSON, Message holds its first 200 bytes, sanitized, and Code the status
// text ("bad_gateway").
type Error struct {
	Status     int
	Code       string
	Message    string
	Details    []FieldError
	Method     string
	Path       string        // relative to the base URL, with the query
	RetryAfter time.Duration // from Retry-After; 0 when absent

	// hint says what to do, appended to Error(); set by the call site
	// that knows more than the status (e.g. which business was missing).
	hint string
}

// FieldError is one entry of an error's details: which field of the request
// body is wrong ("variants[2].name") and why.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error renders "METHOD path: status code: what[: what to do]". With field
// details, "what" lists every "field: message" (the server's summary message
// would only repeat the first); without, it is the server's message.
func (e *Error) Error() string {
	return e.Method + " " + e.Path + ": " + e.summary()
}

// summary is Error without "METHOD path: ".
func (e *Error) summary() string {
	var b strings.Builder
	if e.Status == http.StatusUnauthorized {
		b.WriteString("the API key was rejected (401 unauthorized): check OCTOCOM_API_KEY or --api-key-file")
		return b.String()
	}
	fmt.Fprintf(&b, "%d %s", e.Status, e.Code)
	switch {
	case len(e.Details) > 0:
		b.WriteString(": ")
		for i, d := range e.Details {
			if i > 0 {
				b.WriteString("; ")
			}
			if d.Field != "" {
				b.WriteString(d.Field + ": ")
			}
			b.WriteString(d.Message)
		}
	case e.Message != "":
		b.WriteString(": " + e.Message)
	}
	if h := e.advice(); h != "" {
		b.WriteString(": " + h)
	}
	return b.String()
}

// advice is the call site's hint, or a default one for the status.
func (e *Error) advice() string {
	if e.hint != "" {
		return e.hint
	}
	switch {
	case e.Code == codeIdempotencyKeyReused:
		return "the idempotency key was already used for a different body: nothing was created; run plan again"
	case e.Status == http.StatusPreconditionFailed:
		return "it changed since it was read; run plan again"
	case e.Status == http.StatusTooManyRequests:
		return "still rate limited after retrying; lower --parallelism or try again later"
	case e.Status >= 300 && e.Status < 400:
		return "the API answered with a redirect; check --api-url or OCTOCOM_API_URL"
	case e.Status >= 500:
		return "the server failed; try again later"
	}
	return ""
}

// codeIdempotencyKeyReused is the error code of a create whose
// Idempotency-Key was already used with another body (a 422 by the
// contract). It is recognized by its code, whatever the status.
const codeIdempotencyKeyReused = "idempotency_key_reused"

// Is maps the status onto the provider sentinels: 404 → ErrNotFound, 412 →
// ErrConflict, 401 and 403 → ErrUnauthorized, 400, 413 and 422 →
// ErrValidation, 429 → ErrRateLimited. An idempotency_key_reused error is
// ErrValidation whatever its status: the server refused the request as sent
// and processed nothing, so it is neither a conflict nor an unknown outcome.
func (e *Error) Is(target error) bool {
	if e.Code == codeIdempotencyKeyReused {
		return target == provider.ErrValidation
	}
	switch e.Status {
	case http.StatusNotFound:
		return target == provider.ErrNotFound
	case http.StatusPreconditionFailed:
		return target == provider.ErrConflict
	case http.StatusUnauthorized, http.StatusForbidden:
		return target == provider.ErrUnauthorized
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		return target == provider.ErrValidation
	case http.StatusTooManyRequests:
		return target == provider.ErrRateLimited
	}
	return false
}

// wireError is the error body of the API.
type wireError struct {
	Error *struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Details []FieldError `json:"details"`
	} `json:"error"`
}

// maxErrorText is how much of a non-JSON error body becomes the message.
const maxErrorText = 200

// newError builds the *Error of a non-2xx answer. Every string taken from
// the server goes through red, which removes the API key.
func newError(method, path string, status int, header http.Header, body []byte, red *redactor) *Error {
	e := &Error{Status: status, Method: method, Path: path, RetryAfter: parseRetryAfter(header.Get("Retry-After"), time.Now())}
	var w wireError
	if json.Unmarshal(body, &w) == nil && w.Error != nil {
		e.Code = red.line(w.Error.Code)
		e.Message = red.line(w.Error.Message)
		for _, d := range w.Error.Details {
			e.Details = append(e.Details, FieldError{Field: red.line(d.Field), Message: red.line(d.Message)})
		}
	} else {
		// The key is redacted in the whole body (bounded by
		// maxResponseBytes) before the message is cut: a cut first would
		// leave any prefix of a key that straddles it, and folding a long
		// run of whitespace brings that prefix into the message.
		e.Message = red.linePrefix(string(body), maxErrorText)
	}
	if e.Code == "" {
		e.Code = strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
		if e.Code == "" {
			e.Code = "http_error"
		}
	}
	return e
}
