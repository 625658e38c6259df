package gitrepo

import (
	"slices"
	"strings"
	"testing"
)

// TestFirstParents: a merge's second parent (the merged branch) is not
// walked; the limit holds.
func TestFirstParents(t *testing.T) {
	f := newFixture(t, "")
	one := f.commit("one", map[string]string{"a.txt": "1\n"})
	f.git("checkout", "-q", "-b", "topic")
	side := f.commit("side", map[string]string{"b.txt": "b\n"})
	f.git("checkout", "-q", "main")
	two := f.commit("two", map[string]string{"a.txt": "2\n"})
	f.git("-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "-q", "--no-ff", "-m", "merge topic", "topic")
	merge := strings.TrimSpace(f.git("rev-parse", "HEAD"))
	got, err := f.repo.FirstParents(10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{merge, two, one}; !slices.Equal(got, want) {
		t.Errorf("FirstParents = %v, want %v (not the side commit %s)", got, want, side)
	}
	if got, _ := f.repo.FirstParents(2); len(got) != 2 {
		t.Errorf("FirstParents(2) = %d commits", len(got))
	}
}
