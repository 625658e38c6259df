// Package diag holds diagnostics: problems found in the repository's files,
// each with a severity, a position (path:line:col) and a message that says
// what is wrong and what to do. Parsers and checks collect them into a List
// instead of stopping at the first one, so a user sees every problem at once.
package diag
