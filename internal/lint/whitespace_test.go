package lint

import (
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

func TestTrailingWhitespaceWarning(t *testing.T) {
	tests := []struct {
		name, body, want string // want: "" for no warning, else "line:col more"
	}{
		{"hard line break", "Customer Care  \n221B Harbour Street\n", ""},
		{"three spaces are a break too", "a   \nb\n", ""},
		{"code fence keeps its whitespace", "```\nx = 1 \t\n```\n", ""},
		{"blank lines with spaces", "a\n   \nb\n", ""},
		{"a lone space", "Hello \nworld\n", "7:6"},
		{"a tab", "Hello\t\nworld\n", "7:6"},
		{"a break that breaks nothing", "a\nlast line  \n\nnext paragraph\n", "8:10"},
		{"counted", "one \ntwo \nthree\n", "7:4 (and 1 more lines)"},
		{"CRLF is not whitespace", "a\r\nb\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := "---\ntitle: T\nlanguage: en\ntags: []\nenabled: true\n---\n" + tt.body
			doc, diags := document.Parse(resource.KindArticle, "a.md", []byte(data), document.ParseOptions{})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got := checkTrailingWhitespace(doc, doc.Spec.(resource.Article).Content)
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("unexpected warning: %v", got)
				}
				return
			}
			pos, more, _ := strings.Cut(tt.want, " ")
			if len(got) != 1 || !strings.HasPrefix(got[0].String(), "a.md:"+pos+": warning: trailing whitespace") || !strings.Contains(got[0].Message, more) {
				t.Errorf("got %v, want a warning at %s %s", got, pos, more)
			}
		})
	}
}
