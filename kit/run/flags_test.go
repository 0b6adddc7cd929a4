package run

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPositiveFlags(t *testing.T) {
	n, d := 3, time.Second
	ni, di := PositiveInt(&n), PositiveDuration(&d)
	for _, bad := range []string{"0", "-1", "x"} {
		assert.Error(t, ni.Set(bad), "PositiveInt accepted %q", bad)
	}
	for _, bad := range []string{"0s", "-1s", "5"} {
		assert.Error(t, di.Set(bad), "PositiveDuration accepted %q", bad)
	}
	assert.NoError(t, ni.Set("7"), "PositiveInt")
	assert.Equal(t, 7, n, "PositiveInt: n = %d, String %q", n, ni.String())
	assert.Equal(t, "7", ni.String(), "PositiveInt: n = %d, String %q", n, ni.String())
	assert.NoError(t, di.Set("250ms"), "PositiveDuration")
	assert.Equal(t, 250*time.Millisecond, d, "PositiveDuration: d = %v, String %q", d, di.String())
	assert.Equal(t, "250ms", di.String(), "PositiveDuration: d = %v, String %q", d, di.String())
}

func TestRangeFlags(t *testing.T) {
	n, d := 5, time.Second
	ni, di := IntRange(&n, 1, 100), DurationRange(&d, time.Millisecond, time.Hour)
	for _, bad := range []string{"0", "101", "4611686018427387904", "x"} {
		err := ni.Set(bad)
		if assert.Error(t, err, "IntRange accepted %q", bad) {
			assert.EqualError(t, err, "want a whole number from 1 to 100", "IntRange(%q) says %q", bad, err)
		}
	}
	for _, bad := range []string{"0s", "2h", "1us"} {
		assert.Error(t, di.Set(bad), "DurationRange accepted %q", bad)
	}
	assert.Equal(t, 5, n, "a refused value changed the flag: n = %d, d = %v", n, d)
	assert.Equal(t, time.Second, d, "a refused value changed the flag: n = %d, d = %v", n, d)
	assert.NoError(t, ni.Set("100"), "IntRange refused its upper bound")
	assert.Equal(t, 100, n, "IntRange refused its upper bound")
}
