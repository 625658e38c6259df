// Package version knows which octosync this is, for `octosync --version`,
// `octosync version` and the User-Agent header: the release (set at link
// time, else the module version the Go toolchain recorded, else "dev") and
// the commit it was built from (the toolchain's vcs.revision for a build
// inside a clone, else the commit a pseudo-version names, as `go install
// module@commit` records it).
package version
