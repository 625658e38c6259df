package safewrite

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// setup makes a folder "repo" beside a folder "outside", and returns both.
func setup(t *testing.T) (repo, outside string) {
	t.Helper()
	base := t.TempDir()
	repo, outside = filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, d := range []string{repo, outside, filepath.Join(repo, "inner")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "victim"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	return repo, outside
}

func link(t *testing.T, target, at string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(at), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, at); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// TestLinksAreNeverWrittenThrough plants links where a write goes, to
// outside the folder and inside it, as the folder, as a parent and as the
// file itself: every write (a bulk export's staging and its moves too) is
// refused with a LinkError naming the link, and the outside file is
// untouched.
func TestLinksAreNeverWrittenThrough(t *testing.T) {
	tests := []struct {
		name     string
		plant    func(repo, outside string)
		rel      string
		wantLink string
	}{
		{"parent to outside", func(repo, outside string) { link(t, outside, filepath.Join(repo, "businesses")) }, "businesses/victim", "businesses"},
		{"grandparent to outside", func(repo, outside string) { link(t, outside, filepath.Join(repo, "businesses")) }, "businesses/acme/a.md", "businesses"},
		{"file to outside", func(repo, outside string) {
			link(t, filepath.Join(outside, "victim"), filepath.Join(repo, ".octosync", "sandbox.json.lock"))
		}, ".octosync/sandbox.json.lock", ".octosync/sandbox.json.lock"},
		{"parent to inside", func(repo, _ string) { link(t, filepath.Join(repo, "inner"), filepath.Join(repo, ".octosync")) }, ".octosync/.gitignore", ".octosync"},
		{"relative link", func(repo, _ string) { link(t, "../outside", filepath.Join(repo, "b")) }, "b/victim", "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, outside := setup(t)
			tt.plant(repo, outside)
			d, err := Open(repo)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			staging := staged(t, d)
			_, mkdirTemp := d.MkdirTemp(tt.rel + "/.stage-")
			attempts := map[string]error{
				"WriteFile":         d.WriteFile(tt.rel, []byte("pwned"), 0o644),
				"MkdirAll":          d.MkdirAll(tt.rel),
				"Remove":            d.Remove(tt.rel),
				"Check":             d.Check(tt.rel),
				"CreateFiles":       d.CreateFiles([]File{{Path: tt.rel, Data: []byte("pwned"), Perm: 0o644}}),
				"MoveAndWriteFiles": d.MoveAndWriteFiles([]Move{{From: staging + "/sub", To: tt.rel}}, nil),
				"RemoveAll":         d.RemoveAll(tt.rel),
				"MkdirTemp":         mkdirTemp,
			}
			f, err := d.OpenFile(tt.rel, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
			if f != nil {
				f.Close()
			}
			attempts["OpenFile"] = err
			for op, err := range attempts {
				var le *LinkError
				if !errors.As(err, &le) || le.Path != tt.wantLink {
					t.Errorf("%s(%s) = %v, want a LinkError on %s", op, tt.rel, err, tt.wantLink)
				}
			}
			if data, err := os.ReadFile(filepath.Join(outside, "victim")); err != nil || string(data) != "precious" {
				t.Errorf("outside file: %q, %v", data, err)
			}
			entries, _ := os.ReadDir(outside)
			if len(entries) != 1 {
				t.Errorf("something was created outside: %v", entries)
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	repo, _ := setup(t)
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.MkdirAll("a/b"); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/b/c.md", []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(repo, "a/b/c.md"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/b/c.md", []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(repo, "a/b/c.md"))
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode after rewrite = %v, %v; want the file's own 0640", fi.Mode(), err)
	}
	data, _ := os.ReadFile(filepath.Join(repo, "a/b/c.md"))
	if string(data) != "two" {
		t.Errorf("content %q", data)
	}
	if entries, _ := os.ReadDir(filepath.Join(repo, "a/b")); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := d.Remove("a/b/c.md"); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove("a/b/c.md"); err != nil {
		t.Errorf("removing a missing file: %v", err)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", "", "."} {
		if err := d.WriteFile(bad, nil, 0o644); err == nil {
			t.Errorf("WriteFile(%q) accepted", bad)
		}
	}
}

// TestWriteFilesIsAllOrNothingBeforeTheRenames: when one file of a batch
// cannot be written, no target changes and no temporary file is left.
func TestWriteFilesIsAllOrNothingBeforeTheRenames(t *testing.T) {
	repo, outside := setup(t)
	if err := os.WriteFile(filepath.Join(repo, "inner", "a.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link(t, outside, filepath.Join(repo, "inner", "linked"))
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	files := []File{{Path: "inner/a.md", Data: []byte("new"), Perm: 0o644}, {Path: "inner/b.md", Data: []byte("b"), Perm: 0o644}, {Path: "inner/linked/c.md", Data: []byte("c"), Perm: 0o644}}
	var le *LinkError
	if err := d.WriteFiles(files); !errors.As(err, &le) {
		t.Fatalf("WriteFiles = %v, want a LinkError", err)
	}
	entries, _ := os.ReadDir(filepath.Join(repo, "inner"))
	if len(entries) != 2 {
		t.Errorf("inner/ holds %v, want a.md and the link only", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(repo, "inner", "a.md")); string(data) != "old" {
		t.Errorf("a.md = %q, want it unchanged", data)
	}
	if err := d.WriteFiles(files[:2]); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(repo, "inner", "b.md")); string(data) != "b" {
		t.Errorf("b.md = %q", data)
	}
}

func TestWritePathRefusesALink(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "plan.json")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	var le *LinkError
	if err := WritePath(link, []byte("plan"), 0o644); !errors.As(err, &le) {
		t.Fatalf("WritePath through a link: %v, want a *LinkError", err)
	}
	if data, _ := os.ReadFile(outside); string(data) != "keep" {
		t.Errorf("the link's target was written: %q", data)
	}
	if err := WritePath(filepath.Join(dir, "report.xml"), []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWritePathRefusesALinkedFolder: a link anywhere below the working
// directory is refused, a folder as well as the file (plan --out
// reports/plan.json, test --junit reports/j.xml with reports a link).
func TestWritePathRefusesALinkedFolder(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "reports")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "real", "deeper")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, p := range []string{"reports/plan.json", "real/deeper/j.xml", filepath.Join(dir, "reports", "plan.json")} {
		var le *LinkError
		if err := WritePath(p, []byte("plan"), 0o644); !errors.As(err, &le) {
			t.Errorf("WritePath(%s): %v, want a *LinkError", p, err)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("written through the link: %v", entries)
	}
	if err := WritePath("real/plan.json", []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
}
