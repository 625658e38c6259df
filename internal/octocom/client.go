package octocom

import (
	"cmp"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/version"
)

// Client talks to the Octocom REST API on behalf of one organization (the
// one its API key belongs to). It is safe for concurrent use; all calls
// share its parallelism bound, rate limiter and statistics.
//
// A Client formats as its base URL under every fmt verb, so printing one
// (or a struct holding one) never shows the API key.
type Client struct {
	base        string        // BaseURL without user info and trailing slash
	userinfo    *url.Userinfo // BaseURL's user info, if any (a pointer: never printed)
	displayBase string        // BaseURL with the password masked, for messages
	key         *secret
	hc          *http.Client
	userAgent   string
	maxAttempts int
	slots       *slots
	limiter     *adaptiveLimiter
	red         *redactor
	sleep       func(context.Context, time.Duration) error

	randMu sync.Mutex
	rand   func() float64

	logMu   sync.Mutex
	verbose io.Writer
	trace   *Trace // nil: none

	limits        attemptLimits
	contentLimits config.Limits
	stats         counters
}

var _ provider.Provider = (*Client)(nil)

// secret holds the API key behind a pointer, so that even reflection-based
// printing of a Client's fields shows an address, not the key.
type secret struct{ value string }

// New validates opts and builds a Client. BaseURL must be an absolute http
// or https URL; APIKey must not be empty nor hold a control character. No
// error repeats a URL's user info or query, where credentials hide.
func New(opts Options) (*Client, error) {
	u, err := checkOptions(opts)
	if err != nil {
		return nil, err
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	userinfo := u.User
	u.User = nil
	parallelism := cmp.Or(opts.Parallelism, DefaultParallelism)
	c := &Client{
		base:        u.String(),
		userinfo:    userinfo,
		displayBase: safeURL(u.String()),
		key:         &secret{value: opts.APIKey},
		userAgent:   cmp.Or(opts.UserAgent, "octosync/"+version.String()),
		maxAttempts: cmp.Or(opts.MaxAttempts, DefaultMaxAttempts),
		slots:       newSlots(parallelism),
		limiter:     newAdaptiveLimiter(opts.RateLimit),
		red:         &redactor{key: opts.APIKey},
		sleep:       opts.Sleep,
		rand:        opts.Rand,
		verbose:     opts.Verbose,
		trace:       opts.Trace,
		limits: attemptLimits{
			header:  cmp.Or(opts.HeaderTimeout, DefaultHeaderTimeout),
			idle:    cmp.Or(opts.IdleTimeout, DefaultIdleTimeout),
			request: cmp.Or(opts.RequestTimeout, DefaultRequestTimeout),
		},
	}
	c.contentLimits = config.DefaultLimits()
	if opts.Limits != nil {
		c.contentLimits = *opts.Limits
	}
	if c.sleep == nil {
		c.sleep = sleep
	}
	if c.rand == nil {
		c.rand = rand.Float64
	}
	c.hc = httpClient(opts.HTTPClient, parallelism)
	if c.trace != nil {
		c.trace.addKey(opts.APIKey)
	}
	return c, nil
}

// checkOptions validates opts and returns the parsed BaseURL.
func checkOptions(opts Options) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(opts.BaseURL))
	switch {
	case opts.BaseURL == "":
		return nil, errors.New("octocom: no API URL: set --api-url or OCTOCOM_API_URL (e.g. " + DefaultBaseURL + ")")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("octocom: API URL %s: must be an absolute http or https URL such as %s; check --api-url or OCTOCOM_API_URL", safeURL(opts.BaseURL), DefaultBaseURL)
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("octocom: API URL %s: must not have a query or fragment; check --api-url or OCTOCOM_API_URL", safeURL(opts.BaseURL))
	case strings.TrimSpace(opts.APIKey) == "":
		return nil, errors.New("octocom: no API key: set OCTOCOM_API_KEY or --api-key-file")
	case controlChar(opts.APIKey) > 0:
		return nil, fmt.Errorf("octocom: the API key holds a control character (byte %d), so it cannot be sent: check OCTOCOM_API_KEY or --api-key-file", controlChar(opts.APIKey))
	case opts.Parallelism < 0 || opts.MaxAttempts < 0 || opts.RateLimit < 0:
		return nil, errors.New("octocom: parallelism, max attempts and rate limit must not be negative")
	case opts.HeaderTimeout < 0 || opts.IdleTimeout < 0 || opts.RequestTimeout < 0:
		return nil, errors.New("octocom: timeouts must not be negative")
	}
	return u, nil
}

// attemptLimits are the time limits of one attempt (see Options).
type attemptLimits struct{ header, idle, request time.Duration }

// httpClient returns a copy of hc (or a default client) that never follows
// redirects: X-API-Key is not a header net/http strips on a redirect to
// another host. The default client bounds only connecting; the client's own
// attempt limits bound the exchange, whichever http.Client is used.
func httpClient(hc *http.Client, parallelism int) *http.Client {
	var out http.Client
	if hc != nil {
		out = *hc
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		t.TLSHandshakeTimeout = 10 * time.Second
		t.MaxIdleConnsPerHost = max(parallelism, 2)
		out = http.Client{Transport: t}
	}
	out.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &out
}

// Parallelism is the most requests the client has in flight at once. A
// caller fanning out over the client sizes its errgroup with it, so that
// goroutines wait in the group, not in the client.
func (c *Client) Parallelism() int { return c.slots.n }

// Stats returns what the client has sent so far.
func (c *Client) Stats() Stats { return c.stats.snapshot() }

// BaseURL is the API root the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.displayBase }

// SendsKey reports whether key is the API key the client sends, without
// handing the key out (doctor compares environments' keys with it).
func (c *Client) SendsKey(key string) bool {
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(key)), []byte(c.key.value)) == 1
}

// String describes the client without its API key.
func (c *Client) String() string { return "octocom.Client(" + c.displayBase + ")" }

// GoString is String: a Client has no useful Go syntax and its key must not
// be printed.
func (c *Client) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c *Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// jitter draws the random factor of a backoff.
func (c *Client) jitter() float64 {
	c.randMu.Lock()
	defer c.randMu.Unlock()
	r := c.rand()
	return min(max(r, 0), 1)
}
