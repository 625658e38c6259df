//go:build !unix

package safewrite

// noFollow is 0 where open has no such flag; the Lstat checks of every
// component still refuse links.
const noFollow = 0
