package protoval

import (
	"encoding/json"
	"testing"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"
)

// FuzzFromStarlark converts arbitrary Starlark expressions to a Kitchen.
// Invariants: no panic, and whatever converts reads back (json.encode,
// repr, dict()) and converts again to an equal message.
func FuzzFromStarlark(f *testing.F) {
	for _, seed := range []string{
		`{"i32": 1, "s": "x", "inner": {"name": "n"}}`,
		`{"inners": [{"count": -1}], "tags": ("a",), "counts": {"k": 3}}`,
		`{"by_id": {1: {}}, "flags": {True: ""}, "color": "red"}`,
		`{"config": {"a": [1, 2.5, None, {"b": True}]}, "value": [1], "list_value": []}`,
		`{"at": "2024-05-01T12:00:00Z", "took": "1h", "wrapped_int": 5, "opt_int": 0}`,
		`{"text": "t", "detail": None, "sub": {"sub": {"fl": 1e39}}}`,
		`{"u64": -1}`, `[]`, `None`, `{"nums": [1 << 70]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		globals, err := execScript("out = "+expr, nil)
		if err != nil {
			return // not a Starlark expression
		}
		dst := dynamicpb.NewMessage(kitchenDescriptor)
		if err := FromStarlark(globals["out"], dst, "k"); err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		value := NewMessage(dst)
		_ = value.String()
		if _, err := value.MarshalJSON(); err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		again := dynamicpb.NewMessage(kitchenDescriptor)
		if err := FromStarlark(starlark.Value(value), again, "k"); err != nil {
			t.Fatalf("converting the result back: %v", err)
		}
		viaDict := dynamicpb.NewMessage(kitchenDescriptor)
		d, err := execScript("out = dict(v)", starlark.StringDict{"v": value})
		if err != nil {
			t.Fatal(err)
		}
		if err := FromStarlark(d["out"], viaDict, "k"); err != nil {
			t.Fatalf("converting dict(result) back: %v", err)
		}
		if !proto.Equal(dst, again) || !proto.Equal(dst, viaDict) {
			t.Fatalf("round trip changed %s:\n%v\n%v\n%v", expr, dst, again, viaDict)
		}
	})
}

// FuzzRead decodes arbitrary wire bytes as a Kitchen and reads the result
// every way a script can. Invariants: no panic, and json.encode output is
// valid JSON whatever the message holds (NaN, invalid times, unknown enum
// numbers).
func FuzzRead(f *testing.F) {
	for _, seed := range []string{fullKitchen, `{}`, `{"db": "NaN", "at": "0001-01-01T00:00:00Z", "colors": [99]}`} {
		wire, err := proto.Marshal(kitchen(f, seed))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(wire)
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		m, ok := decodeKitchen(wire)
		if !ok {
			return
		}
		value := NewMessage(m)
		_ = value.String()
		data, err := value.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		if !json.Valid(data) {
			t.Fatalf("invalid JSON: %s", data)
		}
		for _, item := range value.Items() {
			if seq, ok := item[1].(starlark.Iterable); ok {
				iter := seq.Iterate()
				var x starlark.Value
				for iter.Next(&x) {
					_ = x.String()
				}
				iter.Done()
			}
		}
	})
}

// decodeKitchen decodes wire as a dynamic Kitchen, reporting false for
// input protobuf-go rejects, or panics on: its dynamicpb decoder panics on
// a map entry whose key has the wrong wire type (v1.36.12, proto/decode.go
// unmarshalMap), which is not ours to fuzz.
func decodeKitchen(wire []byte) (m *dynamicpb.Message, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	m = dynamicpb.NewMessage(kitchenDescriptor)
	return m, proto.Unmarshal(wire, m) == nil
}
