package gitrepo

import "testing"

func TestValidBranchName(t *testing.T) {
	for _, ok := range []string{"octosync/pull", "main", "feature-1.2", "a_b/c", "user@host"} {
		if err := ValidBranchName(ok); err != nil {
			t.Errorf("%q: %v, want valid", ok, err)
		}
	}
	for _, bad := range []string{"", "a..b", "HEAD", "head", "FETCH_HEAD", "@", "-x", "refs/heads/x", "deadbeef",
		"a b", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "a@{1}", "/a", "a/", "a.", "a//b", ".a", "a/.b", "a.lock", "a\x1bb"} {
		if err := ValidBranchName(bad); err == nil {
			t.Errorf("%q: accepted, want refused", bad)
		}
	}
}
