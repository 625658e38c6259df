package convtest

import (
	"slices"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/values"
)

// SkipTag marks a test that runs only when --tag names it: a demonstration
// of a failure, a test of content not live yet.
const SkipTag = "skip"

// Test is one conversation test.
type Test struct {
	// File is the test file, slash-separated and relative to the
	// repository root; Line is the line of the test's name.
	File string
	Line int
	col  int
	// Business is the slug of the business whose bot is tested.
	Business string
	Name     string
	Tags     []string
	// Repeat is how many conversations to run (at least 1); PassRate the
	// fraction of them that must pass (0 < PassRate ≤ 1).
	Repeat   int
	PassRate float64
	// Turns hold the texts rendered for the environment the test was
	// loaded for; Texts the same texts as the file writes them.
	Turns []Turn
	// Texts are the texts placeholders may stand in (customer messages,
	// expectations' texts) as the file writes them: what validate checks
	// against every environment (lint.CheckTexts).
	Texts []values.Located
}

// Turn is one customer message and the expectations on its reply.
type Turn struct {
	Line     int // of the customer message
	Customer string
	Expect   []Expectation
}

// Kind names an expectation as the test file writes it.
type Kind string

// The kinds of expectation.
const (
	Contains     Kind = "contains"
	NotContains  Kind = "notContains"
	IContains    Kind = "icontains"
	NotIContains Kind = "notIcontains"
	Regex        Kind = "regex"
	Workflow     Kind = "workflow"
	Articles     Kind = "articles"
	HandedOff    Kind = "handedOff"
)

// Expectation is one check of a reply. A list in the file (contains: [a,
// b]) becomes one Expectation per item, each with its own position.
type Expectation struct {
	Kind Kind
	Pos  diag.Pos
	// Value is the text, pattern, workflow name or article name; Bool the
	// value of handedOff.
	Value string
	Bool  bool
	// check is filled by the parser (a compiled regex, for example).
	check func(r reply) (ok bool, why string)
}

// String renders the expectation as the file wrote it: `contains "30 days"`.
func (e Expectation) String() string {
	if e.Kind == HandedOff {
		if e.Bool {
			return "handedOff: true"
		}
		return "handedOff: false"
	}
	return string(e.Kind) + ": " + quote(e.Value)
}

// Selected reports whether t runs under the given filters: businesses and
// tags (any of them), and paths (a file or a folder, slash-separated and
// relative to the repository). A test tagged SkipTag runs only when tags
// names SkipTag.
func (t *Test) Selected(businesses, tags, paths []string) bool {
	if len(businesses) > 0 && !slices.Contains(businesses, t.Business) {
		return false
	}
	if len(paths) > 0 && !slices.ContainsFunc(paths, func(p string) bool { return underPath(t.File, p) }) {
		return false
	}
	if len(tags) > 0 {
		return slices.ContainsFunc(t.Tags, func(tag string) bool { return slices.Contains(tags, tag) })
	}
	return !slices.Contains(t.Tags, SkipTag)
}

// Skipped reports whether t is left out only because of SkipTag, so that
// reports can list it as skipped rather than leave it out silently.
func (t *Test) Skipped(businesses, tags, paths []string) bool {
	return !t.Selected(businesses, tags, paths) && len(tags) == 0 && slices.Contains(t.Tags, SkipTag) &&
		(&Test{File: t.File, Business: t.Business}).Selected(businesses, nil, paths)
}

func underPath(file, p string) bool {
	if p == "" || p == "." {
		return true
	}
	p = trimSlash(p)
	return file == p || len(file) > len(p) && file[:len(p)] == p && file[len(p)] == '/'
}

func trimSlash(p string) string {
	for len(p) > 1 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	return p
}
