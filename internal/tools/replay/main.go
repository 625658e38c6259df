// Command replay sends the GET requests of an octosync trace again with
// nothing else done: it measures the floor of a command's request time,
// what the server and the machine allow any client. scripts/bench-scale.sh
// runs it on a bulk export's trace (workload "requests") next to the
// export itself, so that the export's ratio to the request bound can be
// read against the floor's.
//
//	replay -parallelism N TRACE
//
// TRACE is a HAR file written by `octosync ... --trace`. Its first request
// (the business list, which every other request waits for) is sent alone;
// the others follow in the order they were first sent, N at a time, each
// answer read whole and dropped, none waiting for another (an export's
// later pages wait for its first page: the floor does not). The key is
// OCTOCOM_API_KEY, sent only to OCTOCOM_API_URL: every request of the
// trace must be under it, and no redirect is followed.
//
// It prints one line: "requests N seconds S failed F", S from the first
// request sent to the last answer read, F the answers that were not 2xx.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	maxTrace  = 256 << 20 // bytes of a trace read at most
	maxAnswer = 64 << 20  // bytes of an answer read at most
)

func main() {
	parallelism := flag.Int("parallelism", 10, "requests in flight at most")
	flag.Parse()
	if flag.NArg() != 1 || *parallelism < 1 {
		fmt.Fprintln(os.Stderr, "usage: replay -parallelism N TRACE")
		os.Exit(2)
	}
	urls, err := readTrace(flag.Arg(0), os.Getenv("OCTOCOM_API_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
	took, failed := replay(urls, os.Getenv("OCTOCOM_API_KEY"), *parallelism)
	fmt.Printf("requests %d seconds %.3f failed %d\n", len(urls), took.Seconds(), failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// har is the part of a HAR file replay reads.
type har struct {
	Log struct {
		Entries []entry `json:"entries"`
	} `json:"log"`
}

// entry is one request of a trace.
type entry struct {
	StartedDateTime time.Time `json:"startedDateTime"`
	Request         struct {
		Method string `json:"method"`
		URL    string `json:"url"`
	} `json:"request"`
}

// readTrace returns the URLs of the GET requests of the trace at path, in
// the order they were sent; each must be under api.
func readTrace(path, api string) ([]string, error) {
	if api == "" {
		return nil, errors.New("OCTOCOM_API_URL is not set: it names the only server the key goes to")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var h har
	if err := json.NewDecoder(io.LimitReader(f, maxTrace)).Decode(&h); err != nil {
		return nil, fmt.Errorf("%s: not a HAR trace: %w", path, err)
	}
	entries := h.Log.Entries
	slices.SortStableFunc(entries, func(a, b entry) int { return a.StartedDateTime.Compare(b.StartedDateTime) })
	prefix := strings.TrimSuffix(api, "/") + "/"
	var urls []string
	for _, e := range entries {
		if e.Request.Method != http.MethodGet {
			continue
		}
		if !strings.HasPrefix(e.Request.URL, prefix) {
			return nil, fmt.Errorf("%s: request %s is not under OCTOCOM_API_URL (%s): the key is not sent there", path, e.Request.URL, api)
		}
		urls = append(urls, e.Request.URL)
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("%s: no GET request", path)
	}
	return urls, nil
}

// replay sends urls[0] alone, then the others parallelism at a time, and
// returns the time taken and the answers that failed.
func replay(urls []string, key string, parallelism int) (time.Duration, int) {
	client := &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: parallelism},
		// A redirect would carry the key to wherever it points: an
		// answer that redirects counts as failed instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var failed atomic.Int64
	get := func(url string) {
		if !fetch(client, url, key) {
			failed.Add(1)
		}
	}
	start := time.Now()
	get(urls[0])
	next := make(chan string)
	var wg sync.WaitGroup
	for range parallelism {
		wg.Go(func() {
			for url := range next {
				get(url)
			}
		})
	}
	for _, url := range urls[1:] {
		next <- url
	}
	close(next)
	wg.Wait()
	return time.Since(start), int(failed.Load())
}

// fetch sends one GET and reads its answer; it reports whether the answer
// was a 2xx.
func fetch(client *http.Client, url, key string) bool {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	req.Header.Set("X-API-Key", key)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	return err == nil && resp.StatusCode/100 == 2
}
