package gitrepo

import (
	"slices"
	"strings"
	"testing"
)

func TestLog(t *testing.T) {
	f := newFixture(t, "octo")
	f.commit("add a and b", map[string]string{"a.md": "1\n", "b.md": "1\n"})
	f.commit("edit b", map[string]string{"b.md": "2\n"})
	f.commit("edit a", map[string]string{"a.md": "2\n"})
	f.commit("delete a", map[string]string{"a.md": ""})
	f.commit("restore a", map[string]string{"a.md": "1\n"})

	tests := []struct {
		path string
		want []string
	}{
		{"a.md", []string{"restore a", "delete a", "edit a", "add a and b"}},
		{"b.md", []string{"edit b", "add a and b"}},
		{"", []string{"restore a", "delete a", "edit a", "edit b", "add a and b"}},
		{"missing.md", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			log, err := f.repo.Log(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range log {
				got = append(got, c.Subject())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Log(%q) = %q, want %q", tt.path, got, tt.want)
			}
			// git agrees.
			gitLog := strings.Fields(strings.ReplaceAll(f.git("log", "--format=%s", "--", "octo/"+tt.path), " ", "_"))
			want := make([]string, len(tt.want))
			for i, s := range tt.want {
				want[i] = strings.ReplaceAll(s, " ", "_")
			}
			if !slices.Equal(gitLog, want) {
				t.Errorf("git log -- %s = %q, want %q", tt.path, gitLog, want)
			}
		})
	}
	log, _ := f.repo.Log("a.md")
	if c := log[0]; c.Author != *testAuthor || !c.When.Equal(t0.Add(4*3600e9)) || len(c.Hash) != 40 || c.Short() != c.Hash[:7] {
		t.Errorf("Log(a.md)[0] = %+v", c)
	}
}
