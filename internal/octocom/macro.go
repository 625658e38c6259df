package octocom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

var _ provider.Macros = (*Client)(nil)

// wireMacro is a macro as the API returns it (read-only: list and get).
type wireMacro struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Content   string    `json:"content"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func (w wireMacro) listKey() string { return w.ID }

// Macros implements provider.Macros: every page of GET
// /businesses/{slug}/macros.
func (c *Client) Macros(ctx context.Context, business string) ([]provider.Macro, error) {
	if business == "" {
		return nil, fmt.Errorf("no business slug given")
	}
	cl := call{method: http.MethodGet, path: "/businesses/" + url.PathEscape(business) + "/macros", answer: "MacroList", notFound: businessNotFound(business)}
	ws, err := getAll(ctx, c, cl, decodeFields[wireMacro])
	if err != nil {
		return nil, err
	}
	out := make([]provider.Macro, 0, len(ws))
	for _, w := range ws {
		if w.ID == "" {
			return nil, badAnswer(cl, fmt.Errorf("a macro without an id"))
		}
		out = append(out, provider.Macro{Business: business, ID: w.ID, Title: w.Title, Content: w.Content, UpdatedAt: w.UpdatedAt})
	}
	return out, nil
}
