package octocom

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"golang.org/x/sync/errgroup"
)

// listPage is one page of a list, its items decoded.
type listPage[T any] struct {
	Data       []T
	Pagination pagination
}

// envelope is what a page says about its list.
type envelope struct {
	PageSize   int `json:"pageSize"`
	TotalItems int `json:"totalItems"`
	TotalPages int `json:"totalPages"`
}

// listAttempts is how often a list that changed while it was read is read
// before giving up.
const listAttempts = 3

// listItem is an element of a list; listKey identifies it within the list
// ("" when it has no identity to compare), so that an item a page shift
// delivered twice is seen.
type listItem interface {
	listKey() string
}

// getAll reads every page of the list cl names: page 1, then, knowing
// pagination.totalPages, all the other pages concurrently (bounded by the
// client's parallelism), assembled in page order. A list that changed while
// it was read may have had items shift between pages, which shows up as a
// duplicate or a gap at a page boundary. The pages are taken as one
// consistent list only when every page reports the same totalItems, no item
// appears twice, and the items add up to totalItems; otherwise the list is
// read again from the start.
//
// These checks catch every shift that changes the count, and a duplicate
// whatever the count. They cannot see a delete on a page already read
// together with a create on a page read later: the deleted item stays in
// the result, one item at the boundary is missed, and the count still adds
// up.
func getAll[T listItem](ctx context.Context, c *Client, cl call, decode func(map[string]json.RawMessage) (T, error)) ([]T, error) {
	for try := 1; ; try++ {
		items, consistent, err := getAllOnce(ctx, c, cl, decode)
		if err != nil || consistent {
			return items, err
		}
		if try == listAttempts {
			return nil, fmt.Errorf("%s %s: the list changed while it was read, %d times in a row; try again when nobody is editing", cl.method, cl.path, listAttempts)
		}
	}
}

func getAllOnce[T listItem](ctx context.Context, c *Client, cl call, decode func(map[string]json.RawMessage) (T, error)) (items []T, consistent bool, err error) {
	first, err := getPage(ctx, c, cl, 1, decode)
	if err != nil {
		return nil, false, err
	}
	if err := checkEnvelope(cl, first.Pagination.envelope, len(first.Data)); err != nil {
		return nil, false, err
	}
	total := first.Pagination.TotalPages
	pages := make([]*listPage[T], max(total, 1))
	pages[0] = first
	if total > 1 {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(c.Parallelism()) // the semaphore bounds requests; this bounds goroutines
		for n := 2; n <= total; n++ {
			g.Go(func() error {
				p, err := getPage(gctx, c, cl, n, decode)
				pages[n-1] = p
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, false, err
		}
	}
	consistent = true
	seen := make(map[string]bool)
	for _, p := range pages {
		if p.Pagination.TotalItems != first.Pagination.TotalItems {
			consistent = false
		}
		for _, item := range p.Data {
			if k := item.listKey(); k != "" {
				if seen[k] {
					consistent = false // shifted onto the next page too
					continue
				}
				seen[k] = true
			}
			items = append(items, item)
		}
	}
	if len(items) != pages[len(pages)-1].Pagination.TotalItems {
		consistent = false
	}
	return items, consistent, nil
}

// getPage reads page n of the list cl names, each item decoded by decode.
func getPage[T any](ctx context.Context, c *Client, cl call, n int, decode func(map[string]json.RawMessage) (T, error)) (*listPage[T], error) {
	q := url.Values{}
	for k, v := range cl.query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	cl.query = q
	cl.laterPage = n > 1
	ans, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	items, pag, err := c.readList(cl, ans.body)
	if err != nil {
		return nil, err
	}
	p := &listPage[T]{Data: make([]T, 0, len(items)), Pagination: pag}
	for i, fields := range items {
		w, err := decode(fields)
		if err != nil {
			return nil, badAnswer(cl, fmt.Errorf("data[%d].%w", i, err))
		}
		p.Data = append(p.Data, w)
	}
	if p.Pagination.Page != n {
		return nil, brokenContract(cl, fmt.Sprintf("asked for page %d, the answer is page %d: the server does not page by ?page=", n, p.Pagination.Page))
	}
	if n := len(p.Data); n > p.Pagination.PageSize {
		return nil, brokenContract(cl, fmt.Sprintf("a page of %d items holds %d", p.Pagination.PageSize, n))
	}
	return p, nil
}

// badAnswer is the error of a 2xx answer the client cannot read.
func badAnswer(cl call, err error) error {
	return fmt.Errorf("%s %s: the answer is not the JSON the API sends (%v); check --api-url or OCTOCOM_API_URL", cl.method, cl.target(), err)
}
