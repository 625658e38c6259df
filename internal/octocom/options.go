package octocom

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/provider"
)

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.octocom.ai/rest/v1"

// Defaults of Options.
const (
	DefaultParallelism    = provider.DefaultParallelism
	DefaultMaxAttempts    = 5
	DefaultHeaderTimeout  = 30 * time.Second
	DefaultIdleTimeout    = 30 * time.Second
	DefaultRequestTimeout = 2 * time.Minute
)

// Options configures a Client. Only BaseURL and APIKey are required.
//
// Options never prints its APIKey: String, GoString and Format (every fmt
// verb, %+v and %#v included) show "[redacted]" instead. fmt cannot call
// those methods on an unexported struct field, though: keep Options in a
// local variable or an exported field, and hold a *Client after New.
type Options struct {
	// BaseURL is the API root, an absolute http or https URL such as
	// DefaultBaseURL; request paths are appended to it.
	BaseURL string
	// APIKey is sent as X-API-Key. It is never printed, logged or put in
	// an error.
	APIKey string
	// HTTPClient sends the requests; nil means a client with sane timeouts.
	// The client never follows redirects, whatever this one is set to: an
	// API that redirects is a misconfigured --api-url, and following it
	// would send the key to another host.
	HTTPClient *http.Client
	// Parallelism is the most requests in flight for the whole client, all
	// calls together; 0 means DefaultParallelism.
	Parallelism int
	// RateLimit is a client-side ceiling in requests per second; 0 means
	// none. Below it the client paces itself by what the server says (see
	// the package documentation).
	RateLimit float64
	// MaxAttempts is the most attempts of one request, the first included;
	// 0 means DefaultMaxAttempts.
	MaxAttempts int
	// Verbose, when set, receives one line per attempt: method, path with
	// query, status (or the connection error), duration and attempt number.
	// Never a header value.
	Verbose io.Writer
	// UserAgent is the User-Agent header; "" means "octosync/<version>".
	UserAgent string

	// Limits are the content limits live resources are checked against as
	// they arrive (a server breaking them is an error, not data); nil means
	// config.DefaultLimits, the contract's.
	Limits *config.Limits

	// Time limits of every attempt, each named in the error when it
	// fires; 0 means the default. HeaderTimeout runs from sending the
	// request to the answer's headers, IdleTimeout between two reads of
	// the body that brought data, RequestTimeout over the whole attempt.
	HeaderTimeout  time.Duration
	IdleTimeout    time.Duration
	RequestTimeout time.Duration

	// Sleep waits d or until ctx is done, returning ctx.Err() then. Every
	// wait of the client (backoff, Retry-After, rate limiting) goes through
	// it; nil means a real timer. Tests record waits with it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for backoff jitter; nil means
	// math/rand/v2. The client serializes calls, so it need not be safe for
	// concurrent use.
	Rand func() float64
}

const redacted = "[redacted]"

// optionsNoMethods has Options' fields and none of its methods, so that
// formatting it does not recurse into Format.
type optionsNoMethods Options

// redactedCopy is o with the key and any password in BaseURL redacted.
func (o Options) redactedCopy() optionsNoMethods {
	if o.APIKey != "" {
		o.APIKey = redacted
	}
	if o.BaseURL != "" {
		o.BaseURL = safeURL(o.BaseURL)
	}
	return optionsNoMethods(o)
}

// String renders the options with the API key redacted.
func (o Options) String() string { return fmt.Sprintf("%+v", o.redactedCopy()) }

// GoString renders the options as Go syntax with the API key redacted.
func (o Options) GoString() string {
	s := fmt.Sprintf("%#v", o.redactedCopy())
	return strings.Replace(s, "octocom.optionsNoMethods", "octocom.Options", 1)
}

// Format implements fmt.Formatter so that no verb can print the API key.
func (o Options) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, o.GoString())
	case verb == 'v' || verb == 's':
		fmt.Fprintf(f, fmt.FormatString(f, verb), o.redactedCopy())
	default:
		fmt.Fprintf(f, "%%!%c(octocom.Options)", verb)
	}
}
