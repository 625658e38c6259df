package sandbox

import (
	"strconv"
	"strings"
)

// ID prefixes, one per kind of object. Every ID is a prefix followed by the
// sandbox-wide counter in base 36, zero-padded to idDigits digits, so IDs are
// stable for golden tests and sort by creation within a width.
const (
	businessPrefix = "biz_"
	idDigits       = 5
)

// formatID renders the n-th ID of the sandbox with the given prefix:
// formatID("art_", 20) == "art_0000k".
func formatID(prefix string, n uint64) string {
	s := strconv.FormatUint(n, 36)
	if len(s) < idDigits {
		s = strings.Repeat("0", idDigits-len(s)) + s
	}
	return prefix + s
}
