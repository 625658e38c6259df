package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendering (run go test -update to accept it); got:\n%s", path, got)
	}
}

func TestGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			p := f.plan(t)
			var text, color, md, js bytes.Buffer
			if err := Text(&text, p, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := Text(&color, p, TextOptions{Color: true}); err != nil {
				t.Fatal(err)
			}
			if err := Markdown(&md, p, MarkdownOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&js, p); err != nil {
				t.Fatal(err)
			}
			golden(t, f.name+".txt", text.Bytes())
			golden(t, f.name+".color.txt", color.Bytes())
			golden(t, f.name+".md", md.Bytes())
			golden(t, f.name+".json", js.Bytes())

			// Determinism: a second rendering is identical.
			var again bytes.Buffer
			if err := Text(&again, f.plan(t), TextOptions{Color: true}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), color.Bytes()) {
				t.Error("two renderings of one plan differ")
			}
		})
	}
}

func TestMarkdownTruncated(t *testing.T) {
	var md bytes.Buffer
	if err := Markdown(&md, mixed(t), MarkdownOptions{MaxLen: 3000}); err != nil {
		t.Fatal(err)
	}
	golden(t, "mixed.truncated.md", md.Bytes())
}

// TestMarkdownMaxLen: the output never exceeds the limit, and what is left
// out is counted.
func TestMarkdownMaxLen(t *testing.T) {
	p := mixed(t)
	var full bytes.Buffer
	if err := Markdown(&full, p, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	for limit := 1500; limit <= full.Len()+10; limit += 97 {
		var md bytes.Buffer
		if err := Markdown(&md, p, MarkdownOptions{MaxLen: limit}); err != nil {
			t.Fatal(err)
		}
		if md.Len() > limit {
			t.Fatalf("MaxLen %d: output is %d bytes", limit, md.Len())
		}
		shown := strings.Count(md.String(), "<details>")
		truncated := strings.Contains(md.String(), "not shown (plan output truncated at")
		if truncated == (shown == len(p.Changes)) {
			t.Fatalf("MaxLen %d: %d of %d changes shown, truncation note %v", limit, shown, len(p.Changes), truncated)
		}
		if !utf8.Valid(md.Bytes()) {
			t.Fatalf("MaxLen %d: invalid UTF-8", limit)
		}
	}
}

// TestSandboxFirstLine: every rendering against the sandbox says so first.
func TestSandboxFirstLine(t *testing.T) {
	for _, f := range fixtures {
		p := f.plan(t)
		p.Sandbox = true
		var text, md bytes.Buffer
		if err := Text(&text, p, TextOptions{Color: true}); err != nil {
			t.Fatal(err)
		}
		if err := Markdown(&md, p, MarkdownOptions{}); err != nil {
			t.Fatal(err)
		}
		for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
			first, _, _ := strings.Cut(out, "\n")
			if !strings.Contains(first, "sandbox") {
				t.Errorf("%s/%s: first line %q does not mention the sandbox", f.name, name, first)
			}
		}
	}
}

// TestNoRawControlCharacters: without colour, nothing from a title, a path
// or a text reaches the terminal as a control character, and Markdown
// never carries raw HTML from the plan.
func TestNoRawControlCharacters(t *testing.T) {
	for _, f := range fixtures {
		p := f.plan(t)
		var text, md bytes.Buffer
		if err := Text(&text, p, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := Markdown(&md, p, MarkdownOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, r := range text.String() {
			if r != '\n' && r != '\t' && unsafeRune(r) {
				t.Errorf("%s: text output holds %U", f.name, r)
			}
		}
		for _, bad := range []string{"<script", "</details> &", "<b>hi"} {
			if strings.Contains(md.String(), bad) {
				t.Errorf("%s: markdown holds raw %q", f.name, bad)
			}
		}
	}
}

func TestNoChanges(t *testing.T) {
	var text bytes.Buffer
	if err := Text(&text, &plan.Plan{FormatVersion: 1, Unchanged: 3}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := NoChanges + "\n3 unchanged.\n"; text.String() != want {
		t.Errorf("got %q, want %q", text.String(), want)
	}
}

func TestJSONIsMarshal(t *testing.T) {
	p := mixed(t)
	var js bytes.Buffer
	if err := JSON(&js, p); err != nil {
		t.Fatal(err)
	}
	want, err := plan.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js.Bytes(), want) {
		t.Error("JSON differs from plan.Marshal")
	}
}

func TestEscapes(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{visible, "plain\ttext", "plain\ttext"},
		{visible, "a\x1b[31mb", `a\x1b[31mb`},
		{visible, "rtl\u202eevil", `rtl\u202eevil`},
		{visible, "bad\xffbyte", `bad\xffbyte`},
		{visible, "Grüße – ok", "Grüße – ok"},
		{htmlText, "<a href='x'>|`*_", "&lt;a href=&#39;x&#39;&gt;&#124;&#96;&#42;&#95;"},
		{fence, "no ticks", "```"},
		{fence, "a ```` b", "`````"},
		{func(s string) string { return thousands(len(s) * 20000) }, "abc", "60,000"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateSummary(t *testing.T) {
	if got := ValidateSummary(nil, 1); got != "0 errors, 0 warnings in 1 file" {
		t.Errorf("got %q", got)
	}
	two := diag.List{diag.Errorf("a", diag.Pos{}, "x"), diag.Errorf("b", diag.Pos{}, "y"), diag.Warningf("a", diag.Pos{}, "z")}
	if got := ValidateSummary(two, 9); got != "2 errors, 1 warning in 9 files" {
		t.Errorf("got %q", got)
	}
}

func TestValidateTextColour(t *testing.T) {
	diags := diag.List{diag.Errorf("a.md", diag.Pos{Line: 2, Col: 1}, "bad"), diag.Warningf("b.md", diag.Pos{}, "meh")}
	var plain, colour bytes.Buffer
	if err := ValidateText(&plain, diags, 2, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ValidateText(&colour, diags, 2, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain report has colour:\n%q", plain.String())
	}
	if !strings.Contains(colour.String(), "a.md:2:1: "+ansiRed+"error"+ansiReset+": bad") ||
		!strings.Contains(colour.String(), "b.md: "+ansiYellow+"warning"+ansiReset+": meh") {
		t.Errorf("coloured report:\n%q", colour.String())
	}
}

// TestValidateTextColoursOnlyTheSeverity: the severity is painted where
// the diagnostic puts it, not at the first ": error: " of the line (a file
// named so, a message quoting one).
func TestValidateTextColoursOnlyTheSeverity(t *testing.T) {
	diags := diag.List{diag.Warningf("x: error: y.md", diag.Pos{Line: 1}, "says: error: here")}
	var out bytes.Buffer
	if err := ValidateText(&out, diags, 1, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	want := "x: error: y.md:1: " + ansiYellow + "warning" + ansiReset + ": says: error: here\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("got %q, want it to start with %q", out.String(), want)
	}
}

// TestTargetNoticeTakesTheVerb: each command's first line names what it
// does with the target, from the verb it passes.
func TestTargetNoticeTakesTheVerb(t *testing.T) {
	sandbox := &plan.Plan{Sandbox: true}
	api := &plan.Plan{Target: "https://api.example/rest/v1"}
	for _, c := range []struct {
		p    *plan.Plan
		verb string
		want string
	}{
		{sandbox, VerbPlan, "Planning against the built-in sandbox, not a live Octocom organization."},
		{sandbox, VerbPull, "Pulling from the built-in sandbox, not a live Octocom organization."},
		{api, VerbApply("plan\x1b.json"), `Applying plan\x1b.json to the Octocom API at https://api.example/rest/v1.`},
		{&plan.Plan{}, VerbPlan, ""},
	} {
		if got := TargetNotice(c.p, c.verb); got != c.want {
			t.Errorf("TargetNotice(%s) = %q, want %q", c.verb, got, c.want)
		}
	}
}
