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
// finds the comment again (one per repository directory and environment)
// and records the fingerprint of the plan the comment shows and the pull
// request's head commit it was made for.
//
//	<!-- octosync:plan v1 dir=example-repo eyJzdW0iOi... -->
//	<!-- octosync:plan v1 dir=example-repo env=staging eyJzdW0iOi... -->
//
// dir is the repository directory relative to the workspace, path-escaped;
// env, present only for a plan of a named environment of octosync.yaml,
// is that environment (plan.Plan.Environment), path-escaped; the last
// field is base64url JSON {"sum": ..., "changes": [...], "head": ...}.
// Only a marker on the first line of a comment counts: a comment that
// quotes one further down is not octosync's.
type Marker struct {
	Dir string
	// Env is the plan's environment ("" in a repository without
	// environments, and in comments of older versions).
	Env         string
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

var markerRE = regexp.MustCompile(`^<!-- octosync:plan v1 dir=(\S+)(?: env=(\S+))? ([A-Za-z0-9_-]+) -->$`)

// Key is the comment's key: its directory and environment.
func (m Marker) Key() CommentKey { return CommentKey{Dir: m.Dir, Env: m.Env} }

// CommentKey says which sticky comment of a pull request a plan goes to:
// one per repository directory and environment, so that a plan reviewed
// for one environment never stands in for another's.
type CommentKey struct {
	// Dir is the repository directory (Step.Dir).
	Dir string
	// Env is the environment (plan.Plan.Environment), "" without one.
	Env string
}

// String names the key for people: "example-repo", "the environment
// staging of example-repo".
func (k CommentKey) String() string {
	switch {
	case k.Env == "":
		return k.Dir
	case k.Dir == ".":
		return "the environment " + k.Env
	}
	return "the environment " + k.Env + " of " + k.Dir
}

// String is the marker's HTML comment.
func (m Marker) String() string {
	payload := markerPayload{Sum: m.Fingerprint.Sum, Changes: m.Fingerprint.Changes, Head: m.Head}
	data, _ := json.Marshal(payload) // plain strings: cannot fail
	if len(data) > markerDigestsMax {
		payload.Changes = nil
		data, _ = json.Marshal(payload)
	}
	env := ""
	if m.Env != "" {
		env = " env=" + url.PathEscape(m.Env)
	}
	return fmt.Sprintf("<!-- octosync:plan v1 dir=%s%s %s -->", url.PathEscape(m.Dir), env, base64.RawURLEncoding.EncodeToString(data))
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
	env, err := url.PathUnescape(sub[2])
	if err != nil {
		return Marker{}, false
	}
	data, err := base64.RawURLEncoding.DecodeString(sub[3])
	if err != nil {
		return Marker{}, false
	}
	var p markerPayload
	if err := json.Unmarshal(data, &p); err != nil || p.Sum == "" {
		return Marker{}, false
	}
	return Marker{Dir: dir, Env: env, Fingerprint: Fingerprint{Sum: p.Sum, Changes: p.Changes}, Head: p.Head}, true
}
