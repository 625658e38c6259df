package octocom

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		r       float64
		want    time.Duration
	}{
		{1, 0.999999, 99999900 * time.Nanosecond},
		{1, 0, 0},
		{2, 0.5, 100 * time.Millisecond},
		{3, 1, 400 * time.Millisecond},
		{6, 1, 3200 * time.Millisecond},
		{7, 1, 5 * time.Second}, // capped
		{100, 0.5, 2500 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := backoff(tt.attempt, tt.r); got != tt.want {
			t.Errorf("backoff(%d, %v) = %v, want %v", tt.attempt, tt.r, got, tt.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"1", time.Second},
		{" 30 ", 30 * time.Second},
		{"0", 0},
		{"-4", 0},
		{"soon", 0},
		{"1.5", 1500 * time.Millisecond},
		{"Fri, 02 Jan 2026 03:04:15 GMT", 10 * time.Second},
		{"Fri, 02 Jan 2026 03:04:00 GMT", 0}, // in the past
		{"999999999", 0},                     // absurd
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
