package sandbox

import (
	"slices"
	"strings"
	"unicode"
)

// The sandbox bot is a deterministic stand-in for Octocom's language model.
// It exists so that octosync's conversation tests (octosync test) can be
// tested end to end; it is not a model of how the real bot answers.
//
// It answers one customer message from the business's live configuration:
//
//  1. the enabled workflow whose trigger (and title) shares the most words
//     with the message, when it shares at least minMatch: the reply is the
//     workflow's instructions;
//  2. else the enabled articles sharing the most words with the message
//     (title and tags count double, and one of them must be shared), when
//     the best one reaches minMatch:
//     the reply is the best article's content, and every article within
//     three quarters of its score is reported as used (at most three);
//  3. else it hands the conversation off to a person.
//
// Words are compared lower-cased, without common English stop words and
// with a crude suffix stemmer ("returns" and "returned" are "return"). Ties
// go to the resource created first.

// minMatch is the fewest shared words that make a match; a message of one
// word matches on that word.
const minMatch = 2

// maxArticlesUsed bounds the articles one reply reports.
const maxArticlesUsed = 3

// handoffText is the reply when nothing matches.
const handoffText = "I'm handing you over to a member of our team, who will get back to you shortly."

// botAnswer is one reply of the bot and how it came about.
type botAnswer struct {
	text      string
	workflow  *ref
	articles  []ref
	handedOff bool
}

// ref names a resource in a reply.
type ref struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// answer computes the bot's reply to message from the live resources of b;
// the caller holds the store's read lock.
func (s *store) answer(b *business, message string) botAnswer {
	msg := wordSet(message)
	need := min(minMatch, len(msg))
	if need == 0 {
		return handoff()
	}
	var best *resource
	bestScore := 0
	for _, r := range s.list(b, KindWorkflow, false) {
		w := r.cur.(*Workflow)
		if !w.Enabled {
			continue
		}
		if sc := overlap(msg, wordSet(w.Trigger+" "+w.Title)); sc > bestScore {
			best, bestScore = r, sc
		}
	}
	if best != nil && bestScore >= need {
		w := best.cur.(*Workflow)
		return botAnswer{text: strings.TrimSpace(w.Instructions), workflow: &ref{ID: best.ID, Title: w.Title}, articles: []ref{}}
	}
	type scored struct {
		r     *resource
		score int
	}
	var hits []scored
	for _, r := range s.list(b, KindArticle, false) {
		a := r.cur.(*Article)
		if !a.Enabled {
			continue
		}
		head := overlap(msg, wordSet(a.Title+" "+strings.Join(a.Tags, " ")))
		if sc := 2*head + overlap(msg, wordSet(a.Content)); head > 0 {
			hits = append(hits, scored{r, sc})
		}
	}
	slices.SortStableFunc(hits, func(x, y scored) int { return y.score - x.score })
	if len(hits) == 0 || hits[0].score < need {
		return handoff()
	}
	out := botAnswer{text: strings.TrimSpace(hits[0].r.cur.(*Article).Content), articles: []ref{}}
	for _, h := range hits {
		if len(out.articles) == maxArticlesUsed || 4*h.score < 3*hits[0].score {
			break
		}
		out.articles = append(out.articles, ref{ID: h.r.ID, Title: h.r.cur.(*Article).Title})
	}
	return out
}

func handoff() botAnswer {
	return botAnswer{text: handoffText, articles: []ref{}, handedOff: true}
}

// overlap counts the words of a found in b.
func overlap(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}

// wordSet is the set of meaningful, stemmed words of s.
func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if stopWords[w] {
			continue
		}
		out[stem(w)] = true
	}
	return out
}

// stem drops one common English suffix from a word long enough to keep a
// stem of three letters, and a doubled final consonant after it
// ("shipping" → "ship").
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "e", "s"} {
		if st, ok := strings.CutSuffix(w, suf); ok && len(st) >= 3 {
			if n := len(st); (suf == "ing" || suf == "ed") && st[n-1] == st[n-2] {
				st = st[:n-1]
			}
			return st
		}
	}
	return w
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and or the to of in on for with at by from as if is are was were be been
		it its this that these those i me my mine you your we our us they their he she him her them
		do does did can could would should will shall may might must have has had not no yes so
		how what when where why which who whom there here please hi hello hey thanks thank
		about any some all just get got want wants need needs customer customers asks ask tell
		s t`) {
		m[w] = true
	}
	return m
}()
