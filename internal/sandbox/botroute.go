package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// botRoutes are the routes beyond the config resources: macros (read-only)
// and bot conversations. Each pattern is the path after BasePath, with {}
// for a variable segment.
var botRoutes = []struct {
	pattern string
	methods []string
}{
	{"businesses/{}/macros", []string{http.MethodGet}},
	{"businesses/{}/macros/{}", []string{http.MethodGet}},
	{"businesses/{}/conversations", []string{http.MethodPost}},
	{"businesses/{}/conversations/{}", []string{http.MethodGet}},
	{"businesses/{}/conversations/{}/messages", []string{http.MethodPost}},
}

// serveBotAPI serves the macro and conversation routes and reports whether
// the path was one of them.
func (s *Server) serveBotAPI(w http.ResponseWriter, r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, BasePath+"/")
	if !ok {
		return false
	}
	seg := strings.Split(rest, "/")
	for _, rt := range botRoutes {
		pat := strings.Split(rt.pattern, "/")
		if len(pat) != len(seg) || !matchSegments(pat, seg) {
			continue
		}
		if !slices.Contains(rt.methods, r.Method) {
			w.Header().Set("Allow", strings.Join(rt.methods, ", "))
			what := "conversations are started and messages sent with POST"
			if seg[2] == "macros" {
				what = "macros are read-only in the API"
			}
			writeError(w, &APIError{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
				Message: r.Method + " is not allowed on " + r.URL.Path + ": " + what})
			return true
		}
		c := &call{w: w, r: r, rt: route{depth: len(seg), slug: seg[1]}}
		if len(seg) >= 4 {
			c.rt.id = seg[3]
		}
		if apiErr := s.authenticate(c); apiErr != nil {
			writeError(w, apiErr)
			return true
		}
		var apiErr *APIError
		switch {
		case seg[2] == "macros" && len(seg) == 3:
			apiErr = s.listMacros(c)
		case seg[2] == "macros":
			apiErr = s.getMacro(c)
		case len(seg) == 3:
			apiErr = s.startConversation(c)
		case len(seg) == 4:
			apiErr = s.getConversation(c)
		default:
			apiErr = s.sendMessage(c)
		}
		if apiErr != nil {
			writeError(w, apiErr)
		}
		return true
	}
	return false
}

func matchSegments(pat, seg []string) bool {
	for i, p := range pat {
		if seg[i] == "" || (p != "{}" && p != seg[i]) {
			return false
		}
	}
	return true
}
