// Package resource holds the pure types octosync reasons about: the three
// kinds of Octocom configuration (articles, workflows, bot rules), their
// writable content (Spec), a live or desired Resource wrapping one Spec, and
// the canonical form used to compare them.
//
// Nothing here does I/O. Two specs are equal when their normalized fields are
// equal: line endings, trailing whitespace on lines and trailing blank lines
// of text never count as a difference, and neither do versions or timestamps.
// Every other package compares content through Equal so that "pull then plan
// is empty" holds in one place.
package resource
