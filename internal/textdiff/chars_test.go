package textdiff

import (
	"math/rand"
	"strings"
	"testing"
)

// join rebuilds one side of a character diff.
func join(edits []Edit, skip Op) string {
	var b strings.Builder
	for _, e := range edits {
		if e.Op != skip {
			b.WriteString(e.Text)
		}
	}
	return b.String()
}

func TestCharsRebuildsBothSides(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	alphabet := []rune("ab \nß{}$")
	randText := func() string {
		n := r.Intn(60)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.Intn(len(alphabet))])
		}
		return b.String()
	}
	for range 500 {
		a, b := randText(), randText()
		edits := Chars(a, b)
		if got := join(edits, Insert); got != a {
			t.Fatalf("Chars(%q, %q): before rebuilt as %q", a, b, got)
		}
		if got := join(edits, Delete); got != b {
			t.Fatalf("Chars(%q, %q): after rebuilt as %q", a, b, got)
		}
		for i := 1; i < len(edits); i++ {
			if edits[i].Op == edits[i-1].Op {
				t.Fatalf("Chars(%q, %q): two %q runs in a row", a, b, edits[i].Op)
			}
		}
	}
}

func TestCharsKeepsTheUnchangedPart(t *testing.T) {
	edits := Chars("Write to support@example.com today.", "Write to support@example.com tomorrow.")
	if edits[0].Op != Equal || !strings.HasPrefix(edits[0].Text, "Write to support@example.com to") {
		t.Fatalf("first run %+v, want the common prefix kept", edits[0])
	}
}
