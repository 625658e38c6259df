// Package textdiff computes line diffs of long text fields (article
// content, workflow instructions, condition-provider code) for display in
// plans: Lines gives every line with its operation, Unified groups the edits
// into hunks with context lines and "@@ -a,b +c,d @@" headers.
//
// It is the only importer of github.com/sergi/go-diff. Lines are mapped to
// single runes and diffed with diffmatchpatch's Myers implementation, with
// no time limit: the result is minimal and the same on every machine, which
// plans need to be reproducible byte for byte.
//
// Output is exact: applying the hunks of Unified(before, after, n) to before
// yields after, including whether the last line ends in a newline (see
// Line.NoNewline). Within a hunk every run of edits lists its deleted lines
// before its inserted lines — consecutive edits of one kind are merged, as
// unified-diff readers expect. Callers normalize line endings first; a
// carriage return is an ordinary character here.
package textdiff
