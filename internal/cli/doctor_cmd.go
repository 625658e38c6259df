package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/doctor"
	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/source"
)

type doctorCmd struct {
	apiFlags
	Dir      string   `help:"The configuration repository, for api.url and --sandbox (default: the one enclosing the current folder, if any; doctor needs none)." placeholder:"DIR"`
	Business []string `predictor:"business" help:"Check only these businesses (repeatable; default: every business the key sees)." placeholder:"SLUG"`
	Spec     string   `help:"Compare this OpenAPI 3.0 or 3.1 document (JSON or YAML) with every operation, parameter, header and field octosync uses, offline: no key, no network." placeholder:"FILE"`
	Output   string   `short:"o" enum:"text,json" default:"text" help:"Output format: text or json."`
}

func (c *doctorCmd) Help() string {
	return `Checks, read-only, that the API the key points to is the one octosync was built
for, before anything is written: where it connects and whether the key is
accepted, the businesses the key sees, for each kind in each business the list
envelope and every field octosync reads (and the fields it does not manage,
which every update keeps), the version history of one resource per kind, the
rate-limit headers, the server's clock and the round-trip time. Each line is ✓
or ✗; each ✗ says what it breaks. Exits 0 when everything octosync relies on
is there, 1 otherwise. It never writes: it can only send GET requests.

With environments in octosync.yaml it also lists, with each other
environment's key where it is set, that environment's businesses (only when
--env NAME would send that key to the API checked here), and fails when two
environments share a key or a business: one organization behind two
environments means applying one changes the other.

With --spec FILE it reads a published OpenAPI document instead of the API and
lists every path, method, parameter, header, required field or type octosync
uses that the document lacks or types differently.`
}

func (c *doctorCmd) Run(env *Env) error {
	if c.Spec != "" {
		return c.runSpec(env)
	}
	root, cfg, err := doctorConfig(c.Dir)
	if err != nil {
		return err
	}
	sess, err := c.connect(env, root, cfg)
	if err != nil {
		return err
	}
	defer sess.Close()
	client, ok := sess.Provider.(*octocom.Client)
	if !ok {
		return fmt.Errorf("doctor: the session has no API client (a bug; please report it)")
	}
	rep, err := doctor.Run(env.Ctx, client.Inspector(), doctor.Options{Businesses: c.Business, Now: env.Now})
	if err != nil {
		return err
	}
	if !c.Sandbox && len(cfg.Environments) > 1 {
		c.compareEnvironments(env, cfg, sess.Environment, client, rep)
	}
	return c.report(env, rep)
}

// compareEnvironments adds to rep whether here, the environment checked,
// and every other environment of cfg reach different organizations
// (doctor.Report.CompareEnvironments). Each other environment is read
// with its own key by one GET /businesses, only when `--env NAME` would
// send that key to the very API this run checks (its api URL, else
// OCTOCOM_API_URL): a key never goes anywhere else. One whose key is not
// set, whose API is another, or that cannot be read, is not compared.
// Nothing is compared when here's own businesses cannot be listed: the
// report says why already.
func (c *doctorCmd) compareEnvironments(env *Env, cfg *config.Config, here *config.Environment, client *octocom.Client, rep *doctor.Report) {
	mine, err := client.Businesses(env.Ctx)
	if err != nil || here == nil {
		return
	}
	var others []doctor.Environment
	for i := range cfg.Environments {
		o := &cfg.Environments[i]
		if o.Name == here.Name {
			continue
		}
		others = append(others, otherEnvironment(env, cfg, o, client))
	}
	rep.CompareEnvironments(doctor.Environment{Name: here.Name, Businesses: mine}, others)
}

// otherEnvironment reads the businesses environment o's key sees at the
// API client checks. The checked environment's key is not read again (a
// key from --api-key-file /dev/fd/N can be read once): client compares.
func otherEnvironment(env *Env, cfg *config.Config, o *config.Environment, client *octocom.Client) doctor.Environment {
	out := doctor.Environment{Name: o.Name}
	variable := o.KeyVariable()
	key := strings.TrimSpace(env.Getenv(variable))
	switch {
	case key == "":
		out.Skipped = fmt.Sprintf("its key, %s, is not set", variable)
		return out
	case client.SendsKey(key):
		out.SameKey = true
		return out
	}
	target, err := config.ResolveAPITarget("", env.Getenv(config.APIURLEnv), cfg.ExpectedAPIURL(o))
	switch {
	case err != nil:
		out.Skipped = err.Error()
		return out
	case !config.SameAPI(target.URL, client.BaseURL()):
		out.Skipped = fmt.Sprintf("its key goes to another API, %s, than the one checked here", config.DisplayURL(target.URL))
		return out
	}
	cl, err := octocom.New(octocom.Options{BaseURL: target.URL, APIKey: key, Parallelism: 1, Limits: &cfg.Limits})
	if err == nil {
		out.Businesses, err = cl.Businesses(env.Ctx)
	}
	if err != nil {
		out.Skipped = fmt.Sprintf("its businesses could not be listed: %v", err)
	}
	return out
}

// runSpec compares --spec with the client's contract.
func (c *doctorCmd) runSpec(env *Env) error {
	rep, err := doctor.CheckSpec(c.Spec)
	if err != nil {
		return err
	}
	return c.report(env, rep)
}

// report writes rep as -o asks; a report with a ✗ exits 1.
func (c *doctorCmd) report(env *Env, rep *doctor.Report) error {
	var err error
	if c.Output == "json" {
		err = rep.WriteJSON(env.Stdout)
	} else {
		err = render.Doctor(env.Stdout, rep)
	}
	if err == nil && !rep.OK {
		return withCode(ExitError, nil)
	}
	return err
}

// doctorConfig finds the repository at dir (or enclosing the current
// folder) and its configuration; outside any repository doctor runs with
// the defaults, from the current folder.
func doctorConfig(dir string) (string, *config.Config, error) {
	root, err := source.Root(dir)
	if errors.Is(err, source.ErrNoRepository) {
		wd, werr := os.Getwd()
		return wd, config.Default(), werr
	}
	if err != nil {
		return "", nil, err
	}
	cfg, diags, err := config.Load(root)
	if err != nil {
		return "", nil, err
	}
	for _, d := range diags.Sort() {
		if d.Severity == diag.Error {
			return "", nil, fmt.Errorf("%s (see `octosync validate`)", d.String())
		}
	}
	return root, cfg, nil
}
