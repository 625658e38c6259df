// Package cli is octosync's command line: the kong grammar, one *_cmd.go file
// per command, the binding of dependencies, the choice of renderer and the
// mapping of errors to exit codes (in exit.go, the one place that decides).
// It holds no business logic: every command calls into the engine packages.
//
// Main is the whole program; tests call it in process with their own writers.
package cli

//go:generate go run ../tools/refgen -out ../../docs/reference
