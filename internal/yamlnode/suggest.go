package yamlnode

import "strings"

// Suggest returns the candidate closest to word, for "did you mean"
// messages: the one with the smallest edit distance (insertions, deletions,
// substitutions and swaps of neighbours, ignoring case), if that distance is
// small for the word's length (1 up to 4 characters, 2 up to 8, 3 beyond).
// Ties go to the earlier candidate.
func Suggest(word string, candidates []string) (string, bool) {
	w := strings.ToLower(word)
	limit := 1
	switch n := len([]rune(w)); {
	case n > 8:
		limit = 3
	case n > 4:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := distance(w, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD <= limit
}

// distance is the optimal-string-alignment edit distance between a and b,
// counted in runes.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rolling rows: the previous two and the current one.
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
