package sandbox

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// call is one authenticated API request being served.
type call struct {
	w     http.ResponseWriter
	r     *http.Request
	rt    route
	key   string // the API key, resolved to its organization under the lock
	label string // the API key's label
}

func (s *Server) authenticate(c *call) *APIError {
	key := c.r.Header.Get(APIKeyHeader)
	if key == "" {
		return &APIError{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "the " + APIKeyHeader + " header is missing"}
	}
	s.mu.RLock()
	ref, ok := s.st.keys[key]
	s.mu.RUnlock()
	if !ok {
		return &APIError{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "the API key is not valid"}
	}
	c.key, c.label = key, ref.label
	return nil
}

// author is who a write of c is attributed to: the user named by the
// X-Sandbox-Actor header, else the API key's label.
func (c *call) author() (Author, *APIError) {
	h := c.r.Header.Get(ActorHeader)
	if h == "" {
		return Author{Type: AuthorAPIKey, Name: c.label}, nil
	}
	name, ok := strings.CutPrefix(h, "user:")
	if !ok || strings.TrimSpace(name) == "" {
		return Author{}, errBadRequest("%s %q: must be user:<name>", ActorHeader, h)
	}
	return Author{Type: AuthorUser, Name: name}, nil
}

// readBody reads the request body, refusing one over MaxBodyBytes.
func (c *call) readBody() ([]byte, *APIError) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, c.r.Body, MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, &APIError{
				Status:  http.StatusRequestEntityTooLarge,
				Code:    CodePayloadTooLarge,
				Message: fmt.Sprintf("the request body is larger than %d bytes", MaxBodyBytes),
			}
		}
		return nil, errBadRequest("the request body cannot be read: %v", err)
	}
	return body, nil
}

// content reads and decodes the body of a POST or PUT; extra are the
// extra fields.
func (c *call) content(extra ExtraFields) (Content, *APIError) {
	body, apiErr := c.readBody()
	if apiErr != nil {
		return nil, apiErr
	}
	return decodeContent(c.rt.kind, body, extra)
}

// extraFields are the extra fields of every kind.
func (s *Server) extraFields() ExtraFields {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.Extra
}

// precondition parses If-Match: "3", 3, W/"3" or *.
func (c *call) precondition() (precondition, *APIError) {
	h := strings.TrimSpace(c.r.Header.Get("If-Match"))
	if h == "" {
		return precondition{}, nil
	}
	if h == "*" {
		return precondition{set: true, any: true}, nil
	}
	v := strings.TrimPrefix(h, "W/")
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return precondition{}, errBadRequest("If-Match %q: must be a version as the ETag gives it, like \"3\"", h)
	}
	return precondition{set: true, version: n}, nil
}

func (c *call) versionNumber() (int, *APIError) {
	n, err := strconv.Atoi(c.rt.version)
	if err != nil {
		return 0, errBadRequest("version %q: must be an integer", c.rt.version)
	}
	return n, nil
}

// location is the URL path of resource id of the call's business and kind.
func (c *call) location(id string) string {
	return BasePath + "/businesses/" + c.rt.slug + "/" + string(c.rt.kind) + "/" + id
}
