package protoval

import (
	"reflect"
	"testing"

	"go.starlark.net/starlark"
	pb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// listOf returns repeated field name of m as a *List.
func listOf(t *testing.T, m proto.Message, name string) *List {
	t.Helper()
	l, ok := FieldValue(m.ProtoReflect(), fieldOf(m, name)).(*List)
	if !ok {
		t.Fatalf("%s is not a *List", name)
	}
	return l
}

// TestListIterateFromGo checks that iterating reads the same elements,
// in the same order, whether it reads the Go slice (generated messages)
// or protoreflect (dynamic ones, and lists goElements refuses).
func TestListIterateFromGo(t *testing.T) {
	robots := []*pb.Robot{{Id: "r1"}, nil, {Id: "r3"}}
	other := &pb.ListRobotsResponse{Robots: []*pb.Robot{{Id: "x1"}, {Id: "x2"}, {Id: "x3"}}}
	mismatched := listOf(t, &pb.ListRobotsResponse{Robots: robots}, "robots")
	mismatched.parent = other.ProtoReflect() // holds another list of the same length

	tests := []struct {
		name   string
		list   *List
		fromGo bool
	}{
		{"generated", listOf(t, &pb.ListRobotsResponse{Robots: robots}, "robots"), true},
		{"generated empty", listOf(t, &pb.ListRobotsResponse{}, "robots"), true},
		{"nil generated message", listOf(t, (*pb.ListRobotsResponse)(nil), "robots"), false},
		{"dynamic", listOf(t, kitchen(t, `{"inners": [{"name": "a"}, {"name": "b"}]}`), "inners"), false},
		{"parent without the list", mismatched, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.list.Iterate().(*listIterator)
			defer it.Done()
			if it.fromGo != tt.fromGo {
				t.Errorf("fromGo = %t, want %t", it.fromGo, tt.fromGo)
			}
			var got []proto.Message
			var v starlark.Value
			for it.Next(&v) {
				got = append(got, v.(*Message).Proto())
			}
			if len(got) != tt.list.Len() {
				t.Fatalf("%d elements, want %d", len(got), tt.list.Len())
			}
			for i, m := range got {
				if want := tt.list.Index(i).(*Message).Proto(); m != want {
					t.Errorf("element %d = %v, want %v", i, m, want)
				}
			}
		})
	}
}

// generatedLike has the struct tags protoc-gen-go writes, with fields
// goListFieldIndex must skip.
type generatedLike struct {
	hidden  []*pb.Robot `protobuf:"bytes,1,rep,name=hidden,proto3"`
	Robots  []*pb.Robot `protobuf:"bytes,2,rep,name=robots,proto3"`
	Names   []string    `protobuf:"bytes,3,rep,name=names,proto3"`
	Untyped []*pb.Robot
	Values  []valueMessage `protobuf:"bytes,5,rep,name=values,proto3"`
}

// valueMessage is a message by value, which generated code never makes.
type valueMessage struct{}

func (valueMessage) ProtoReflect() protoreflect.Message { return nil }

func TestGoListFieldIndex(t *testing.T) {
	ptr := reflect.TypeFor[*generatedLike]()
	generated := reflect.TypeFor[*pb.ListRobotsResponse]()
	robots, _ := generated.Elem().FieldByName("Robots")
	tests := []struct {
		name   string
		parent reflect.Type
		number int32
		want   int
	}{
		{"exported message slice", ptr, 2, 1},
		{"unexported", ptr, 1, -1},
		{"not messages", ptr, 3, -1},
		{"no such number", ptr, 4, -1},
		{"messages by value", ptr, 5, -1},
		{"not a pointer", reflect.TypeFor[generatedLike](), 2, -1},
		{"not a struct", reflect.TypeFor[*int](), 2, -1},
		{"generated", generated, 1, robots.Index[0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := goListFieldIndex(tt.parent, protoreflect.FieldNumber(tt.number)); got != tt.want {
				t.Errorf("goListFieldIndex = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTagNumber(t *testing.T) {
	tests := []struct {
		tag  string
		want int32
	}{
		{"bytes,1,rep,name=robots,proto3", 1},
		{"varint,12,opt,name=count,json=count,proto3", 12},
		{"bytes,536870911,opt,name=max", 536870911},
		{"name=x,proto3", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := tagNumber(tt.tag); got != protoreflect.FieldNumber(tt.want) {
			t.Errorf("tagNumber(%q) = %d, want %d", tt.tag, got, tt.want)
		}
	}
}
