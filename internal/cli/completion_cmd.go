package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/posener/complete"
	"github.com/willabides/kongplete"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/source"
)

// completionCmd prints the shell code that makes the shell ask octosync
// itself for completions (kongplete answers when COMP_LINE is set).
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"The shell: bash, zsh or fish."`
}

func (c *completionCmd) Help() string {
	return `Prints the code that enables completion of commands, flags, business slugs
(--business), kinds (--kind) and file paths. Load it from your shell's start-up
file:

  bash:  echo 'source <(octosync completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(octosync completion zsh)' >> ~/.zshrc
  fish:  octosync completion fish > ~/.config/fish/completions/octosync.fish

The shell then runs octosync itself to complete (with COMP_LINE set), so the
completions always match the installed version.`
}

func (c *completionCmd) Run(env *Env) error {
	bin, err := os.Executable()
	if err != nil || strings.Contains(bin, "go-build") {
		bin = "octosync" // go run: rely on PATH
	}
	q := shellQuote(bin)
	var script string
	switch c.Shell {
	case "bash":
		script = fmt.Sprintf("complete -o default -C %s octosync\n", q)
	case "zsh":
		script = fmt.Sprintf("autoload -U +X bashcompinit && bashcompinit\ncomplete -o default -C %s octosync\n", q)
	case "fish":
		script = fmt.Sprintf(`function __complete_octosync
    set -lx COMP_LINE (commandline -cp)
    test -z (commandline -ct)
    and set COMP_LINE "$COMP_LINE "
    %s
end
complete -f -c octosync -a "(__complete_octosync)"
`, q)
	}
	_, err = fmt.Fprint(env.Stdout, script)
	return err
}

// completeShell answers a shell's completion request (COMP_LINE set) and
// reports whether it did; the command line is then not parsed.
func completeShell(env *Env, parser *kong.Kong) bool {
	if env.Getenv("COMP_LINE") == "" {
		return false
	}
	done := false
	kongplete.Complete(parser,
		kongplete.WithPredictor("business", complete.PredictFunc(predictBusinesses)),
		kongplete.WithPredictor("kind", complete.PredictSet("article", "workflow", "bot-rule")),
		kongplete.WithPredictor("environment", complete.PredictFunc(predictEnvironments)),
		kongplete.WithPredictor("path", complete.PredictFiles("*")),
		kongplete.WithExitFunc(func(int) { done = true }),
		kongplete.WithErrorHandler(func(error) {}),
	)
	return done
}

// completionRoot is the repository that encloses the working directory
// (or --dir, when already typed).
func completionRoot(a complete.Args) (string, error) {
	dir := "."
	for i, w := range a.All {
		if w == "--dir" && i+1 < len(a.All) {
			dir = a.All[i+1]
		}
	}
	return source.Find(dir)
}

// predictEnvironments lists the environments of the repository's
// octosync.yaml.
func predictEnvironments(a complete.Args) []string {
	root, err := completionRoot(a)
	if err != nil {
		return nil
	}
	cfg, _, err := config.Load(root)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range cfg.Environments {
		out = append(out, e.Name)
	}
	return out
}

// predictBusinesses lists the business slugs of the repository that
// encloses the working directory (or --dir, when already typed).
func predictBusinesses(a complete.Args) []string {
	root, err := completionRoot(a)
	if err != nil {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(root, source.BusinessesDir))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && source.ValidSlug(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}
