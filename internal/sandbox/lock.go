package sandbox

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// lockSuffix names the lock file beside a data file: data.json.lock. It is
// never removed (removing it would let a third process lock a new file
// while the second still holds the old one) and holds the id of the process
// that last took it.
const lockSuffix = ".lock"

// ErrInUse is wrapped by New's error when another process (or another
// Server of this one that was not closed) holds the data file.
var ErrInUse = errors.New("sandbox state is in use")

// inUseError is New's error when another process holds the data file.
type inUseError struct {
	path string
	pid  int // 0 when unknown
}

func (e *inUseError) Error() string {
	who := "another octosync process"
	if e.pid > 0 {
		who += fmt.Sprintf(" (pid %d)", e.pid)
	}
	return fmt.Sprintf("sandbox state %s is in use by %s", e.path, who)
}

func (e *inUseError) Unwrap() error { return ErrInUse }

// holder reads the process id a lock file records, 0 when it has none.
func holder(lockPath string) int {
	data, err := os.ReadFile(lockPath)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
