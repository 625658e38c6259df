package cli

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/resource"
)

type historyCmd struct {
	apiFlags
	Dir      string        `help:"The configuration repository (default: the one enclosing the current folder)." placeholder:"DIR"`
	Paths    []string      `arg:"" predictor:"path" optional:"" help:"Resource files whose history to show." placeholder:"PATH"`
	Business string        `predictor:"business" help:"Every resource of this business instead of PATHs." placeholder:"SLUG"`
	Kind     []string      `predictor:"kind" help:"With --business: only these kinds: article, workflow, bot-rule (repeatable)." placeholder:"KIND"`
	Since    time.Duration `help:"With --business: only versions made within this long (e.g. 24h, 90m)." placeholder:"DURATION"`
	Max      int           `help:"Show only the newest N versions of each resource (0: all)." placeholder:"N"`
	Output   string        `short:"o" enum:"text,json" default:"text" help:"Output format: text or json."`
}

func (c *historyCmd) Help() string {
	return `Shows the server's version history of resources, newest first: each
version's number, time, author (a dashboard user, or the API key's label), the
change (created, updated, deleted, restored from vN) and the commit of this
repository whose file held exactly that content, "dashboard edit" when no commit
did, or "-" outside git. STATE marks the live version and the versions the file
in the working tree equals. Roll a resource back with 'octosync rollback'.`
}

func (c *historyCmd) Run(env *Env) error {
	q, err := c.query(env.now())
	if err != nil {
		return err
	}
	repo, err := loadRepo(env, c.Dir)
	if err != nil {
		return err
	}
	if c.Business != "" && !slices.Contains(repo.Businesses, c.Business) {
		return fmt.Errorf("--business %s: the repository has no businesses/%s folder (it has: %s)", c.Business, c.Business, strings.Join(repo.Businesses, ", "))
	}
	var rels []string
	for _, p := range c.Paths {
		rel, err := repoRelative(repo.Root, p)
		if err != nil {
			return err
		}
		rels = append(rels, rel)
	}
	if q.Docs, err = history.Documents(repo, rels); err != nil {
		return err
	}
	sess, err := c.connect(env, repo.Root, repo.Config)
	if err != nil {
		return err
	}
	defer sess.Close()
	prov := provider.ReadOnly{P: sess.Provider}
	q.Env = sess.Environment

	commits, err := history.OpenCommits(env.Ctx, repo.Root, repo.Config.Defaults.Language, sess.Environment)
	if err != nil {
		return err
	}
	defer commits.Close()
	hs, err := history.Read(env.Ctx, prov, repo, commits, q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if c.Output == "json" {
		data, err := history.Marshal(hs)
		if err != nil {
			return err
		}
		buf.Write(data)
	} else {
		unknown := ""
		if commits.Unavailable != nil {
			unknown = commits.Unavailable.Error()
		}
		if sess.Sandbox || sess.Environment != nil {
			buf.WriteString(render.Notice("History from", sess.EnvironmentName(), sess.Target, sess.Sandbox) + "\n\n")
		}
		if err := render.HistoryText(&buf, hs, unknown); err != nil {
			return err
		}
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// query checks the flags, before anything is read.
func (c *historyCmd) query(now time.Time) (history.Query, error) {
	q := history.Query{Business: c.Business, Options: history.Options{Max: c.Max}}
	switch {
	case len(c.Paths) > 0 && c.Business != "":
		return q, errors.New("give resource files or --business, not both")
	case len(c.Paths) == 0 && c.Business == "":
		return q, errors.New("name the resource files whose history to show, or pass --business SLUG for a whole business")
	case c.Business == "" && (len(c.Kind) > 0 || c.Since != 0):
		return q, errors.New("--kind and --since go with --business; for files, name the files")
	case c.Max < 0:
		return q, fmt.Errorf("--max %d: give 0 (all) or a positive number", c.Max)
	case c.Since < 0:
		return q, fmt.Errorf("--since %s: give a positive duration such as 24h", c.Since)
	}
	for _, k := range c.Kind {
		kind, err := resource.ParseKind(k)
		if err != nil {
			return q, fmt.Errorf("--kind: %w", err)
		}
		q.Kinds = append(q.Kinds, kind)
	}
	if c.Since > 0 {
		q.Since = now.Add(-c.Since)
	}
	return q, nil
}
