// Package version knows which octosync this is, for `octosync version` and
// the User-Agent header.
package version
