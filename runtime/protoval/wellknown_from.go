package protoval

import (
	"time"

	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Timestamps must lie in years 1 to 9999 (google.protobuf.Timestamp).
var (
	minTimestamp = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTimestamp = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// fillWellKnown fills pm from the Starlark form of a well-known type. It
// reports handled=false for ordinary messages and for dicts and *Message
// values given for a Timestamp, Duration or wrapper, which fill the
// message field by field like any other.
func fillWellKnown(pm protoreflect.Message, info *messageInfo, v starlark.Value) (handled bool, err error) {
	switch info.wellKnown {
	case wktTimestamp:
		if isMessageSource(v) {
			return false, nil
		}
		return true, fillTimestamp(pm, info, v)
	case wktDuration:
		if isMessageSource(v) {
			return false, nil
		}
		return true, fillDuration(pm, info, v)
	case wktWrapper:
		if isMessageSource(v) {
			return false, nil
		}
		fd := info.fields[0].fd // "value", the only field
		pv, err := scalarFrom(fd, v)
		if err == nil {
			pm.Set(fd, pv)
		}
		return true, err
	case wktStruct:
		s, err := dictToStruct(v)
		if err != nil {
			return true, err
		}
		return true, copyInto(pm, s)
	case wktListValue:
		iterable, ok := v.(starlark.Iterable)
		if _, isMapping := v.(starlark.Mapping); !ok || isMapping {
			return true, typeError("list", v)
		}
		l, err := listToListValue(iterable)
		if err != nil {
			return true, err
		}
		return true, copyInto(pm, l)
	case wktValue:
		sv, err := starlarkToStructValue(v)
		if err != nil {
			return true, err
		}
		return true, copyInto(pm, sv)
	}
	return false, nil
}

func isMessageSource(v starlark.Value) bool {
	_, ok := v.(starlark.IterableMapping)
	return ok
}

func copyInto(pm protoreflect.Message, src proto.Message) error {
	if err := copyMessage(pm, src.ProtoReflect()); err != nil {
		return fieldErrorf("%v", err)
	}
	return nil
}

func fillTimestamp(pm protoreflect.Message, info *messageInfo, v starlark.Value) error {
	var t time.Time
	switch v := v.(type) {
	case startime.Time:
		t = time.Time(v)
	case starlark.String:
		parsed, err := time.Parse(time.RFC3339Nano, string(v))
		if err != nil {
			return fieldErrorf("want an RFC 3339 time such as \"2024-05-01T12:00:00Z\", got %s", v)
		}
		t = parsed
	default:
		return typeError("time.time or RFC 3339 string", v)
	}
	if t.Before(minTimestamp) || t.After(maxTimestamp) {
		return fieldErrorf("time %s outside the years 1 to 9999", t.UTC().Format(time.RFC3339Nano))
	}
	setSecondsNanos(pm, info, t.Unix(), int64(t.Nanosecond()))
	return nil
}

func fillDuration(pm protoreflect.Message, info *messageInfo, v starlark.Value) error {
	var d time.Duration
	switch v := v.(type) {
	case startime.Duration:
		d = time.Duration(v)
	case starlark.String:
		parsed, err := time.ParseDuration(string(v))
		if err != nil {
			return fieldErrorf("want a duration such as \"1h30m\" or \"90s\", got %s", v)
		}
		d = parsed
	default:
		return typeError("time.duration or duration string", v)
	}
	// Seconds and nanos carry the same sign, as Duration requires.
	setSecondsNanos(pm, info, int64(d/time.Second), int64(d%time.Second))
	return nil
}

func setSecondsNanos(pm protoreflect.Message, info *messageInfo, secs, nanos int64) {
	pm.Set(info.fields[0].fd, protoreflect.ValueOfInt64(secs))
	pm.Set(info.fields[1].fd, protoreflect.ValueOfInt32(int32(nanos)))
}
