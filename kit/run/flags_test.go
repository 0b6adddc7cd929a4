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

func TestRangeFlags(t *testing.T) {
	n, d := 5, time.Second
	ni, di := IntRange(&n, 1, 100), DurationRange(&d, time.Millisecond, time.Hour)
	for _, bad := range []string{"0", "101", "4611686018427387904", "x"} {
		err := ni.Set(bad)
		if err == nil {
			t.Errorf("IntRange accepted %q", bad)
		} else if err.Error() != "want a whole number from 1 to 100" {
			t.Errorf("IntRange(%q) says %q", bad, err)
		}
	}
	for _, bad := range []string{"0s", "2h", "1us"} {
		if di.Set(bad) == nil {
			t.Errorf("DurationRange accepted %q", bad)
		}
	}
	if n != 5 || d != time.Second {
		t.Errorf("a refused value changed the flag: n = %d, d = %v", n, d)
	}
	if ni.Set("100") != nil || n != 100 {
		t.Errorf("IntRange refused its upper bound")
	}
}
