package sandbox

import (
	"net/http"
	"strings"
)

// serveAdmin serves the sandbox's own endpoints. They need no API key and
// are never delayed, rate-limited, faulted or logged:
//
//	GET    /_sandbox/requests  the request log: {"requests": [LoggedRequest...]}
//	DELETE /_sandbox/requests  clears the request log (204)
//	GET    /_sandbox/state     a State dump
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	switch strings.TrimPrefix(r.URL.Path, adminPrefix) {
	case "requests":
		allowed = []string{http.MethodGet, http.MethodDelete}
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, struct {
				Requests []LoggedRequest `json:"requests"`
			}{s.Requests()})
			return
		case http.MethodDelete:
			s.ClearRequests()
			w.WriteHeader(http.StatusNoContent)
			return
		}
	case "state":
		allowed = []string{http.MethodGet}
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, s.State())
			return
		}
	default:
		writeError(w, errNotFound("no sandbox endpoint %s; there are %srequests and %sstate", r.URL.Path, adminPrefix, adminPrefix))
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	writeError(w, &APIError{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed, Message: r.Method + " is not allowed on " + r.URL.Path})
}
