package render

import (
	"io"

	"github.com/octosync/octosync/internal/plan"
)

// JSON writes p in the saved-plan format, exactly plan.Marshal's bytes.
func JSON(w io.Writer, p *plan.Plan) error {
	data, err := plan.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
