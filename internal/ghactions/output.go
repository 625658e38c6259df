package ghactions

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
)

// Output is one step output: a name and its value, which may span lines.
type Output struct {
	Name  string
	Value string
}

// WriteOutputs appends outputs to the file at path ($GITHUB_OUTPUT) in
// GitHub's file-command format, as the Actions toolkit writes them:
//
//	name<<ghadelimiter_<random>
//	value
//	ghadelimiter_<random>
//
// The delimiter is fresh random hex for every output, so a value (a plan
// summary holding titles from the files) can neither end its own value early
// nor forge another output. path "" writes nothing.
func WriteOutputs(path string, outputs []Output) error {
	if path == "" || len(outputs) == 0 {
		return nil
	}
	var b strings.Builder
	for _, o := range outputs {
		if err := encodeOutput(&b, o); err != nil {
			return err
		}
	}
	return appendFile(path, b.String())
}

func encodeOutput(b *strings.Builder, o Output) error {
	if o.Name == "" || strings.ContainsAny(o.Name, "\r\n=<") {
		return fmt.Errorf("output name %q: not a valid name", o.Name)
	}
	delim, err := delimiter()
	if err != nil {
		return err
	}
	if strings.Contains(o.Value, delim) {
		// 128 random bits: never in practice; refusing is still the rule.
		return fmt.Errorf("output %s: the value contains its delimiter", o.Name)
	}
	fmt.Fprintf(b, "%s<<%s\n%s\n%s\n", o.Name, delim, o.Value, delim)
	return nil
}

func delimiter() (string, error) {
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("output delimiter: %w", err)
	}
	return "ghadelimiter_" + hex.EncodeToString(r[:]), nil
}

// appendFile appends s to the file at path, which the runner created. The
// file is never created by a symlink: GitHub makes it a regular file.
func appendFile(path, s string) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("%s: a symbolic link; refusing to write through it", path)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, s); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
