package sandbox

import (
	"net/http"
	"strings"
)

// route is a request's path, matched against the API's routes.
type route struct {
	depth   int // number of path segments after BasePath: 1, 3, 4, 5, 6 or 7
	slug    string
	kind    Kind
	id      string
	version string // the {n} segment, unparsed
}

// methods lists the methods each route depth allows.
var methods = map[int][]string{
	1: {http.MethodGet},                                    // /businesses
	3: {http.MethodGet, http.MethodPost},                   // /businesses/{slug}/{kind}
	4: {http.MethodGet, http.MethodPut, http.MethodDelete}, // .../{id}
	5: {http.MethodGet},                                    // .../{id}/versions
	6: {http.MethodGet},                                    // .../{id}/versions/{n}
	7: {http.MethodPost},                                   // .../{id}/versions/{n}/restore
}

// matchRoute parses a path; ok is false for a path that is no route.
func matchRoute(path string) (rt route, ok bool) {
	rest, ok := strings.CutPrefix(path, BasePath+"/")
	if !ok {
		return route{}, false
	}
	seg := strings.Split(rest, "/")
	for _, s := range seg {
		if s == "" {
			return route{}, false
		}
	}
	rt.depth = len(seg)
	if seg[0] != "businesses" || methods[rt.depth] == nil {
		return route{}, false
	}
	if rt.depth == 1 {
		return rt, true
	}
	rt.slug = seg[1]
	if rt.kind, ok = parseKind(seg[2]); !ok {
		return route{}, false
	}
	if rt.depth >= 4 {
		rt.id = seg[3]
	}
	if rt.depth >= 5 && seg[4] != "versions" {
		return route{}, false
	}
	if rt.depth >= 6 {
		rt.version = seg[5]
	}
	if rt.depth == 7 && seg[6] != "restore" {
		return route{}, false
	}
	return rt, true
}
