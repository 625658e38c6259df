package ghactions

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"unicode"
)

// The GitHub Actions runner reads a step's stdout and stderr line by line
// (a line ends at "\n", "\r\n" or a lone "\r", as .NET's ReadLine splits
// them) and executes as a workflow command:
//
//   - a line whose first non-blank characters are "::" ("::warning::x",
//     "::add-mask::x", "::stop-commands::t", "::set-output name=n::v");
//   - a line holding "##[" anywhere (the older "##[command]data" form).
//
// So any text from a repository or from a server that reaches the log as
// is can annotate, mask octosync's own warnings or forge outputs. The
// CommandSafe writer is the one place that prevents it: every line written
// through it that would be a command gets a zero-width space (U+200B)
// inserted after its first ':' or '#', which the runner does not skip
// (it is no white space), so the line reads the same to a person and is
// plain text to the runner. Octosync's own annotations go through
// WriteCommand, the only way past it.

// zeroWidthSpace breaks a workflow-command prefix without changing how the
// line looks.
const zeroWidthSpace = "\u200b"

// maxPendingLine bounds the part of a line kept until its end arrives; a
// longer line is neutralized and written in pieces.
const maxPendingLine = 64 << 10

// CommandSafe wraps a writer so that nothing written through Write can be
// a workflow command. It keeps an unfinished line until its end arrives
// (or Flush), so a command split across writes is seen whole. It is safe
// for concurrent use.
type CommandSafe struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte
	// midLine: the pending bytes continue a line whose start was already
	// written (a line longer than maxPendingLine).
	midLine bool
}

// NewCommandSafe wraps w.
func NewCommandSafe(w io.Writer) *CommandSafe { return &CommandSafe{w: w} }

// Write neutralizes and writes every complete line of p, keeping the rest.
func (c *CommandSafe) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, p...)
	for {
		i := bytes.IndexAny(c.pending, "\r\n")
		if i < 0 {
			break
		}
		end := i + 1
		if c.pending[i] == '\r' && end < len(c.pending) && c.pending[end] == '\n' {
			end++
		} else if c.pending[i] == '\r' && end == len(c.pending) {
			break // a "\n" may follow in the next write
		}
		if err := c.emit(c.pending[:i], c.pending[i:end]); err != nil {
			return 0, err
		}
		c.pending = c.pending[end:]
		c.midLine = false
	}
	if len(c.pending) > maxPendingLine {
		// Keep a trailing run of '#' so that "##" + "[" split here is
		// still seen together.
		cut := len(bytes.TrimRight(c.pending, "#"))
		if err := c.emit(c.pending[:cut], nil); err != nil {
			return 0, err
		}
		c.pending, c.midLine = append([]byte(nil), c.pending[cut:]...), true
	}
	return len(p), nil
}

// emit writes one line (without its end) neutralized, then its end.
func (c *CommandSafe) emit(line, eol []byte) error {
	s := string(line)
	if !c.midLine {
		s = neutralizeLead(s)
	}
	s = strings.ReplaceAll(s, "##[", "#"+zeroWidthSpace+"#[")
	_, err := io.WriteString(c.w, s+string(eol))
	return err
}

// neutralizeLead breaks a "::" that starts a line after blanks.
func neutralizeLead(s string) string {
	rest := strings.TrimLeftFunc(s, unicode.IsSpace)
	if !strings.HasPrefix(rest, "::") {
		return s
	}
	lead := len(s) - len(rest)
	return s[:lead] + ":" + zeroWidthSpace + rest[1:]
}

// Flush writes a pending unfinished line, neutralized.
func (c *CommandSafe) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushLocked()
}

func (c *CommandSafe) flushLocked() error {
	if len(c.pending) == 0 {
		return nil
	}
	err := c.emit(c.pending, nil)
	c.pending, c.midLine = nil, false
	return err
}

// WriteCommand writes one workflow command line of octosync's own, as
// is, on a line of its own: an unfinished line before it is ended first.
func (c *CommandSafe) WriteCommand(line string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pending) > 0 {
		if err := c.flushLocked(); err != nil {
			return err
		}
		if _, err := io.WriteString(c.w, "\n"); err != nil {
			return err
		}
	}
	_, err := io.WriteString(c.w, line+"\n")
	return err
}

// commandWriter is a writer that filters workflow commands and lets
// octosync's own through (CommandSafe).
type commandWriter interface {
	WriteCommand(line string) error
}

// writeCommand prints one of octosync's own workflow commands to w.
func writeCommand(w io.Writer, line string) error {
	if cw, ok := w.(commandWriter); ok {
		return cw.WriteCommand(line)
	}
	_, err := io.WriteString(w, line+"\n")
	return err
}
