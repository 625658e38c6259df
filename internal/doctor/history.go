package doctor

import (
	"context"
	"encoding/json"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/resource"
)

// histories reads, for each kind, the history of the first resource any
// list showed and the newest version of it, and checks both shapes. It
// returns the probes it made.
func histories(ctx context.Context, r *Report, in *octocom.Inspector, lists []listProbe) []octocom.Probe {
	s := r.section("Version history")
	var probes []octocom.Probe
	for _, k := range resource.Kinds {
		business, id := firstOf(lists, k)
		if id == "" {
			s.pass("%s: none live on page 1 of any business, so no history to read", k.Dir())
			continue
		}
		vs := in.Versions(ctx, business, k, id)
		probes = append(probes, vs)
		if vs.Err != nil {
			s.fail(breaksHistory, nil, "%v", vs.Err) // the error names the request
			continue
		}
		if ms := octocom.CheckAnswer(vs.Body, octocom.VersionListSchema(k)); len(ms) > 0 {
			s.fail(breaksHistory, group(ms), "%s: the history is not the list octosync reads", vs.Request)
			continue
		}
		if problem := octocom.ListProblem(vs.Body, false); problem != "" {
			s.fail(breaksHistory, nil, "%s: %s", vs.Request, problem)
			continue
		}
		items := octocom.ListItems(vs.Body)
		s.pass("%s: the history of %s in %s (%d version(s) on page 1)", k.Dir(), id, business, len(items))
		n := newest(items)
		if n < 1 {
			s.fail(breaksVersion, nil, "%s: the history holds no version number", vs.Request)
			continue
		}
		v := in.Version(ctx, business, k, id, n)
		probes = append(probes, v)
		switch {
		case v.Err != nil:
			s.fail(breaksVersion, nil, "%v", v.Err) // the error names the request
		default:
			if ms := octocom.CheckAnswer(v.Body, octocom.VersionSchema(k)); len(ms) > 0 {
				s.fail(breaksVersion, group(ms), "%s: the version is not the one octosync reads", v.Request)
			} else {
				s.pass("%s: version %d of %s has the shape octosync reads", k.Dir(), n, id)
			}
		}
	}
	return probes
}

// firstOf is the first resource of kind k in any of the lists.
func firstOf(lists []listProbe, k resource.Kind) (business, id string) {
	for _, lp := range lists {
		if lp.kind != k || lp.probe.Err != nil {
			continue
		}
		for _, it := range octocom.ListItems(lp.probe.Body) {
			if id, _ := octocom.ItemRef(it); id != "" {
				return lp.business, id
			}
		}
	}
	return "", ""
}

// newest is the highest version number among the history's items.
func newest(items []json.RawMessage) int {
	n := 0
	for _, it := range items {
		var v struct {
			Version int `json:"version"`
		}
		if json.Unmarshal(it, &v) == nil {
			n = max(n, v.Version)
		}
	}
	return n
}
