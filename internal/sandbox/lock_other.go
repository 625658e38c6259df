//go:build !unix

package sandbox

import "os"

// lockData is a no-op where flock does not exist: nothing stops two
// processes from sharing a data file there, and New then leaves temporary
// files alone, since another process may be writing them.
func lockData(path string) (*os.File, error) { return nil, nil }

// lockSupported tells whether lockData really excludes other processes.
const lockSupported = false
