//go:build !linux

package safewrite

import (
	"errors"
	"os"
)

// haveSyncFS is false where there is no syncfs(2): a batch flushes each
// file and folder with fsync, as a single write does.
const haveSyncFS = false

func syncFS(*os.File) error { return errors.ErrUnsupported }
