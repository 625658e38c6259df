package bases_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/bases"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/resource"
)

// A bot rule committed twice, then edited live in the dashboard: both
// committed versions are bases, the dashboard edit is drift.
func ExampleLoad() {
	root, _ := os.MkdirTemp("", "octosync-example-")
	defer os.RemoveAll(root)
	repo, _ := gitrepo.Init(root)
	defer repo.Close()
	rule := func(content string) resource.BotRule {
		return resource.BotRule{Title: "Greet", Content: content, Enabled: true}
	}
	file := filepath.Join(root, "businesses", "acme", "bot-rules", "greet.yaml")
	os.MkdirAll(filepath.Dir(file), 0o755)
	for i, content := range []string{"Say hello.", "Say hello politely."} {
		os.WriteFile(file, []byte("title: Greet\ncontent: "+content+"\n"), 0o644)
		repo.Commit(gitrepo.CommitOptions{
			Paths:   []string{"businesses/acme/bot-rules/greet.yaml"},
			Message: fmt.Sprintf("Greeting v%d", i+1),
			Author:  &gitrepo.Signature{Name: "Ada", Email: "ada@example.com"},
			When:    time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC),
		})
	}

	loaded, err := bases.Load(context.Background(), root, bases.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, content := range []string{"Say hello.", "Say hello politely.", "Say hey!"} {
		_, when, ok := loaded.Commit("acme", rule(content))
		if ok {
			fmt.Printf("%-20q committed on %s\n", content, when.Format(time.DateOnly))
		} else {
			fmt.Printf("%-20q never committed: drift\n", content)
		}
	}

	plain, _ := os.MkdirTemp("", "octosync-example-")
	defer os.RemoveAll(plain)
	_, err = bases.Load(context.Background(), plain, bases.Options{})
	fmt.Println(bases.Unavailable(err), strings.TrimPrefix(err.Error(), plain+": "))
	// Output:
	// "Say hello."         committed on 2026-01-01
	// "Say hello politely." committed on 2026-01-02
	// "Say hey!"           never committed: drift
	// true no git history: not a git repository; run `git init` and commit the files to enable drift detection
}
