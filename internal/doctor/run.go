package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/resource"
)

// Options narrow and time a Run.
type Options struct {
	// Businesses, when set, are the only businesses whose kinds are
	// checked; each must be one the key sees.
	Businesses []string
	// Now is the local clock the server's Date is compared with; nil
	// means time.Now.
	Now func() time.Time
}

// What a failed check breaks.
const (
	breaksAll     = "every command that talks to the API (plan, apply, pull, history, rollback, test)"
	breaksHistory = "history, rollback, and naming who made a drift in plan and pull"
	breaksVersion = "rollback --to-version and history"
	breaksRate    = "pacing by the server's announced limits: large pulls and applies run into 429 answers and wait them out"
	breaksClock   = "comparing the server's times with this machine's: a Retry-After given as a date, rate-limit resets given as a time, and drift times read as local ones"
)

func breaksKind(k resource.Kind) string {
	return fmt.Sprintf("plan, apply, pull, history and rollback of %s: octosync refuses an answer it cannot read", k.Dir())
}

// maxClockSkew is the largest clock difference that passes.
const maxClockSkew = time.Minute

// Run checks the API in reads and returns the report; it fails only when
// ctx ends.
func Run(ctx context.Context, in *octocom.Inspector, opts Options) (*Report, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Report{Target: "the Octocom API at " + in.BaseURL()}
	var probes []octocom.Probe
	biz := in.Businesses(ctx)
	probes = append(probes, biz)
	if !connection(r, in, biz) {
		r.finish()
		return r, ctx.Err()
	}
	slugs, ok := businesses(r, biz, opts.Businesses)
	if ok {
		lists, err := listProbes(ctx, in, slugs)
		if err != nil {
			return nil, err
		}
		for _, lp := range lists {
			probes = append(probes, lp.probe)
			checkList(r, lp)
		}
		probes = append(probes, histories(ctx, r, in, lists)...)
	}
	rateLimits(r, probes)
	clock(r, probes, opts.Now())
	r.finish()
	return r, ctx.Err()
}

// connection checks where the client connects and the key: false when
// nothing else can be checked.
func connection(r *Report, in *octocom.Inspector, p octocom.Probe) bool {
	s := r.section("Connection")
	proxy, err := in.Proxy()
	switch {
	case err != nil:
		s.fail(breaksAll, nil, "the proxy settings of the environment cannot be read: %v", err)
	case proxy != "":
		s.pass("%s, through the proxy %s (from HTTPS_PROXY or HTTP_PROXY)", in.BaseURL(), proxy)
	default:
		s.pass("%s, directly (no proxy in the environment)", in.BaseURL())
	}
	if p.TLS != "" {
		s.pass("%s with a certificate this machine trusts", p.TLS)
	} else if p.Status != 0 && strings.HasPrefix(in.BaseURL(), "http:") {
		s.pass("plain HTTP, not TLS: fine for a local sandbox, never for a real organization")
	}
	switch {
	case p.Status == http.StatusUnauthorized:
		s.fail(breaksAll, nil, "the API key is refused (401 Unauthorized): check OCTOCOM_API_KEY or --api-key-file")
	case p.Status == http.StatusForbidden:
		s.fail(breaksAll, nil, "the API key is known but may not read the businesses (403 Forbidden): ask for a key with read and write access to the configuration")
	case p.Err != nil:
		s.fail(breaksAll, nil, "%v", p.Err) // the error names the request
	default:
		s.pass("the API key is accepted (%s answered %d)", p.Request, p.Status)
		return true
	}
	return false
}

// businesses checks the list of businesses and returns the slugs to check.
func businesses(r *Report, p octocom.Probe, want []string) ([]string, bool) {
	s := r.section("Businesses")
	if ms := octocom.CheckAnswer(p.Body, "BusinessList"); len(ms) > 0 {
		s.fail(breaksAll, group(ms), "%s is not the list octosync reads", p.Request)
		return nil, false
	}
	if problem := octocom.ListProblem(p.Body, true); problem != "" {
		s.fail(breaksAll, nil, "%s: %s", p.Request, problem)
		return nil, false
	}
	slugs := octocom.BusinessSlugs(p.Body)
	if len(slugs) == 0 {
		s.fail(breaksAll, nil, "the key sees no business: check that it belongs to the right organization")
		return nil, false
	}
	if pages := octocom.TotalPages(p.Body); pages > 1 {
		s.pass("the key sees %d business(es) on page 1 of %d (doctor reads one page): %s", len(slugs), pages, strings.Join(slugs, ", "))
	} else {
		s.pass("the key sees %d business(es) on page 1: %s", len(slugs), strings.Join(slugs, ", "))
	}
	if len(want) == 0 {
		return slugs, true
	}
	for _, b := range want {
		// A business past page 1 is checked through its own lists.
		if !slices.Contains(slugs, b) && octocom.TotalPages(p.Body) <= 1 {
			s.fail(breaksAll, nil, "--business %s: the key does not see it (it sees %s)", b, strings.Join(slugs, ", "))
			return nil, false
		}
	}
	return want, true
}

// listProbe is page 1 of one kind's list in one business.
type listProbe struct {
	business string
	kind     resource.Kind
	probe    octocom.Probe
}

// listProbes reads page 1 of every kind of every business, concurrently.
func listProbes(ctx context.Context, in *octocom.Inspector, slugs []string) ([]listProbe, error) {
	var out []listProbe
	for _, b := range slugs {
		for _, k := range resource.Kinds {
			out = append(out, listProbe{business: b, kind: k})
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(in.Parallelism())
	for i := range out {
		g.Go(func() error {
			out[i].probe = in.List(gctx, out[i].business, out[i].kind)
			return gctx.Err()
		})
	}
	return out, g.Wait()
}

// checkList checks one list page: its envelope and fields, and counts the
// fields octosync does not manage.
func checkList(r *Report, lp listProbe) {
	s := r.section(fmt.Sprintf("%s in %s", lp.kind.Dir(), lp.business))
	s.Business, s.Kind = lp.business, lp.kind
	p := lp.probe
	if p.Err != nil {
		s.fail(breaksKind(lp.kind), nil, "%v", p.Err) // the error names the request
		return
	}
	ms := octocom.CheckAnswer(p.Body, octocom.ListSchema(lp.kind))
	envelope, fields := split(ms)
	if len(envelope) > 0 {
		s.fail(breaksKind(lp.kind), group(envelope), "%s: the list envelope is not the one octosync reads", p.Request)
		return
	}
	if problem := octocom.ListProblem(p.Body, false); problem != "" {
		s.fail(breaksKind(lp.kind), nil, "%s: %s", p.Request, problem)
		return
	}
	items := octocom.ListItems(p.Body)
	s.pass("list envelope and pagination as octosync reads them (%s; %d on page 1)", envelopeFields(lp.kind), len(items))
	if len(fields) > 0 {
		s.fail(breaksKind(lp.kind), group(fields), "fields octosync reads are missing or of another type")
	} else if len(items) > 0 {
		s.pass("every field octosync reads is there with its type, on all %d", len(items))
	}
	unmanaged(s, lp.kind, items)
	if nested := octocom.NestedUnknown(p.Body, octocom.ListSchema(lp.kind)); len(nested) > 0 {
		for i, n := range nested {
			nested[i] = n + ": a field octosync does not know"
		}
		s.fail(fmt.Sprintf("updates of %s: the PUT sends these fields as octosync knows them, so it would drop what they hold beyond that", lp.kind.Dir()),
			groupLines(nested), "fields inside fields octosync manages that it does not know")
	}
}

// envelopeFields names the envelope fields of kind k's list in the
// contract: "data, pagination.page, pageSize, totalItems, totalPages".
func envelopeFields(k resource.Kind) string {
	var names []string
	for _, f := range octocom.Schemas[octocom.ListSchema(k)].Fields {
		if f.Type != octocom.TypeObject {
			names = append(names, f.Name)
			continue
		}
		for i, sub := range octocom.Schemas[f.Schema].Fields {
			if i == 0 {
				names = append(names, f.Name+"."+sub.Name)
			} else {
				names = append(names, sub.Name)
			}
		}
	}
	return strings.Join(names, ", ")
}

// split separates mismatches of the envelope from those of the items.
func split(ms []octocom.Mismatch) (envelope, items []octocom.Mismatch) {
	for _, m := range ms {
		if strings.HasPrefix(m.Field, "data[") {
			items = append(items, m)
		} else {
			envelope = append(envelope, m)
		}
	}
	return envelope, items
}

// unmanaged reports the fields octosync does not manage, with counts.
func unmanaged(s *Section, k resource.Kind, items []json.RawMessage) {
	counts := map[string]int{}
	for _, it := range items {
		for _, name := range octocom.UnmanagedNames(it, k) {
			counts[name]++
		}
	}
	if len(counts) == 0 {
		return
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s on %d", n, counts[n])
	}
	s.pass("%d field(s) octosync does not manage (%s): every update sends them back as they are; pull does not write them, and a create leaves them to the server's defaults",
		len(names), strings.Join(parts, ", "))
}

var index = regexp.MustCompile(`\[\d+\]`)

// group folds mismatches that differ only in item index into one line with
// a count: "data[].title: an integer where a string is expected (on 3)".
func group(ms []octocom.Mismatch) []string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = m.String()
	}
	return groupLines(lines)
}

// groupLines folds lines that differ only in the item indices of their
// paths, with a count.
func groupLines(in []string) []string {
	counts := map[string]int{}
	var order []string
	for _, line := range in {
		line = index.ReplaceAllString(line, "[]")
		if counts[line] == 0 {
			order = append(order, line)
		}
		counts[line]++
	}
	out := make([]string, len(order))
	for i, line := range order {
		out[i] = line
		if n := counts[line]; n > 1 {
			out[i] = fmt.Sprintf("%s (on %d)", line, n)
		}
	}
	return out
}
