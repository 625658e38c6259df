package pull

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

// slowMacros answers every business's macros after a second of a synctest
// bubble's fake clock, with a parallelism of 10.
type slowMacros struct{}

func (slowMacros) Macros(ctx context.Context, business string) ([]provider.Macro, error) {
	time.Sleep(time.Second)
	return []provider.Macro{{Business: business, ID: "m1"}, {Business: business, ID: "m2"}}, ctx.Err()
}

func (slowMacros) Parallelism() int { return 10 }

// TestFetchMacrosListsTheBusinessesAtOnce: a bulk export of ten businesses
// waits for one macro list, not ten one after the other, and gets the
// macros in the order of the businesses.
func TestFetchMacrosListsTheBusinessesAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var businesses []string
		for i := range 10 {
			businesses = append(businesses, fmt.Sprintf("b%02d", i))
		}
		start := time.Now()
		got, err := FetchMacros(context.Background(), slowMacros{}, businesses)
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took != time.Second {
			t.Errorf("took %v, want 1s: the ten lists at once", took)
		}
		if len(got) != 20 {
			t.Fatalf("%d macros, want 20", len(got))
		}
		for i, m := range got {
			if want := businesses[i/2]; m.Business != want {
				t.Fatalf("macro %d is of %s, want %s: the businesses' order", i, m.Business, want)
			}
		}
	})
}
