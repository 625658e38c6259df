package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

const (
	retPath  = "businesses/acme/articles/returns.md"
	shipPath = "businesses/acme/articles/shipping.md"
	faqPath  = "businesses/acme/articles/faq.md"
	rulePath = "businesses/acme/bot-rules/greet.yaml"
	flowPath = "businesses/acme/workflows/damaged.yaml"
	allArt   = "[title,language,tags,enabled,content]"
)

func TestCompute(t *testing.T) {
	ret := article("Returns", "Return within 30 days.")
	ship := article("Shipping", "We ship worldwide.")
	many := func(n int) []resource.Resource { // n live articles, none in the files
		var rs []resource.Resource
		for i := range n {
			rs = append(rs, remote("acme", "art_9"+string(rune('a'+i)), 1, article("Old "+string(rune('A'+i)), "x")))
		}
		return rs
	}
	tests := []struct {
		name          string
		businesses    []string
		desired, live []resource.Resource
		opts          Options
		want          []string
		wantUnchanged int
		wantWarnings  []string
	}{
		{
			name:          "equal by title is unchanged",
			desired:       []resource.Resource{file("acme", retPath, "", ret)},
			live:          []resource.Resource{remote("acme", "art_1", 3, ret)},
			wantUnchanged: 1,
		},
		{
			name:          "normalized text compares equal",
			desired:       []resource.Resource{file("acme", retPath, "", article("Returns", "Return within 30 days.\r\n\r\n"))},
			live:          []resource.Resource{remote("acme", "art_1", 3, ret)},
			wantUnchanged: 1,
		},
		{
			name:    "bind by title and update content",
			desired: []resource.Resource{file("acme", retPath, "", article("Returns", "Return within 45 days."))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret)},
			want:    []string{`~ update acme/article "Returns" id=art_1 path=` + retPath + ` v3 [content]`},
		},
		{
			name:    "bind by id across a rename",
			desired: []resource.Resource{file("acme", retPath, "art_1", article("Return policy", ret.Content))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret), remote("acme", "art_2", 1, article("Return policy", "other"))},
			want: []string{
				`~ update acme/article "Return policy" id=art_1 path=` + retPath + ` v3 [title]`,
				`- delete acme/article "Return policy" id=art_2 v1 ` + allArt + ` withheld="pass --prune to delete"`,
			},
		},
		{
			name:    "create",
			desired: []resource.Resource{file("acme", shipPath, "", ship)},
			want:    []string{`+ create acme/article "Shipping" path=` + shipPath + ` ` + allArt},
		},
		{
			name:    "id naming nothing creates and warns",
			desired: []resource.Resource{file("acme", shipPath, "art_404", ship)},
			want:    []string{`+ create acme/article "Shipping" path=` + shipPath + ` ` + allArt},
			wantWarnings: []string{shipPath + ": id art_404 names no live article of acme; it will be created as a new one with a new id " +
				"(run octosync pull after apply to record it, or remove the id)"},
		},
		{
			name:    "id naming nothing binds by title instead, so a second apply never duplicates",
			desired: []resource.Resource{file("acme", retPath, "art_404", article("Returns", "Return within 45 days."))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret)},
			want:    []string{`~ update acme/article "Returns" id=art_1 path=` + retPath + ` v3 [content]`},
			wantWarnings: []string{retPath + ": id art_404 names no live article of acme; bound by its title to art_1 instead " +
				"(run octosync pull to record that id)"},
		},
		{
			name:    "id of another kind does not bind",
			desired: []resource.Resource{file("acme", rulePath, "art_1", rule("Returns", "x", true))},
			live:    []resource.Resource{remote("acme", "art_1", 2, ret)},
			opts:    Options{Kinds: []resource.Kind{resource.KindBotRule}},
			want:    []string{`+ create acme/bot-rule "Returns" path=` + rulePath + ` [title,enabled,content]`},
			wantWarnings: []string{rulePath + ": id art_1 names no live bot rule of acme; it will be created as a new one with a new id " +
				"(run octosync pull after apply to record it, or remove the id)"},
		},
		{
			name:    "a title bound by id elsewhere is not a title candidate",
			desired: []resource.Resource{file("acme", retPath, "art_1", ret), file("acme", faqPath, "", article("Returns", "copy"))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret), remote("acme", "art_2", 5, ret)},
			want: []string{
				`~ update acme/article "Returns" id=art_2 path=` + faqPath + ` v5 [content]`,
			},
			wantUnchanged: 1,
		},
		{
			name:    "restore with identical content",
			desired: []resource.Resource{file("acme", retPath, "art_1", ret)},
			live:    []resource.Resource{gone("acme", "art_1", 4, ret)},
			want:    []string{`< restore acme/article "Returns" id=art_1 path=` + retPath + ` v4 restore=v3 []`},
		},
		{
			name:    "restore then update",
			desired: []resource.Resource{file("acme", retPath, "art_1", article("Returns", "New text."))},
			live:    []resource.Resource{gone("acme", "art_1", 4, ret)},
			want:    []string{`< restore acme/article "Returns" id=art_1 path=` + retPath + ` v4 restore=v3 [content]`},
		},
		{
			name:    "soft-deleted live never binds by title and is never deleted",
			desired: []resource.Resource{file("acme", retPath, "", ret)},
			live:    []resource.Resource{gone("acme", "art_1", 4, ret), gone("acme", "art_2", 2, ship)},
			want:    []string{`+ create acme/article "Returns" path=` + retPath + ` ` + allArt},
		},
		{
			name:    "live content in history is an update",
			desired: []resource.Resource{file("acme", retPath, "", article("Returns", "v2"))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret)},
			opts:    Options{Bases: history{"acme": {ret}}},
			want:    []string{`~ update acme/article "Returns" id=art_1 path=` + retPath + ` v3 [content]`},
		},
		{
			name:    "live content never committed is drift",
			desired: []resource.Resource{file("acme", retPath, "", article("Returns", "v2"))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret)},
			opts:    Options{Bases: history{"acme": {article("Returns", "v1")}}},
			want:    []string{`! update acme/article "Returns" id=art_1 path=` + retPath + ` v3 [content]`},
		},
		{
			name:    "history of another business does not count",
			desired: []resource.Resource{file("acme", retPath, "", article("Returns", "v2"))},
			live:    []resource.Resource{remote("acme", "art_1", 3, ret)},
			opts:    Options{Bases: history{"other": {ret}}},
			want:    []string{`! update acme/article "Returns" id=art_1 path=` + retPath + ` v3 [content]`},
		},
		{
			name:       "live only, committed: pending delete; never committed: drift",
			businesses: []string{"acme"},
			live:       []resource.Resource{remote("acme", "art_1", 3, ret), remote("acme", "art_2", 1, ship)},
			opts:       Options{Bases: history{"acme": {ret}}, Prune: true, MaxDeletes: -1, AllowMassDelete: true},
			want: []string{
				`- delete acme/article "Returns" id=art_1 v3 ` + allArt,
				`! delete acme/article "Shipping" id=art_2 v1 ` + allArt,
			},
		},
		{
			name:       "without prune every delete is withheld, drifted ones too",
			businesses: []string{"acme"},
			live:       []resource.Resource{remote("acme", "art_1", 3, ret), remote("acme", "art_2", 1, ship)},
			opts:       Options{Bases: history{"acme": {ret}}},
			want: []string{
				`- delete acme/article "Returns" id=art_1 v3 ` + allArt + ` withheld="pass --prune to delete"`,
				`! delete acme/article "Shipping" id=art_2 v1 ` + allArt + ` withheld="pass --prune to delete"`,
			},
		},
		{
			name:       "prune deletes",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", retPath, "", ret), file("acme", flowPath, "", workflow("Damaged"))},
			live: []resource.Resource{remote("acme", "art_1", 3, ret), remote("acme", "art_2", 1, ship),
				remote("acme", "wf_1", 1, workflow("Damaged")), remote("acme", "wf_2", 1, workflow("Lost"))},
			opts: Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
			want: []string{
				`- delete acme/article "Shipping" id=art_2 v1 ` + allArt,
				`- delete acme/workflow "Lost" id=wf_2 v1 [title,trigger,actions,conditionProvider,instructions,variants,enabled]`,
			},
			wantUnchanged: 2,
		},
		{
			name:       "deleting a business's only rule empties the kind: a mass delete",
			businesses: []string{"acme"},
			live:       []resource.Resource{remote("acme", "rule_1", 2, rule("Greet", "Hi", true))},
			opts:       Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
			want:       []string{`- delete acme/bot-rule "Greet" id=rule_1 v2 [title,enabled,content] withheld="mass delete: 1 of 1 live bot rules of acme; pass --allow-mass-delete"`},
		},
		{
			name:          "one delete of two is not more than half",
			businesses:    []string{"acme"},
			live:          []resource.Resource{remote("acme", "rule_1", 2, rule("Greet", "Hi", true)), remote("acme", "rule_2", 1, rule("Bye", "Bye", true))},
			desired:       []resource.Resource{file("acme", "businesses/acme/bot-rules/bye.yaml", "", rule("Bye", "Bye", true))},
			opts:          Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
			want:          []string{`- delete acme/bot-rule "Greet" id=rule_1 v2 [title,enabled,content]`},
			wantUnchanged: 1,
		},
		{
			name:       "more than half of a kind is a mass delete",
			businesses: []string{"acme"},
			live:       many(3),
			opts:       Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
			want: []string{
				`- delete acme/article "Old A" id=art_9a v1 ` + allArt + ` withheld="mass delete: 3 of 3 live articles of acme; pass --allow-mass-delete"`,
				`- delete acme/article "Old B" id=art_9b v1 ` + allArt + ` withheld="mass delete: 3 of 3 live articles of acme; pass --allow-mass-delete"`,
				`- delete acme/article "Old C" id=art_9c v1 ` + allArt + ` withheld="mass delete: 3 of 3 live articles of acme; pass --allow-mass-delete"`,
			},
		},
		{
			name:       "half exactly is not a mass delete",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", retPath, "", ret), file("acme", shipPath, "", ship)},
			live:       append(many(2), remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ship)),
			opts:       Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
			want: []string{
				`- delete acme/article "Old A" id=art_9a v1 ` + allArt,
				`- delete acme/article "Old B" id=art_9b v1 ` + allArt,
			},
			wantUnchanged: 2,
		},
		{
			name:       "more than maxDeletes is a mass delete",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", retPath, "", ret), file("acme", shipPath, "", ship)},
			live:       append(many(2), remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ship)),
			opts:       Options{Prune: true, MaxDeletes: 1},
			want: []string{
				`- delete acme/article "Old A" id=art_9a v1 ` + allArt + ` withheld="mass delete: 2 > maxDeletes 1; pass --allow-mass-delete"`,
				`- delete acme/article "Old B" id=art_9b v1 ` + allArt + ` withheld="mass delete: 2 > maxDeletes 1; pass --allow-mass-delete"`,
			},
			wantUnchanged: 2,
		},
		{
			name:       "both thresholds name both reasons",
			businesses: []string{"acme"},
			live:       many(3),
			opts:       Options{Prune: true, MaxDeletes: 2},
			want: []string{
				`- delete acme/article "Old A" id=art_9a v1 ` + allArt + ` withheld="mass delete: 3 > maxDeletes 2, 3 of 3 live articles of acme; pass --allow-mass-delete"`,
				`- delete acme/article "Old B" id=art_9b v1 ` + allArt + ` withheld="mass delete: 3 > maxDeletes 2, 3 of 3 live articles of acme; pass --allow-mass-delete"`,
				`- delete acme/article "Old C" id=art_9c v1 ` + allArt + ` withheld="mass delete: 3 > maxDeletes 2, 3 of 3 live articles of acme; pass --allow-mass-delete"`,
			},
		},
		{
			name:       "default maxDeletes is 10",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", retPath, "", ret)},
			live:       append(many(11), remote("acme", "art_1", 1, ret)),
			opts:       Options{Prune: true, AllowMassDelete: false, Kinds: []resource.Kind{resource.KindArticle}, Paths: []string{"businesses/acme/articles/returns.md"}},
			// The path names a file: no delete is selected, so no threshold.
			wantUnchanged: 1,
		},
		{
			name:       "allow mass delete",
			businesses: []string{"acme"},
			live:       many(2),
			opts:       Options{Prune: true, MaxDeletes: 1, AllowMassDelete: true},
			want: []string{
				`- delete acme/article "Old A" id=art_9a v1 ` + allArt,
				`- delete acme/article "Old B" id=art_9b v1 ` + allArt,
			},
		},
		{
			name:       "ignored titles plan nothing, on either side",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", shipPath, "", ship), file("acme", retPath, "art_1", article("Returns", "new"))},
			live:       []resource.Resource{remote("acme", "art_1", 1, article("Legacy returns", "old")), remote("acme", "art_3", 1, article("Legacy FAQ", "q"))},
			opts: Options{Prune: true, Ignore: func(k resource.Kind, title string) bool {
				return k == resource.KindArticle && (title == "Shipping" || strings.HasPrefix(title, "Legacy"))
			}},
		},
		{
			name:       "live resources of unmanaged businesses are untouched",
			businesses: []string{"acme"},
			live:       []resource.Resource{remote("other", "art_1", 1, ret)},
			opts:       Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
		},
		{
			name:       "business and kind filters",
			businesses: []string{"acme", "beta"},
			desired: []resource.Resource{
				file("acme", retPath, "", ret), file("acme", rulePath, "", rule("Greet", "Hi", true)),
				file("beta", "businesses/beta/articles/returns.md", "", ret),
			},
			live:          []resource.Resource{remote("acme", "art_1", 1, ret), remote("beta", "art_2", 1, article("Returns", "old"))},
			opts:          Options{Businesses: []string{"acme"}, Kinds: []resource.Kind{resource.KindArticle}},
			wantUnchanged: 1,
		},
		{
			name:       "path filter selects a file, and a directory selects deletes below it",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", retPath, "", article("Returns", "new")), file("acme", flowPath, "", workflow("Damaged"))},
			live:       []resource.Resource{remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ship), remote("acme", "rule_1", 1, rule("Greet", "Hi", true))},
			opts:       Options{Paths: []string{"./businesses/acme/articles/"}},
			want: []string{
				`~ update acme/article "Returns" id=art_1 path=` + retPath + ` v1 [content]`,
				`- delete acme/article "Shipping" id=art_2 v1 ` + allArt + ` withheld="pass --prune to delete"`,
			},
		},
		{
			name:       "a file path selects no delete",
			businesses: []string{"acme"},
			desired:    []resource.Resource{file("acme", retPath, "", article("Returns", "new"))},
			live:       []resource.Resource{remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ship)},
			opts:       Options{Paths: []string{retPath}},
			want:       []string{`~ update acme/article "Returns" id=art_1 path=` + retPath + ` v1 [content]`},
		},
		{
			name:       "the repository root selects everything",
			businesses: []string{"acme"},
			live:       []resource.Resource{remote("acme", "art_2", 1, ship)},
			opts:       Options{Paths: []string{"businesses/other", "."}},
			want:       []string{`- delete acme/article "Shipping" id=art_2 v1 ` + allArt + ` withheld="pass --prune to delete"`},
		},
		{
			name:    "unchanged counts only selected resources",
			desired: []resource.Resource{file("acme", retPath, "", ret), file("acme", shipPath, "", ship)},
			live:    []resource.Resource{remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ship)},
			opts:    Options{Paths: []string{shipPath}}, wantUnchanged: 1,
		},
		{
			name:    "kinds sort by level, deletes of equal keys after creates",
			desired: []resource.Resource{file("acme", rulePath, "", rule("Greet", "Hi", true)), file("acme", flowPath, "", workflow("Damaged")), file("acme", retPath, "", ret)},
			live:    []resource.Resource{remote("acme", "rule_1", 2, rule("Greet", "Hi", true)), remote("acme", "rule_2", 1, rule("Zed", "z", false))},
			opts:    Options{Prune: true, MaxDeletes: DefaultMaxDeletes},
			want: []string{
				`+ create acme/article "Returns" path=` + retPath + ` ` + allArt,
				`+ create acme/workflow "Damaged" path=` + flowPath + ` [title,trigger,actions,conditionProvider,instructions,variants,enabled]`,
				`- delete acme/bot-rule "Zed" id=rule_2 v1 [title,enabled,content]`,
			},
			wantUnchanged: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compute(Desired{Businesses: tt.businesses, Resources: tt.desired}, Live{Resources: tt.live}, tt.opts)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			var got []string
			for _, c := range p.Changes {
				got = append(got, describe(c))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
			if p.Unchanged != tt.wantUnchanged {
				t.Errorf("Unchanged = %d, want %d", p.Unchanged, tt.wantUnchanged)
			}
			if !slices.Equal(p.Warnings, tt.wantWarnings) {
				t.Errorf("Warnings = %q, want %q", p.Warnings, tt.wantWarnings)
			}
			if p.FormatVersion != FormatVersion {
				t.Errorf("FormatVersion = %d", p.FormatVersion)
			}
		})
	}
}

func TestComputeBindingErrors(t *testing.T) {
	ret := article("Returns", "x")
	tests := []struct {
		name          string
		desired, live []resource.Resource
		opts          Options
		want          []string // every error message, in order
	}{
		{
			name:    "two live resources share the title",
			desired: []resource.Resource{file("acme-eu", "businesses/acme-eu/articles/returns.md", "", ret)},
			live:    []resource.Resource{remote("acme-eu", "art_0007", 1, ret), remote("acme-eu", "art_0001", 1, ret)},
			want: []string{"businesses/acme-eu/articles/returns.md: 2 live articles are titled \"Returns\" (art_0001, art_0007): " +
				"add `id: art_0001` (or another of those ids) to the file to say which one it describes, or retitle one of them in the dashboard"},
		},
		{
			name: "every ambiguity is reported at once",
			desired: []resource.Resource{
				file("acme", rulePath, "", rule("Greet", "Hi", true)),
				file("acme", retPath, "", ret),
			},
			live: []resource.Resource{
				remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ret), remote("acme", "art_3", 1, ret),
				remote("acme", "rule_1", 1, rule("Greet", "Hi", true)), remote("acme", "rule_2", 1, rule("Greet", "Ho", true)),
			},
			want: []string{
				retPath + ": 3 live articles are titled \"Returns\" (art_1, art_2, art_3): add `id: art_1` (or another of those ids) to the file to say which one it describes, or retitle one of them in the dashboard",
				rulePath + ": 2 live bot rules are titled \"Greet\" (rule_1, rule_2): add `id: rule_1` (or another of those ids) to the file to say which one it describes, or retitle one of them in the dashboard",
			},
		},
		{
			name:    "two files with one id",
			desired: []resource.Resource{file("acme", shipPath, "art_1", ret), file("acme", retPath, "art_1", ret)},
			live:    []resource.Resource{remote("acme", "art_1", 1, ret)},
			want: []string{retPath + ", " + shipPath + ": 2 files have `id: art_1`: keep the id in the file that owns that live article " +
				"and remove it from the others (a file without an id is bound by title or created)"},
		},
		{
			name:    "two files bind by title to one live resource",
			desired: []resource.Resource{file("acme", shipPath, "", ret), file("acme", retPath, "", ret)},
			live:    []resource.Resource{remote("acme", "art_1", 1, ret)},
			want: []string{retPath + ", " + shipPath + ": 2 files are titled \"Returns\" and so bind to the same live article art_1: " +
				"add `id: art_1` to the file that owns it, or rename the others"},
		},
		{
			name:    "two new files with one title",
			desired: []resource.Resource{file("acme", shipPath, "", ret), file("acme", retPath, "", ret)},
			want: []string{retPath + ", " + shipPath + ": 2 files without an id are titled \"Returns\" in acme/articles: " +
				"titles tell files without ids apart; rename all but one"},
		},
		{
			name:    "problems outside the filters are not reported",
			desired: []resource.Resource{file("acme", retPath, "", ret), file("acme", rulePath, "", rule("Greet", "Hi", true))},
			live:    []resource.Resource{remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ret)},
			opts:    Options{Kinds: []resource.Kind{resource.KindBotRule}},
		},
		{
			name:    "problems of ignored titles are not reported",
			desired: []resource.Resource{file("acme", retPath, "", ret)},
			live:    []resource.Resource{remote("acme", "art_1", 1, ret), remote("acme", "art_2", 1, ret)},
			opts:    Options{Prune: true, Ignore: func(resource.Kind, string) bool { return true }},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compute(Desired{Resources: tt.desired}, Live{Resources: tt.live}, tt.opts)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Compute: %v", err)
				}
				for _, c := range p.Changes {
					if c.Key.Kind == resource.KindArticle {
						t.Errorf("unexpected change %s", describe(c))
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("Compute succeeded with %d changes, want errors", len(p.Changes))
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
			var amb *AmbiguityError
			var conf *ConflictError
			if !errors.As(err, &amb) && !errors.As(err, &conf) {
				t.Errorf("error %T is neither *AmbiguityError nor *ConflictError", err)
			}
		})
	}
}

func TestComputeDriftDetails(t *testing.T) {
	live := remote("acme", "art_1", 4, article("Returns", "dashboard"))
	p, err := Compute(Desired{Resources: []resource.Resource{file("acme", retPath, "", article("Returns", "repo"))}},
		Live{Resources: []resource.Resource{live}}, Options{Bases: history{}})
	if err != nil {
		t.Fatal(err)
	}
	d := p.Changes[0].Drift
	if d == nil || d.Version != 4 || !d.At.Equal(t0) || d.Author.Name != "" {
		t.Fatalf("Drift = %+v, want version 4 at %v and no author", d, t0)
	}
	if !p.HasDrift() || p.HasChanges() {
		t.Errorf("HasDrift = %v, HasChanges = %v; want true, false", p.HasDrift(), p.HasChanges())
	}
}

func TestComputeRejectsMissingSpec(t *testing.T) {
	_, err := Compute(Desired{Resources: []resource.Resource{{Business: "acme", Path: retPath}}}, Live{}, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), retPath+": ") {
		t.Fatalf("err = %v, want one naming %s", err, retPath)
	}
}

// TestDriftedDeletesCountOnlyWithForceDrift: resources created in the
// dashboard (drifted deletes, which apply skips) do not trip the
// mass-delete guard, unless --force-drift would execute them.
func TestDriftedDeletesCountOnlyWithForceDrift(t *testing.T) {
	var live []resource.Resource
	for i := range 3 {
		live = append(live, remote("acme", "art_9"+string(rune('a'+i)), 1, article("Dash "+string(rune('A'+i)), "x")))
	}
	opts := Options{Prune: true, MaxDeletes: DefaultMaxDeletes, Bases: history{}}
	p, err := Compute(Desired{Businesses: []string{"acme"}}, Live{Resources: live}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		if c.Drift == nil || c.Withheld != "" || c.MassDelete() {
			t.Fatalf("without --force-drift: %+v", c)
		}
	}
	opts.ForceDrift = true
	p, err = Compute(Desired{Businesses: []string{"acme"}}, Live{Resources: live}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		if !c.MassDelete() {
			t.Fatalf("with --force-drift the three deletes are a mass delete: %+v", c)
		}
	}
}
