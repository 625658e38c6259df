package gitrepo

import (
	"errors"
	"testing"
)

func TestReadFileAt(t *testing.T) {
	f := newFixture(t, "octo")
	first := f.commit("v1", map[string]string{"a.md": "one\n"})
	f.commit("v2", map[string]string{"a.md": "two\n"})
	f.git("tag", "v1", first)

	tests := []struct {
		rev, path, want string
		err             error
	}{
		{"HEAD", "a.md", "two\n", nil},
		{"HEAD~1", "a.md", "one\n", nil},
		{first, "a.md", "one\n", nil},
		{first[:7], "a.md", "one\n", nil},
		{"v1", "a.md", "one\n", nil},
		{"main", "a.md", "two\n", nil},
		{"HEAD", "missing.md", "", ErrFileNotFound},
		{"HEAD", "", "", ErrFileNotFound}, // a folder is not a file
		{"nosuchbranch", "a.md", "", ErrUnknownRevision},
		{"HEAD~5", "a.md", "", ErrUnknownRevision},
	}
	for _, tt := range tests {
		t.Run(tt.rev+":"+tt.path, func(t *testing.T) {
			got, err := f.repo.ReadFileAt(tt.rev, tt.path)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ReadFileAt(%q, %q) error = %v, want %v", tt.rev, tt.path, err, tt.err)
			}
			if string(got) != tt.want {
				t.Errorf("ReadFileAt(%q, %q) = %q, want %q", tt.rev, tt.path, got, tt.want)
			}
		})
	}
	if h, err := f.repo.Resolve("v1"); err != nil || h != first {
		t.Errorf("Resolve(v1) = %q, %v; want %q", h, err, first)
	}
}
