package yamlnode

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// flatPieces are the characters and words random scalars are made of:
// every ASCII punctuation mark, spaces and tabs, line breaks, words yaml.v3
// or YAML 1.1 read as other types, numbers, Latin-1 and CJK letters, the
// characters at the edges of the range encodeFlat takes, a private-use
// stand-in, an emoji, a byte-order mark and a byte that is not UTF-8.
var flatPieces = []string{
	"a", "Z", "q", "word", "Return policy", "en", "0", "12", "1:20", "1.5", "-", "--", "---", ".", "...", "_",
	" ", "  ", "\t", "\n", "\r", "\u0085", "\u2028", "\u2029", "\u00a0", "\u00bf", "\u00e9", "\ud7ff", "\ue000", "\ufeff", "\ufffd",
	"日本", "🎉", "\xff", "\x7f", "\x01",
	"true", "True", "FALSE", "null", "NULL", "~", "yes", "No", "on", "OFF", "y", "n", ".inf", "<<", "0x1F", "1e3", "2024-01-02",
	"!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "^", "`", "{", "|", "}",
	": ", " #", "- ", "? ",
}

// randomScalar joins one to four random pieces.
func randomScalar(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(4) {
		b.WriteString(flatPieces[r.IntN(len(flatPieces))])
	}
	return b.String()
}

// randomFlat builds a mapping like front matter: string, boolean and flow
// list values, their styles chosen by String mostly and at random
// sometimes, keys now and then long or odd.
func randomFlat(r *rand.Rand) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	str := func() *yaml.Node {
		if r.IntN(8) == 0 {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: randomScalar(r), Style: []yaml.Style{0, yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle, yaml.LiteralStyle}[r.IntN(4)]}
		}
		return String(randomScalar(r))
	}
	for range r.IntN(6) {
		key := []string{"id", "title", "language", "tags", "enabled", randomScalar(r), strings.Repeat("k", 120+r.IntN(16))}[r.IntN(7)]
		switch r.IntN(4) {
		case 0:
			Set(m, key, BoolNode(r.IntN(2) == 0))
		case 1:
			l := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
			for range r.IntN(4) {
				l.Content = append(l.Content, str())
			}
			Set(m, key, l)
		default:
			Set(m, key, str())
		}
	}
	return m
}

// TestEncodeFlatIsYAMLv3 checks encodeFlat against yaml.v3 on random
// front matter: wherever it takes a tree, it writes yaml.v3's very bytes,
// and it takes typical front matter.
func TestEncodeFlatIsYAMLv3(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	taken := 0
	const trees = 50000
	for range trees {
		m := randomFlat(r)
		got, ok := encodeFlat(m)
		if !ok {
			continue
		}
		taken++
		want, err := encodeV3(m)
		if err != nil {
			t.Fatalf("yaml.v3: %v", err)
		}
		if string(got) != string(want) {
			t.Fatalf("encodeFlat wrote\n%q\nyaml.v3 writes\n%q", got, want)
		}
	}
	if taken < trees/20 {
		t.Errorf("encodeFlat took %d of %d random trees: the comparison tests too little", taken, trees)
	}

	article := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	Set(article, "id", String("art_01HX9"))
	Set(article, "title", String("Retours et remboursements (UE), étape par étape!"))
	Set(article, "language", String("fr"))
	Set(article, "tags", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{String("returns"), String("refund-policy")}})
	Set(article, "enabled", BoolNode(true))
	want := "id: art_01HX9\ntitle: Retours et remboursements (UE), étape par étape!\nlanguage: fr\ntags: [returns, refund-policy]\nenabled: true\n"
	if got, ok := encodeFlat(article); !ok || string(got) != want {
		t.Errorf("typical front matter: encodeFlat = %q, %v; want %q", got, ok, want)
	}
	if got, _ := encodeV3(article); string(got) != want {
		t.Errorf("yaml.v3 writes %q, the test expects %q", got, want)
	}
}

// FuzzEncodeFlat checks encodeFlat against yaml.v3 on a title and a tag
// of any text.
func FuzzEncodeFlat(f *testing.F) {
	for _, s := range []string{"Return policy", "a: b", "x #y", "true", "été", "a,b", "1:20", "tab\there", "a\u2028b"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, title, tag string) {
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		Set(m, "title", String(title))
		Set(m, "tags", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{String(tag)}})
		got, ok := encodeFlat(m)
		if !ok {
			return
		}
		want, err := encodeV3(m)
		if err != nil {
			t.Fatalf("yaml.v3: %v", err)
		}
		if string(got) != string(want) {
			t.Fatalf("encodeFlat wrote %q, yaml.v3 writes %q", got, want)
		}
	})
}
