package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBlobs builds a history that edits, renames, deletes and restores files
// of an octosync folder inside a bigger repository, and checks that every
// (path, content) pair is reported once, with the commit that introduced it.
func TestBlobs(t *testing.T) {
	f := newFixture(t, "octo")
	c := []string{
		f.commit("add", map[string]string{"businesses/b/articles/a.md": "a1\n", "businesses/b/articles/b.md": "b1\n", "octosync.yaml": "x\n"}),
		f.commit("edit a", map[string]string{"businesses/b/articles/a.md": "a2\n"}),
		f.commit("rename b", map[string]string{"businesses/b/articles/b.md": "", "businesses/b/articles/c.md": "b1\n"}),
		f.commit("delete a", map[string]string{"businesses/b/articles/a.md": ""}),
	}
	// A file outside the octosync folder is never reported.
	whole, err := Open(f.root)
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	if err := os.WriteFile(filepath.Join(f.root, "README.md"), []byte("readme\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := whole.Commit(CommitOptions{Paths: []string{"README.md"}, Message: "outside", Author: testAuthor, When: t0}); err != nil {
		t.Fatal(err)
	}
	c = append(c, f.commit("restore a", map[string]string{"businesses/b/articles/a.md": "a1\n", "businesses/b/workflows/w.yaml": "w\n"}))

	var got []string
	err = f.repo.Blobs(t.Context(), "businesses", func(b Blob) error {
		got = append(got, fmt.Sprintf("%s %q %s", b.Path, b.Content, b.Commit.Subject()))
		if b.Commit.Hash != c[slices.IndexFunc([]string{"add", "edit a", "rename b", "delete a", "restore a"}, func(s string) bool { return s == b.Commit.Subject() })] {
			t.Errorf("%s: commit hash %s does not match the subject", b.Path, b.Commit.Hash)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{
		`businesses/b/articles/a.md "a1\n" add`,
		`businesses/b/articles/a.md "a2\n" edit a`,
		`businesses/b/articles/b.md "b1\n" add`,
		`businesses/b/articles/c.md "b1\n" rename b`,
		`businesses/b/workflows/w.yaml "w\n" restore a`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Blobs:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestDirsSkipsSeenTrees checks the property that keeps the walk fast: a
// folder is visited once per distinct content, however many commits hold it.
func TestDirsSkipsSeenTrees(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"hot/f": "0\n", "cold/g": "g\n", "cold/deep/h": "h\n"})
	for i := 1; i <= 9; i++ {
		f.commit(fmt.Sprintf("edit %d", i), map[string]string{"hot/f": fmt.Sprintf("%d\n", i)})
	}
	f.commit("revert", map[string]string{"hot/f": "0\n"})
	visits := map[string]int{}
	err := f.repo.Dirs(t.Context(), "", func(d Dir) error {
		visits[d.Path]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"":          10, // the revert brings back the first root tree
		"hot":       10, // ten distinct contents: the revert repeats the first
		"cold":      1,
		"cold/deep": 1,
	}
	for p, n := range want {
		if visits[p] != n {
			t.Errorf("folder %q visited %d times, want %d", p, visits[p], n)
		}
	}
	if len(visits) != len(want) {
		t.Errorf("visited %v, want the folders of %v", visits, want)
	}
}

func TestDirLookupSameCommit(t *testing.T) {
	f := newFixture(t, "")
	f.commit("v1", map[string]string{"w/a.yaml": "a\n", "w/a.py": "py1\n"})
	f.commit("v2", map[string]string{"w/a.py": "py2\n"})
	var got []string
	err := f.repo.Dirs(t.Context(), "w", func(d Dir) error {
		h, err := d.Lookup("w/a.py")
		if err != nil {
			return err
		}
		data, err := f.repo.ReadBlob(h)
		if err != nil {
			return err
		}
		got = append(got, d.Commit.Subject()+":"+strings.TrimSpace(string(data)))
		if _, err := d.Lookup("w/missing.py"); !errors.Is(err, ErrFileNotFound) {
			t.Errorf("Lookup(missing) = %v, want ErrFileNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"v1:py1", "v2:py2"}; !slices.Equal(got, want) {
		t.Errorf("Dirs under w: %v, want %v", got, want)
	}
}

func TestBlobsStopsOnError(t *testing.T) {
	f := newFixture(t, "")
	f.commit("one", map[string]string{"a": "a\n", "b": "b\n"})
	stop := errors.New("stop")
	n := 0
	err := f.repo.Blobs(t.Context(), "", func(Blob) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("Blobs returned %v after %d calls, want the callback's error after 1", err, n)
	}
}

func TestBlobsNoCommits(t *testing.T) {
	f := newFixture(t, "")
	err := f.repo.Blobs(t.Context(), "", func(Blob) error { return nil })
	if !errors.Is(err, ErrNoCommits) {
		t.Fatalf("Blobs on an empty repository = %v, want ErrNoCommits", err)
	}
}

// TestDirsMerges walks a history with a merged side branch: content only
// the side branch held is found, and commits are visited after their
// parents.
func TestDirsMerges(t *testing.T) {
	f := newFixture(t, "")
	f.commit("base", map[string]string{"a.md": "base\n"})
	f.git("switch", "-q", "-c", "side")
	f.commit("side edit", map[string]string{"a.md": "side\n", "s.md": "side only\n"})
	f.git("switch", "-q", "main")
	f.commit("main edit", map[string]string{"b.md": "main\n"})
	f.git("-c", "user.name=M", "-c", "user.email=m@example.com", "merge", "-q", "--no-ff", "-m", "merge side", "side")

	var order []string
	contents := map[string]bool{}
	err := f.repo.Blobs(t.Context(), "", func(b Blob) error {
		contents[b.Path+"="+string(b.Content)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a.md=base\n", "a.md=side\n", "s.md=side only\n", "b.md=main\n"} {
		if !contents[want] {
			t.Errorf("Blobs missed %q; saw %v", want, contents)
		}
	}
	err = f.repo.Dirs(t.Context(), "", func(d Dir) error {
		if len(order) == 0 || order[len(order)-1] != d.Commit.Hash {
			order = append(order, d.Commit.Hash)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, h := range order {
		pos[h] = i
	}
	for _, line := range strings.Split(strings.TrimSpace(f.git("rev-list", "--parents", "HEAD")), "\n") {
		hs := strings.Fields(line)
		for _, p := range hs[1:] {
			if pc, ok := pos[p]; ok && pc > pos[hs[0]] {
				t.Errorf("commit %s visited before its parent %s", hs[0][:7], p[:7])
			}
		}
	}
	if len(order) != 4 {
		t.Errorf("visited %d commits with new folders, want 4 (base, side, main, merge)", len(order))
	}
	log, err := f.repo.Log("a.md")
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, c := range log {
		subjects = append(subjects, c.Subject())
	}
	gitLog := strings.Split(strings.TrimSpace(f.git("log", "--format=%s", "--", "a.md")), "\n")
	if !slices.Equal(subjects, gitLog) {
		t.Errorf("Log(a.md) = %q, git log = %q", subjects, gitLog)
	}
}

// TestDirsEpoch: a folder is visited again, once, when the epoch of the
// commit changes (here: the content of a setting file outside it), and
// Snapshot.Lookup sees the whole commit.
func TestDirsEpoch(t *testing.T) {
	f := newFixture(t, "sub")
	f.commit("init", map[string]string{"conf": "de\n", "a/f": "1\n"})
	f.commit("edit", map[string]string{"a/f": "2\n"})
	f.commit("switch", map[string]string{"conf": "en\n"})             // a/ unchanged: revisited under en
	f.commit("noise", map[string]string{"b/g": "g\n"})                // a/ unchanged, same epoch: skipped
	f.commit("back", map[string]string{"conf": "de\n", "a/f": "1\n"}) // a/ as in init, epoch de: skipped
	epoch := func(s Snapshot) (string, error) {
		h, err := s.Lookup("conf")
		if err != nil {
			return "", err
		}
		data, err := f.repo.ReadBlob(h)
		return strings.TrimSpace(string(data)), err
	}
	var got []string
	err := f.repo.DirsEpoch(t.Context(), "a", epoch, func(d Dir) error {
		got = append(got, d.Commit.Subject())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"init", "edit", "switch"}; !slices.Equal(got, want) {
		t.Errorf("visits of a/: %v, want %v", got, want)
	}
	stop := errors.New("stop")
	if err := f.repo.DirsEpoch(t.Context(), "a", func(Snapshot) (string, error) { return "", stop }, func(Dir) error { return nil }); !errors.Is(err, stop) {
		t.Errorf("DirsEpoch = %v, want the epoch's error", err)
	}
}
