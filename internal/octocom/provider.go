package octocom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Businesses implements provider.Provider: every page of GET /businesses,
// sorted by slug.
func (c *Client) Businesses(ctx context.Context) ([]provider.Business, error) {
	ws, err := getAll(ctx, c, call{method: http.MethodGet, path: "/businesses", answer: "BusinessList"}, decodeFields[wireBusiness])
	if err != nil {
		return nil, err
	}
	out := make([]provider.Business, len(ws))
	for i, w := range ws {
		out[i] = provider.Business(w)
	}
	slices.SortFunc(out, func(a, b provider.Business) int { return strings.Compare(a.Slug, b.Slug) })
	return out, nil
}

// List implements provider.Provider. With opts.IncludeDeleted every page is
// requested with includeDeleted=true.
func (c *Client) List(ctx context.Context, business string, kind resource.Kind, opts provider.ListOptions) ([]resource.Resource, error) {
	path, err := collectionPath(business, kind)
	if err != nil {
		return nil, err
	}
	cl := call{method: http.MethodGet, path: path, answer: ListSchema(kind), notFound: businessNotFound(business)}
	if opts.IncludeDeleted {
		cl.query = url.Values{"includeDeleted": {"true"}}
	}
	ws, err := getAll(ctx, c, cl, decodeResource)
	if err != nil {
		return nil, err
	}
	out := make([]resource.Resource, 0, len(ws))
	for _, w := range ws {
		r, err := w.resource(business, kind)
		if err != nil {
			return nil, badAnswer(cl, err)
		}
		if err := c.checkLive(cl, kind, r.ID, r.Spec); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Get implements provider.Provider.
func (c *Client) Get(ctx context.Context, business string, kind resource.Kind, id string) (resource.Resource, error) {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return resource.Resource{}, err
	}
	cl := call{method: http.MethodGet, path: path, answer: ResourceSchema(kind), notFound: itemNotFound(business, kind, id, false)}
	return c.resource(ctx, cl, business, kind)
}

// Create implements provider.Provider. A non-empty opts.IdempotencyKey is
// sent as Idempotency-Key. A create is retried only when the server provably
// did not process it (429, connection refused); otherwise a lost answer is
// an error matching provider.ErrOutcomeUnknown.
func (c *Client) Create(ctx context.Context, business string, spec resource.Spec, opts provider.CreateOptions) (resource.Resource, error) {
	if spec == nil {
		return resource.Resource{}, fmt.Errorf("create in business %q: no content", business)
	}
	path, err := collectionPath(business, spec.Kind())
	if err != nil {
		return resource.Resource{}, err
	}
	body, err := encodeSpec(spec)
	if err != nil {
		return resource.Resource{}, fmt.Errorf("create %s/%s %q: %w", business, spec.Kind(), spec.GetTitle(), err)
	}
	cl := call{method: http.MethodPost, path: path, body: body, idempotencyKey: opts.IdempotencyKey, answer: ResourceSchema(spec.Kind()), notFound: businessNotFound(business)}
	return c.resource(ctx, cl, business, spec.Kind())
}

// Update implements provider.Provider: a full replacement, conditional on
// the live version when ifMatch > 0. The body is spec's fields followed by
// keep's (encodeWrite): the live resource's unmanaged fields go back as
// they came.
func (c *Client) Update(ctx context.Context, business, id string, spec resource.Spec, keep resource.Unmanaged, ifMatch int) (resource.Resource, error) {
	if spec == nil {
		return resource.Resource{}, fmt.Errorf("update %s in business %q: no content", id, business)
	}
	path, err := itemPath(business, spec.Kind(), id)
	if err != nil {
		return resource.Resource{}, err
	}
	body, err := encodeWrite(spec, keep)
	if err != nil {
		return resource.Resource{}, fmt.Errorf("update %s/%s %s: %w", business, spec.Kind(), id, err)
	}
	cl := call{method: http.MethodPut, path: path, body: body, ifMatch: ifMatch, answer: ResourceSchema(spec.Kind()), notFound: itemNotFound(business, spec.Kind(), id, true)}
	return c.resource(ctx, cl, business, spec.Kind())
}

// Delete implements provider.Provider: a soft delete, conditional on the
// live version when ifMatch > 0.
func (c *Client) Delete(ctx context.Context, business string, kind resource.Kind, id string, ifMatch int) error {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, call{method: http.MethodDelete, path: path, ifMatch: ifMatch, notFound: itemNotFound(business, kind, id, true)})
	return err
}

// Versions implements provider.Provider: every page of the history, newest
// first.
func (c *Client) Versions(ctx context.Context, business string, kind resource.Kind, id string) ([]provider.Version, error) {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return nil, err
	}
	cl := call{method: http.MethodGet, path: path + "/versions", answer: VersionListSchema(kind), notFound: itemNotFound(business, kind, id, false)}
	ws, err := getAll(ctx, c, cl, decodeFields[wireVersion])
	if err != nil {
		return nil, err
	}
	out := make([]provider.Version, 0, len(ws))
	for _, w := range ws {
		v, err := w.version(kind)
		if err != nil {
			return nil, badAnswer(cl, err)
		}
		if err := c.checkLive(cl, kind, id+" version "+strconv.Itoa(v.Number), v.Snapshot); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Version implements provider.Provider: version n of a resource's history.
func (c *Client) Version(ctx context.Context, business string, kind resource.Kind, id string, n int) (provider.Version, error) {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return provider.Version{}, err
	}
	cl := call{method: http.MethodGet, path: path + "/versions/" + strconv.Itoa(n), answer: VersionSchema(kind),
		notFound: fmt.Sprintf("%s `%s` in business `%s` has no version %d", kind, id, business, n)}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return provider.Version{}, err
	}
	fields, err := c.readObject(cl, ans.body)
	if err != nil {
		return provider.Version{}, err
	}
	w, err := decodeFields[wireVersion](fields)
	if err != nil {
		return provider.Version{}, badAnswer(cl, err)
	}
	v, err := w.version(kind)
	if err != nil {
		return provider.Version{}, badAnswer(cl, err)
	}
	if err := c.checkLive(cl, kind, id+" version "+strconv.Itoa(n), v.Snapshot); err != nil {
		return provider.Version{}, err
	}
	return v, nil
}

// Restore implements provider.Provider. Like Create it is a POST: retried
// only when the server provably did not process it.
func (c *Client) Restore(ctx context.Context, business string, kind resource.Kind, id string, n, ifMatch int) (resource.Resource, error) {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return resource.Resource{}, err
	}
	cl := call{method: http.MethodPost, path: path + "/versions/" + strconv.Itoa(n) + "/restore", ifMatch: ifMatch, answer: ResourceSchema(kind),
		notFound: fmt.Sprintf("%s `%s` in business `%s` has no version %d", kind, id, business, n)}
	return c.resource(ctx, cl, business, kind)
}

// resource sends cl and decodes the resource it answers with.
func (c *Client) resource(ctx context.Context, cl call, business string, kind resource.Kind) (resource.Resource, error) {
	ans, err := c.do(ctx, cl)
	if err != nil {
		return resource.Resource{}, err
	}
	fields, err := c.readObject(cl, ans.body)
	if err != nil {
		return resource.Resource{}, err
	}
	w, err := decodeResource(fields)
	if err != nil {
		return resource.Resource{}, badAnswer(cl, err)
	}
	r, err := w.resource(business, kind)
	if err != nil {
		return resource.Resource{}, badAnswer(cl, err)
	}
	if err := c.checkLive(cl, kind, r.ID, r.Spec); err != nil {
		return resource.Resource{}, err
	}
	return r, nil
}

// checkLive refuses live content of kind (the resource id, or what names
// it) that breaks the contract's limits.
func (c *Client) checkLive(cl call, kind resource.Kind, id string, spec resource.Spec) error {
	if err := checkSpec(spec, c.contentLimits); err != nil {
		return brokenContract(cl, fmt.Sprintf("%s %s: %v", kind, id, err))
	}
	return nil
}

func collectionPath(business string, kind resource.Kind) (string, error) {
	if business == "" {
		return "", fmt.Errorf("no business slug given")
	}
	if !kind.Valid() {
		return "", fmt.Errorf("kind %q: use article, workflow or bot-rule", kind)
	}
	return "/businesses/" + url.PathEscape(business) + "/" + kind.Dir(), nil
}

func itemPath(business string, kind resource.Kind, id string) (string, error) {
	p, err := collectionPath(business, kind)
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", fmt.Errorf("%s in business %q: no id given", kind, business)
	}
	return p + "/" + url.PathEscape(id), nil
}

func businessNotFound(business string) string {
	return fmt.Sprintf("business `%s` not found in this organization; check the folder name under businesses/ and that the API key belongs to the right organization", business)
}

// itemNotFound advises on a 404 for one resource; for writes it may be
// soft-deleted, which only a restore can bring back.
func itemNotFound(business string, kind resource.Kind, id string, write bool) string {
	s := fmt.Sprintf("%s `%s` not found in business `%s`", kind, id, business)
	if write {
		s += ", or it is deleted (a deleted resource can only be restored)"
	}
	return s
}
