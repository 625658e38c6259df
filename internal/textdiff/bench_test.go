package textdiff

import (
	"fmt"
	"strings"
	"testing"
)

// article is about 50,000 characters of Markdown, the API's limit.
func article(edit func(i int) string) string {
	var b strings.Builder
	for i := 0; b.Len() < 50000; i++ {
		b.WriteString(edit(i))
	}
	return b.String()
}

func para(i int) string {
	return fmt.Sprintf("Paragraph %d: items may be returned within 45 days of delivery.\n", i)
}

// BenchmarkUnified50k: a 50,000-character article with 40 scattered edits.
func BenchmarkUnified50k(b *testing.B) {
	before := article(para)
	after := article(func(i int) string {
		if i%20 == 7 {
			return fmt.Sprintf("Paragraph %d was rewritten.\n", i)
		}
		return para(i)
	})
	b.ReportAllocs()
	for b.Loop() {
		if len(Unified(before, after, DefaultContext)) == 0 {
			b.Fatal("no hunks")
		}
	}
}

// BenchmarkUnified50kRewrite: every line of a 50,000-character article
// changed, the worst case for the Myers search.
func BenchmarkUnified50kRewrite(b *testing.B) {
	before := article(para)
	after := article(func(i int) string { return fmt.Sprintf("Rewritten %d.\n", i*7919%1000) })
	b.ReportAllocs()
	for b.Loop() {
		Unified(before, after, DefaultContext)
	}
}
