package run

import (
	"testing"
	"time"
)

func TestPositiveFlags(t *testing.T) {
	n, d := 3, time.Second
	ni, di := PositiveInt(&n), PositiveDuration(&d)
	for _, bad := range []string{"0", "-1", "x"} {
		if ni.Set(bad) == nil {
			t.Errorf("PositiveInt accepted %q", bad)
		}
	}
	for _, bad := range []string{"0s", "-1s", "5"} {
		if di.Set(bad) == nil {
			t.Errorf("PositiveDuration accepted %q", bad)
		}
	}
	if ni.Set("7") != nil || n != 7 || ni.String() != "7" {
		t.Errorf("PositiveInt: n = %d, String %q", n, ni.String())
	}
	if di.Set("250ms") != nil || d != 250*time.Millisecond || di.String() != "250ms" {
		t.Errorf("PositiveDuration: d = %v, String %q", d, di.String())
	}
}
