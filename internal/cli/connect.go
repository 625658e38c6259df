package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/safewrite"
	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/internal/source"
)

// apiFlags are the flags of every command that talks to the Octocom API.
type apiFlags struct {
	APIURL      string  `name:"api-url" help:"Octocom API base URL, the only place the API key is sent (default: OCTOCOM_API_URL, then ${default_api_url}; api.url in octosync.yaml must agree)." placeholder:"URL"`
	APIKeyFile  string  `name:"api-key-file" help:"Read the API key from this file instead of OCTOCOM_API_KEY (or the environment's apiKeyEnv)." placeholder:"FILE"`
	Env         string  `name:"env" predictor:"environment" help:"The environment of octosync.yaml to work on (default: OCTOSYNC_ENV, then the environment marked default)." placeholder:"NAME"`
	Sandbox     bool    `help:"Use the built-in sandbox instead of a real organization: state in DIR/.octosync/sandbox.json, seeded from DIR/sandbox-seed.json on first use."`
	Parallelism int     `default:"${default_parallelism}" help:"Requests in flight at once; the client paces them below the server's rate limit."`
	RateLimit   float64 `name:"rate-limit" help:"Client-side limit in requests per second (default: none until the server pushes back)." placeholder:"N"`
	Verbose     bool    `short:"v" help:"Log every request (method, path, status, duration) to stderr. Never logs the API key."`
	Trace       string  `help:"Write every request and response of the run to FILE as HAR 1.2 (for a bug report), the API key and credentials redacted." placeholder:"FILE"`
}

// session is a connection to live state for one command run.
type session struct {
	Provider provider.Provider
	// Sandbox is set when the session talks to the in-process sandbox.
	Sandbox bool
	// Target names where the session reads and writes: the API URL
	// without credentials, or "sandbox".
	Target string
	// Environment is the environment of octosync.yaml the session works
	// on; nil in a repository without environments.
	Environment *config.Environment
	close       func()
}

// EnvironmentName is the session's environment's name, "" without one.
func (s *session) EnvironmentName() string {
	if s == nil {
		return ""
	}
	return s.Environment.NameOf()
}

// Close releases the session (stops the in-process sandbox).
func (s *session) Close() {
	if s.close != nil {
		s.close()
	}
}

// connect opens a session for the repository at dir with configuration
// cfg. The key goes only to the URL the operator chose
// (config.ResolveAPITarget): api.url of cfg is checked against it before
// the key is even read. Live content is checked against cfg's limits.
func (f *apiFlags) connect(env *Env, dir string, cfg *config.Config) (*session, error) {
	tr, err := f.trace()
	if err != nil {
		return nil, err
	}
	sess, err := f.open(env, dir, cfg, tr)
	if err != nil || tr == nil {
		return sess, err
	}
	closeSession := sess.close
	sess.close = func() {
		if closeSession != nil {
			closeSession()
		}
		if err := writeTrace(f.Trace, tr); err != nil {
			fmt.Fprintf(env.Stderr, "Warning: --trace %s: %v\n", f.Trace, err)
		}
	}
	return sess, nil
}

// trace is the recorder --trace asks for, after checking that its file
// can be written (no link planted there, its folder exists): a run is not
// made only to lose its transcript at the end.
func (f *apiFlags) trace() (*octocom.Trace, error) {
	if f.Trace == "" {
		return nil, nil
	}
	d, err := safewrite.Open(filepath.Dir(f.Trace))
	if err != nil {
		return nil, fmt.Errorf("--trace %s: %w", f.Trace, err)
	}
	defer d.Close()
	if err := d.Check(filepath.Base(f.Trace)); err != nil {
		return nil, fmt.Errorf("--trace %s: %w", f.Trace, err)
	}
	return octocom.NewTrace(), nil
}

// writeTrace writes tr as HAR to path, atomically, never through a link.
func writeTrace(path string, tr *octocom.Trace) error {
	data, err := tr.HAR()
	if err != nil {
		return err
	}
	return safewrite.WritePath(path, data, 0o600)
}

// open connects to the sandbox or to the API, recording into tr when set.
func (f *apiFlags) open(env *Env, dir string, cfg *config.Config, tr *octocom.Trace) (*session, error) {
	var verbose io.Writer
	if f.Verbose {
		verbose = env.Stderr
	}
	environment, err := cfg.Select(f.environmentName(env))
	if err != nil {
		return nil, err
	}
	if f.Sandbox {
		if f.APIURL != "" {
			return nil, errors.New("--sandbox and --api-url exclude each other: --sandbox runs the built-in sandbox in process, --api-url names a real API; drop one")
		}
		sess, err := f.connectSandbox(env, dir, verbose, environment, tr)
		if sess != nil {
			sess.Environment = environment
		}
		return sess, err
	}
	target, err := config.ResolveAPITarget(f.APIURL, env.Getenv(config.APIURLEnv), cfg.ExpectedAPIURL(environment))
	if err != nil {
		return nil, err
	}
	key, err := f.apiKey(env, environment)
	if err != nil {
		return nil, err
	}
	c, err := octocom.New(octocom.Options{
		BaseURL:     target.URL,
		APIKey:      key,
		Parallelism: f.Parallelism,
		RateLimit:   f.RateLimit,
		Verbose:     verbose,
		Trace:       tr,
		Limits:      &cfg.Limits,
	})
	if err != nil {
		return nil, err
	}
	return &session{Provider: c, Target: c.BaseURL(), Environment: environment}, nil
}

// environmentName is the environment asked for: --env, else OCTOSYNC_ENV.
func (f *apiFlags) environmentName(env *Env) string {
	if f.Env != "" {
		return f.Env
	}
	return env.Getenv(config.EnvVar)
}

// maxAPIKeyFile is the most --api-key-file reads: far more than any key,
// far less than a mistaken path (a log, a device) could feed it.
const maxAPIKeyFile = 4 << 10

// apiKey reads the key from --api-key-file, else from the variable of the
// environment (OCTOCOM_API_KEY unless it names another). An environment's
// unset variable is an error, never a fall-back to another environment's
// key. Errors never contain the key.
func (f *apiFlags) apiKey(env *Env, environment *config.Environment) (string, error) {
	if f.APIKeyFile != "" {
		b, err := readKeyFile(f.APIKeyFile)
		if err != nil {
			return "", err
		}
		key := strings.TrimSpace(string(b))
		if key == "" {
			return "", fmt.Errorf("--api-key-file %s: the file is empty", f.APIKeyFile)
		}
		return key, nil
	}
	variable := environment.KeyVariable()
	if key := strings.TrimSpace(env.Getenv(variable)); key != "" {
		return key, nil
	}
	if fork := forkPullRequest(env); fork != "" {
		return "", fmt.Errorf("no API key: %s is empty because this run is for a pull request from the fork %s, and GitHub gives such runs no secrets; skip pull requests from forks in the workflow (docs/github-actions.md, \"Pull requests from forks\") and plan them from a branch of this repository", variable, fork)
	}
	if environment != nil && environment.APIKeyEnv != "" {
		return "", fmt.Errorf("no API key for the environment %s: set %s (environments.%s.apiKeyEnv in %s) or pass --api-key-file FILE; octosync never uses another environment's key", environment.Name, variable, environment.Name, config.FileName)
	}
	return "", fmt.Errorf("no API key: set %s or pass --api-key-file FILE (or try octosync with --sandbox, which needs none)", variable)
}

// forkPullRequest is the repository ("owner/name") of the fork whose pull
// request this GitHub Actions run is for, "" for any other run (or when
// the event cannot be read: the plain missing-key message is then right).
func forkPullRequest(env *Env) string {
	gh := ghactions.FromEnv(env.Getenv)
	if !gh.Enabled || !gh.IsPullRequest() {
		return ""
	}
	pr, err := gh.PullRequest()
	if err != nil || !pr.FromFork(gh.Repository) {
		return ""
	}
	return pr.HeadRepo
}

// readKeyFile reads at most maxAPIKeyFile bytes of path; a longer file is
// refused, since it cannot be a key.
func readKeyFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--api-key-file: %w", errors.Unwrap(err))
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxAPIKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("--api-key-file %s: %v", path, err)
	}
	if len(b) > maxAPIKeyFile {
		return nil, fmt.Errorf("--api-key-file %s: the file is larger than %d bytes, so it is not an API key: pass the file that holds only the key", path, maxAPIKeyFile)
	}
	return b, nil
}

// connectSandbox starts the sandbox in process on a loopback port, so every
// request goes through the real client over real HTTP.
func (f *apiFlags) connectSandbox(env *Env, dir string, verbose io.Writer, environment *config.Environment, tr *octocom.Trace) (*session, error) {
	srv, key, err := openSandbox(dir)
	if err != nil {
		return nil, err
	}
	// An environment's key variable picks its organization among the
	// sandbox's (docs/environments.md); without one, the first.
	if environment != nil && environment.APIKeyEnv != "" {
		if k := strings.TrimSpace(env.Getenv(environment.APIKeyEnv)); k != "" {
			key = k
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	c, err := octocom.New(octocom.Options{
		BaseURL:     "http://" + ln.Addr().String() + sandbox.BasePath,
		APIKey:      key,
		Parallelism: f.Parallelism,
		RateLimit:   f.RateLimit,
		Verbose:     verbose,
		Trace:       tr,
	})
	if err != nil {
		_ = hs.Close()
		_ = srv.Close()
		return nil, err
	}
	return &session{
		Provider: c, Sandbox: true, Target: "sandbox",
		close: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = hs.Shutdown(ctx)
			_ = srv.Close() // releases the state file's lock
		},
	}, nil
}

// openSandbox builds the in-process sandbox of the repository at dir and
// returns the API key of its first organization.
func openSandbox(dir string) (*sandbox.Server, string, error) {
	dataFile, seedFile := sandboxPaths(dir)
	if err := prepareSandboxDir(dir); err != nil {
		return nil, "", fmt.Errorf("sandbox: %w", err)
	}
	seed := sandbox.DefaultSeed()
	if _, err := os.Stat(seedFile); err == nil {
		if seed, err = sandbox.LoadSeed(seedFile); err != nil {
			return nil, "", err
		}
	} else {
		// No seed: the default organization gets the repository's own
		// businesses (empty), so a fresh `octosync init` plans right away.
		addRepoBusinesses(seed, dir)
	}
	srv, err := sandbox.New(sandbox.Options{Seed: seed, DataFile: dataFile})
	switch {
	case errors.Is(err, sandbox.ErrInUse):
		return nil, "", fmt.Errorf("sandbox: %w; wait for the other octosync command on this repository to finish", err)
	case err != nil:
		return nil, "", fmt.Errorf("sandbox: %w (start over with `octosync sandbox reset --dir %s`)", err, dir)
	}
	key := "sandbox-key"
	if orgs := seed.Organizations; len(orgs) > 0 && len(orgs[0].APIKeys) > 0 {
		key = orgs[0].APIKeys[0].Key
	}
	return srv, key, nil
}

// addRepoBusinesses adds every business folder of the repository at dir
// that the seed's first organization lacks, with no resources.
func addRepoBusinesses(seed *sandbox.Seed, dir string) {
	if len(seed.Organizations) == 0 {
		return
	}
	org := &seed.Organizations[0]
	entries, err := os.ReadDir(filepath.Join(dir, "businesses"))
	if err != nil {
		return
	}
	for _, e := range entries {
		slug := e.Name()
		if !e.IsDir() || !source.ValidSlug(slug) || slices.ContainsFunc(org.Businesses, func(b sandbox.SeedBusiness) bool { return b.Slug == slug }) {
			continue
		}
		org.Businesses = append(org.Businesses, sandbox.SeedBusiness{Slug: slug, Name: slug})
	}
}

// sandboxIgnore is the .gitignore --sandbox writes into .octosync/.
const sandboxIgnore = "# Written by octosync --sandbox: keep the sandbox state out of git.\n/sandbox.json*\n/*.tmp\n/.gitignore\n"

// prepareSandboxDir creates DIR/.octosync and its .gitignore without
// following a symbolic link: a cloned repository may have planted one at
// .octosync, its .gitignore, the state file or its lock, to make --sandbox
// write elsewhere. Any such link is refused before anything is written.
func prepareSandboxDir(dir string) error {
	d, err := safewrite.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	for _, rel := range []string{".octosync/sandbox.json", ".octosync/sandbox.json.lock", ".octosync/.gitignore"} {
		if err := d.Check(rel); err != nil {
			return err
		}
	}
	if err := d.MkdirAll(".octosync"); err != nil {
		return err
	}
	// The sandbox state never belongs in git (it holds the seed's keys),
	// even in a repository that `octosync init` did not create.
	f, err := d.OpenFile(".octosync/.gitignore", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = f.WriteString(sandboxIgnore)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
