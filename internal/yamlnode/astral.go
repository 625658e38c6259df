package yamlnode

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yaml.v3's emitter takes characters outside the Basic Multilingual Plane
// (emoji, rarer CJK) for unprintable: it escapes them ("\U0001F389") and,
// worse, turns a literal block holding one into a double-quoted line. Encode
// therefore swaps each such character for a private-use character the text
// does not contain, which the emitter treats like any letter, and swaps it
// back in the output. The output is still exact YAML for the original text:
// the emitter never escapes or splits a printable character.

// astral maps stand-in private-use runes back to the characters they hide.
type astral struct {
	to   map[rune]rune // original → stand-in
	back *strings.Replacer
}

// Private-use stand-ins come from U+E000–U+F8FF, all printable to yaml.v3.
const (
	puaFirst = 0xE000
	puaLast  = 0xF8FF
)

// hideAstral replaces, in every scalar of the tree (in place), each rune above U+FFFF
// by a stand-in. It returns nil (and changes nothing) when there is no such
// rune or not enough unused stand-ins.
func hideAstral(n *yaml.Node) *astral {
	var found []rune
	used := map[rune]bool{}
	seen := map[rune]bool{}
	walk(n, func(s string) {
		// Text that spells an escape of a stand-in ("uE000") would be
		// confused with it once the emitter escapes the stand-in.
		for i := strings.IndexAny(s, "uU"); i >= 0 && i+5 <= len(s); {
			if v, err := strconv.ParseUint(s[i+1:i+5], 16, 32); err == nil {
				used[rune(v)] = true
			}
			j := strings.IndexAny(s[i+1:], "uU")
			if j < 0 {
				break
			}
			i += 1 + j
		}
		for _, r := range s {
			switch {
			case r > 0xFFFF && !seen[r]:
				seen[r] = true
				found = append(found, r)
			case r >= puaFirst && r <= puaLast:
				used[r] = true
			}
		}
	})
	if len(found) == 0 {
		return nil
	}
	a := &astral{to: make(map[rune]rune, len(found))}
	var pairs []string
	next := rune(puaFirst)
	for _, r := range found {
		for next <= puaLast && used[next] {
			next++
		}
		if next > puaLast {
			return nil
		}
		a.to[r] = next
		// The emitter writes a stand-in as is, or escaped (\uE000) when it
		// double-quotes a string with unprintable characters.
		pairs = append(pairs, string(next), string(r), fmt.Sprintf(`\u%04X`, next), fmt.Sprintf(`\U%08X`, r))
		next++
	}
	a.back = strings.NewReplacer(pairs...)
	swap(n, func(s string) string {
		return strings.Map(func(r rune) rune {
			if s, ok := a.to[r]; ok {
				return s
			}
			return r
		}, s)
	})
	return a
}

// unhide gives the tree's scalars their original text back.
func (a *astral) unhide(n *yaml.Node) {
	if a != nil {
		swap(n, a.back.Replace)
	}
}

// restore puts the original characters back into emitted YAML.
func (a *astral) restore(data []byte) []byte {
	if a == nil {
		return data
	}
	return []byte(a.back.Replace(string(data)))
}

func walk(n *yaml.Node, f func(string)) {
	if n.Kind == yaml.ScalarNode {
		f(n.Value)
	}
	for _, c := range n.Content {
		walk(c, f)
	}
}

func swap(n *yaml.Node, f func(string) string) {
	if n.Kind == yaml.ScalarNode {
		n.Value = f(n.Value)
	}
	for _, c := range n.Content {
		swap(c, f)
	}
}
