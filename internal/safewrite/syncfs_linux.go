//go:build linux

package safewrite

import (
	"os"

	"golang.org/x/sys/unix"
)

// haveSyncFS: syncfs(2) flushes every file and folder of one filesystem
// in one call, so a batch pays for durability once, not once per file.
const haveSyncFS = true

// syncFS flushes the filesystem holding f: the content and metadata of
// every file written to it so far. Since Linux 5.8 it reports a write-back
// error of any file on it.
func syncFS(f *os.File) error { return unix.Syncfs(int(f.Fd())) }
