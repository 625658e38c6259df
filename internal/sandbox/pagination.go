package sandbox

import (
	"net/url"
	"strconv"
)

// Pagination is the "pagination" member of a list envelope. Pages are
// 1-based; a page past the end is empty; totalPages is 0 when there are no
// items.
type Pagination struct {
	Page       int `json:"page"`
	PageSize   int `json:"pageSize"`
	TotalItems int `json:"totalItems"`
	TotalPages int `json:"totalPages"`
}

// parsePage reads the page query parameter: absent means 1, anything but a
// positive integer is a 400.
func parsePage(q url.Values) (int, *APIError) {
	if !q.Has("page") {
		return 1, nil
	}
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return 0, errBadRequest("page %q: must be a positive integer (pages start at 1)", q.Get("page"))
	}
	return n, nil
}

// paginate returns the bounds of page within total items and the envelope's
// pagination member.
func paginate(total, page, size int) (lo, hi int, p Pagination) {
	p = Pagination{Page: page, PageSize: size, TotalItems: total, TotalPages: (total + size - 1) / size}
	lo = total
	if page-1 <= total/size { // also keeps a huge page from overflowing
		lo = min((page-1)*size, total)
	}
	hi = min(lo+size, total)
	return lo, hi, p
}
