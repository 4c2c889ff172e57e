package hugo

import (
	"fmt"
	"html/template"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

func add(a, b any) (any, error) {
	if sa, ok := a.(string); ok {
		return sa + toString(b), nil
	}
	return arith(a, b, '+')
}

// arith computes as Hugo's math does: integers stay integers.
func arith(a, b any, op byte) (any, error) {
	_, fa := a.(float64)
	_, fb := b.(float64)
	if !fa && !fb && isIntLike(a) && isIntLike(b) {
		x, y := toInt(a), toInt(b)
		switch op {
		case '+':
			return x + y, nil
		case '-':
			return x - y, nil
		case '*':
			return x * y, nil
		case '/':
			if y == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return x / y, nil
		}
	}
	x, y := toFloat(a), toFloat(b)
	switch op {
	case '+':
		return x + y, nil
	case '-':
		return x - y, nil
	case '*':
		return x * y, nil
	}
	if y == 0 {
		return nil, fmt.Errorf("division by zero")
	}
	return x / y, nil
}

func isIntLike(v any) bool {
	switch s := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32:
		return true
	case string:
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	}
	return false
}

func toInt(v any) int64 {
	if b, ok := v.(bool); ok {
		if b {
			return 1
		}
		return 0
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return int64(rv.Float())
	}
	s := strings.TrimSpace(toString(v))
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(f)
	}
	return 0
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	}
	if isIntLike(v) {
		return float64(toInt(v))
	}
	f, _ := strconv.ParseFloat(strings.TrimSpace(toString(v)), 64)
	return f
}

func toString(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return s
	case template.HTML:
		return string(s)
	case template.URL:
		return string(s)
	case template.HTMLAttr:
		return string(s)
	case template.CSS:
		return string(s)
	case template.JS:
		return string(s)
	case []byte:
		return string(s)
	case fmt.Stringer:
		return s.String()
	case float64:
		if s == math.Trunc(s) && math.Abs(s) < 1e15 {
			return fmt.Sprintf("%d", int64(s))
		}
	}
	return fmt.Sprint(v)
}

// truth is the template's notion of true: non-zero, non-empty.
func truth(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool()
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() > 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil()
	case reflect.Struct:
		if t, ok := v.(time.Time); ok {
			return !t.IsZero()
		}
	}
	return true
}
