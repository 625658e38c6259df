package pull

import (
	"reflect"
	"sync"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// RenderOps are the operations that rewrite the file at p (and its
// condition provider, keeping providerPath's name when set) with lr's
// content in canonical form, keeping the file's name and writing lr's id:
// what pull does to a file whose resource changed live. reason is for the
// report. Nothing is written.
func RenderOps(p string, lr resource.Resource, providerPath, reason string) ([]Op, error) {
	return writeOps(nil, p, lr, providerPath, lr.Key(), reason)
}

// renderCache renders each document once: a bulk export renders every
// business while it is fetched (Staging) and the whole export again once
// everything is in (Execute), and the second rendering of a resource is a
// lookup. A document is taken from the cache only for the same id, file
// name and a spec equal field for field (reflect.DeepEqual, not the
// normalized resource.Equal: the rendering depends on every byte), so the
// cache never changes what is written. Safe for concurrent use; nil
// renders every time.
type renderCache struct {
	mu sync.Mutex
	m  map[renderKey]renderedDoc
}

type renderKey struct{ id, name string }

type renderedDoc struct {
	spec  resource.Spec
	files []document.File
}

func newRenderCache() *renderCache { return &renderCache{m: map[renderKey]renderedDoc{}} }

// render is document.Render(spec, id, name), from the cache when it holds
// it. The files returned are shared: callers never modify them.
func (c *renderCache) render(spec resource.Spec, id, name string) ([]document.File, error) {
	if c == nil || id == "" {
		return document.Render(spec, id, name)
	}
	key := renderKey{id, name}
	c.mu.Lock()
	d, ok := c.m[key]
	c.mu.Unlock()
	if ok && reflect.DeepEqual(d.spec, spec) {
		return d.files, nil
	}
	files, err := document.Render(spec, id, name)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.m[key] = renderedDoc{spec: spec, files: files}
	c.mu.Unlock()
	return files, nil
}
