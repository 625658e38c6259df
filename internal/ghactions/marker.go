package ghactions

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
)

// Marker is the hidden first line of octosync's pull-request comment: it
// finds the comment again (one per repository directory) and records the
// fingerprint of the plan the comment shows.
//
//	<!-- octosync:plan v1 dir=example-repo eyJzdW0iOi... -->
//
// dir is the repository directory relative to the workspace, path-escaped;
// the last field is base64url JSON {"sum": ..., "changes": [...]}.
type Marker struct {
	Dir         string
	Fingerprint Fingerprint
}

// markerDigestsMax bounds the per-change digests a marker carries, so the
// marker stays a small part of a 65,536-character comment; a larger plan
// keeps only its sum.
const markerDigestsMax = 12000

type markerPayload struct {
	Sum     string         `json:"sum"`
	Changes []ChangeDigest `json:"changes,omitempty"`
}

var markerRE = regexp.MustCompile(`<!-- octosync:plan v1 dir=(\S+) ([A-Za-z0-9_-]+) -->`)

// String is the marker's HTML comment.
func (m Marker) String() string {
	payload := markerPayload{Sum: m.Fingerprint.Sum, Changes: m.Fingerprint.Changes}
	data, _ := json.Marshal(payload) // plain strings: cannot fail
	if len(data) > markerDigestsMax {
		payload.Changes = nil
		data, _ = json.Marshal(payload)
	}
	return fmt.Sprintf("<!-- octosync:plan v1 dir=%s %s -->", url.PathEscape(m.Dir), base64.RawURLEncoding.EncodeToString(data))
}

// ParseMarker finds the marker in a comment body; ok is false when the body
// holds none (or a damaged one).
func ParseMarker(body string) (m Marker, ok bool) {
	sub := markerRE.FindStringSubmatch(body)
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
	return Marker{Dir: dir, Fingerprint: Fingerprint(p)}, true
}
