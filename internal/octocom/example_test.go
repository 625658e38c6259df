package octocom_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

func Example() {
	sb, _ := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()

	c, err := octocom.New(octocom.Options{BaseURL: srv.URL + sandbox.BasePath, APIKey: "sandbox-key"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	rule := resource.BotRule{Title: "Greet in Spanish", Content: "Always greet in Spanish.", Enabled: true}
	created, err := c.Create(ctx, "demo", rule, provider.CreateOptions{IdempotencyKey: "greet-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created version", created.Meta.Version)

	rule.Content = "Always greet in Spanish, then switch to the customer's language."
	if _, err := c.Update(ctx, "demo", created.ID, rule, nil, 1); err != nil {
		fmt.Println(err)
	}
	// A second update from the same stale version is refused.
	_, err = c.Update(ctx, "demo", created.ID, rule, nil, 1)
	fmt.Println("conflict:", errors.Is(err, provider.ErrConflict))

	live, _ := c.List(ctx, "demo", resource.KindBotRule, provider.ListOptions{})
	for _, r := range live {
		fmt.Printf("%s v%d\n", r.Title(), r.Meta.Version)
	}
	fmt.Printf("%+v\n", c.Stats())
	// Output:
	// created version 1
	// conflict: true
	// Greet in Spanish v2
	// {Requests:4 Get:1 Post:1 Put:2 Delete:0 Retries:0 RateLimited:0}
}
