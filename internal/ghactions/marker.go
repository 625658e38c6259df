package ghactions

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Marker is the hidden first line of octosync's pull-request comment: it
// finds the comment again (one per repository directory) and records the
// fingerprint of the plan the comment shows and the pull request's head
// commit it was made for.
//
//	<!-- octosync:plan v1 dir=example-repo eyJzdW0iOi... -->
//
// dir is the repository directory relative to the workspace, path-escaped;
// the last field is base64url JSON {"sum": ..., "changes": [...], "head": ...}.
// Only a marker on the first line of a comment counts: a comment that
// quotes one further down is not octosync's.
type Marker struct {
	Dir         string
	Fingerprint Fingerprint
	// Head is the pull request's head commit the plan was made for ("" in
	// comments of older versions).
	Head string
}

// markerDigestsMax bounds the per-change digests a marker carries, so the
// marker stays a small part of a 65,536-character comment; a larger plan
// keeps only its sum.
const markerDigestsMax = 12000

type markerPayload struct {
	Sum     string         `json:"sum"`
	Changes []ChangeDigest `json:"changes,omitempty"`
	Head    string         `json:"head,omitempty"`
}

var markerRE = regexp.MustCompile(`^<!-- octosync:plan v1 dir=(\S+) ([A-Za-z0-9_-]+) -->$`)

// String is the marker's HTML comment.
func (m Marker) String() string {
	payload := markerPayload{Sum: m.Fingerprint.Sum, Changes: m.Fingerprint.Changes, Head: m.Head}
	data, _ := json.Marshal(payload) // plain strings: cannot fail
	if len(data) > markerDigestsMax {
		payload.Changes = nil
		data, _ = json.Marshal(payload)
	}
	return fmt.Sprintf("<!-- octosync:plan v1 dir=%s %s -->", url.PathEscape(m.Dir), base64.RawURLEncoding.EncodeToString(data))
}

// ParseMarker reads the marker on the first line of a comment body; ok is
// false when that line is not one (or a damaged one).
func ParseMarker(body string) (m Marker, ok bool) {
	first, _, _ := strings.Cut(body, "\n")
	sub := markerRE.FindStringSubmatch(strings.TrimSuffix(first, "\r"))
	if sub == nil {
		return Marker{}, false
	}
	dir, err := url.PathUnescape(sub[1])
	if err != nil {
		return Marker{}, false
	}
	data, err := base64.RawURLEncoding.DecodeString(sub[2])
	if err != nil {
		return Marker{}, false
	}
	var p markerPayload
	if err := json.Unmarshal(data, &p); err != nil || p.Sum == "" {
		return Marker{}, false
	}
	return Marker{Dir: dir, Fingerprint: Fingerprint{Sum: p.Sum, Changes: p.Changes}, Head: p.Head}, true
}
