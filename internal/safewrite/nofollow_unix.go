//go:build unix

package safewrite

import "syscall"

// noFollow makes open fail on a symbolic link as the last component.
const noFollow = syscall.O_NOFOLLOW
