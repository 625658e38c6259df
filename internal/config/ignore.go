package config

import (
	"path"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// IgnoreRule names live resources octosync never creates, updates, deletes
// or pulls: those of Kind whose title matches Title.
//
// Kind is "article", "workflow", "bot-rule", or "" or "*" for every kind.
// Title is a glob in path.Match syntax, matched against the whole title and
// case-sensitively: `*` matches any run of characters and `?` any one
// character (both also match `/`, which titles may contain), `[a-z]` and
// `[^a-z]` a character class, and `\` escapes the next character. "" or "*"
// match every title.
type IgnoreRule struct {
	Kind  string
	Title string
}

// Match reports whether the rule covers a resource of kind with title. A
// malformed pattern matches nothing (Parse reports it).
func (r IgnoreRule) Match(kind resource.Kind, title string) bool {
	if r.Kind != "" && r.Kind != "*" && r.Kind != string(kind) {
		return false
	}
	if r.Title == "" || r.Title == "*" {
		return true
	}
	ok, err := path.Match(slashless(r.Title), slashless(title))
	return err == nil && ok
}

// slashless hides `/` from path.Match, whose `*` and `?` stop at it: titles
// are not paths. (A NUL in a title would then match a `/` in the pattern;
// titles do not hold NUL.)
func slashless(s string) string { return strings.ReplaceAll(s, "/", "\x00") }

// validPattern reports whether a title glob is well-formed.
func validPattern(p string) bool {
	_, err := path.Match(slashless(p), "")
	return err == nil
}
