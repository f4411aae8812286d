package protoval

import (
	"strings"
	"testing"

	pb "go.viam.com/api/app/v1"
)

// TestMessageInfoField checks the name index that attribute and key reads
// use: every field is found under its own name, and nothing else is.
func TestMessageInfoField(t *testing.T) {
	for _, info := range []*messageInfo{
		infoOf(kitchenDescriptor),
		infoOf((&pb.Robot{}).ProtoReflect().Descriptor()),
	} {
		longest := ""
		for _, want := range info.fields {
			if got, ok := info.field(want.name); !ok || got != want {
				t.Errorf("%s.field(%q) = %v, %t; want the field", info.typeName, want.name, got, ok)
			}
			if len(want.name) > len(longest) {
				longest = want.name
			}
		}
		for _, name := range []string{
			"",
			strings.ToUpper(info.fields[0].name), // same length, other bytes
			longest + "x",                        // longer than every field name
			"keys",                               // a method, not a field
		} {
			if got, ok := info.field(name); ok {
				t.Errorf("%s.field(%q) = %s; want none", info.typeName, name, got.name)
			}
		}
	}
}
