package sandbox

import (
	"fmt"
	"net/http"
)

// Error codes of the API contract, the "code" of an error body.
const (
	CodeBadRequest           = "bad_request"
	CodeUnauthorized         = "unauthorized"
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeVersionConflict      = "version_conflict"
	CodePayloadTooLarge      = "payload_too_large"
	CodeValidation           = "validation_error"
	CodeIdempotencyKeyReused = "idempotency_key_reused"
	CodeRateLimited          = "rate_limited"
	CodeInternal             = "internal_error"
)

// FieldError is one entry of an error body's details: which field of the
// request is wrong and why. Field is a path like "variants[2].name".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// APIError is an error response of the API: an HTTP status and the body
// {"error": {"code", "message", "details"}}.
type APIError struct {
	Status  int          `json:"-"`
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Details []FieldError `json:"details"` // never null on the wire
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// errorBody is the wire form of an APIError.
type errorBody struct {
	Error *APIError `json:"error"`
}

func errBadRequest(format string, args ...any) *APIError {
	return &APIError{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

func errNotFound(format string, args ...any) *APIError {
	return &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

func errValidation(details []FieldError) *APIError {
	msg := "the request body is invalid"
	if len(details) == 1 {
		msg = details[0].Field + ": " + details[0].Message
	} else if len(details) > 1 {
		msg = fmt.Sprintf("%s: %s (and %d more)", details[0].Field, details[0].Message, len(details)-1)
	}
	return &APIError{Status: http.StatusUnprocessableEntity, Code: CodeValidation, Message: msg, Details: details}
}

func errInternal(msg string) *APIError {
	return &APIError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: msg}
}
