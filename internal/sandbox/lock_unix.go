//go:build unix

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// lockData takes an exclusive advisory lock (flock) on path, creating the
// file, and writes this process's id into it for the next one to name. The
// lock lasts until the returned file is closed, or the process ends, however
// it ends: a killed sandbox never leaves a stale lock behind. When another
// process holds it, the error is errInUse with that process's id, if the
// file says. A symbolic link at path is refused (O_NOFOLLOW), never
// followed: it could make the sandbox truncate a file elsewhere.
func lockData(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if errors.Is(err, syscall.ELOOP) {
		return nil, fmt.Errorf("%s is a symbolic link, which octosync never writes through: remove it", path)
	}
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &inUseError{pid: holder(path)}
		}
		return nil, err
	}
	// The id is a courtesy for the message of the next process: failing to
	// write it does not make the lock any less held.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// lockSupported tells whether lockData really excludes other processes.
const lockSupported = true
