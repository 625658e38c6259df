package gitrepo

import (
	"fmt"
	"regexp"
	"strings"
)

// ambiguousNames are names git resolves to something other than a branch
// when given where a revision is expected.
var ambiguousNames = []string{"HEAD", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "AUTO_MERGE", "@"}

// looksLikeHash matches names git may take for an abbreviated object id.
var looksLikeHash = regexp.MustCompile(`^[0-9a-fA-F]{4,64}$`)

// ValidBranchName refuses a name that is not a valid branch name under
// git's rules (git check-ref-format --branch), or one git would take for
// something else (HEAD and the other special refs, a leading '-', a name
// that looks like a commit hash, one starting with refs/). Commands check
// it before anything is written.
func ValidBranchName(name string) error {
	if name == "" {
		return fmt.Errorf("branch name is empty")
	}
	bad := func(why string) error {
		return fmt.Errorf("branch %q: invalid name (%s): use letters, digits, '-', '_', '.' and '/'", name, why)
	}
	for _, a := range ambiguousNames {
		if strings.EqualFold(name, a) {
			return fmt.Errorf("branch %q: ambiguous: git reads it as a special reference, not a branch; choose another name", name)
		}
	}
	switch {
	case strings.HasPrefix(name, "-"):
		return bad("starts with '-'")
	case strings.HasPrefix(name, "refs/"):
		return bad("starts with refs/: give the branch's short name")
	case looksLikeHash.MatchString(name):
		return fmt.Errorf("branch %q: ambiguous: it looks like a commit hash; choose another name", name)
	case strings.Contains(name, ".."):
		return bad("contains '..'")
	case strings.Contains(name, "@{"):
		return bad("contains '@{'")
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, "/") || strings.HasPrefix(name, "/"):
		return bad("starts or ends with '/', or ends with '.'")
	case strings.Contains(name, "//"):
		return bad("contains '//'")
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(" ~^:?*[\\", r) {
			return bad(fmt.Sprintf("contains %q", r))
		}
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") || strings.HasSuffix(part, ".lock") {
			return bad("a component starts with '.' or ends with .lock")
		}
	}
	return nil
}
