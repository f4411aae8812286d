package builtins

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"go.starlark.net/starlark"
	"google.golang.org/grpc"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// refusingConn counts RPCs and refuses them: a call with bad arguments
// must never get this far.
type refusingConn struct{ calls atomic.Int64 }

var errRefused = errors.New("test: RPC sent")

func (c *refusingConn) Invoke(context.Context, string, any, any, ...grpc.CallOption) error {
	c.calls.Add(1)
	return errRefused
}

func (c *refusingConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	c.calls.Add(1)
	return nil, errRefused
}

// wrongValue is a value of the wrong type for parameter i of m.
func wrongValue(m *method, i int) starlark.Value {
	switch m.kinds[i] {
	case kindInt, kindSeconds:
		return starlark.String("not a number")
	}
	if isEnum(m, i) {
		return new(starlark.Dict) // enums take numbers too
	}
	return starlark.MakeInt(12345)
}

// isEnum reports whether parameter i of m fills a single enum field.
func isEnum(m *method, i int) bool {
	fd := m.fields[i]
	return m.kinds[i] == kindField && fd != nil && !fd.IsList() && fd.Enum() != nil
}

// TestEveryMethodRefusesBadArguments calls every method with a wrong-typed
// argument (for each parameter), an empty id, a required argument missing,
// and an unknown keyword: each must fail with the method and parameter in
// the message, without panicking and without sending an RPC.
func TestEveryMethodRefusesBadArguments(t *testing.T) {
	conn := &refusingConn{}
	// With defaults set, the only reason for an error is the bad argument.
	f := New(conn, Options{OrgID: "org-1", LocationID: "loc-1"})
	thread := &starlark.Thread{Name: "table"}
	starkit.Attach(thread, &starkit.Env{Ctx: context.Background()})

	for _, m := range registry.sorted {
		method := f.methods[m.name]
		prefix := "fleet." + m.name + ": "
		check := func(t *testing.T, args starlark.Tuple, kwargs []starlark.Tuple, want string) {
			t.Helper()
			before := conn.calls.Load()
			_, err := starlark.Call(thread, method, args, kwargs)
			if err == nil {
				t.Fatalf("no error, want %q", want)
			}
			msg := err.Error()
			if ee, ok := err.(*starlark.EvalError); ok {
				msg = ee.Msg
			}
			if !strings.HasPrefix(msg, prefix+want) {
				t.Errorf("error %q, want prefix %q", msg, prefix+want)
			}
			if n := conn.calls.Load() - before; n != 0 {
				t.Errorf("%d RPCs sent", n)
			}
		}
		// validArgs fills every required parameter with a plausible value.
		validArgs := func() starlark.Tuple {
			var args starlark.Tuple
			for i, p := range m.params {
				if p.def != nil {
					break
				}
				args = append(args, validValue(m, i))
			}
			return args
		}

		t.Run(m.name+"/unknown keyword", func(t *testing.T) {
			kwargs := []starlark.Tuple{{starlark.String("no_such_argument"), starlark.True}}
			check(t, validArgs(), kwargs, `unexpected keyword argument "no_such_argument"`)
		})
		for i, p := range m.params {
			t.Run(m.name+"/wrong type/"+p.name, func(t *testing.T) {
				args := validArgs()
				kwargs := []starlark.Tuple{{starlark.String(p.name), wrongValue(m, i)}}
				if i < len(args) {
					args = args[:i] // pass it by keyword instead
					kwargs = append(kwargs, requiredAfter(m, i)...)
				}
				check(t, args, kwargs, p.name)
			})
			if p.id && m.kinds[i] == kindString && !p.emptyIsNone {
				t.Run(m.name+"/empty/"+p.name, func(t *testing.T) {
					args := validArgs()
					kwargs := []starlark.Tuple{{starlark.String(p.name), starlark.String("")}}
					if i < len(args) {
						args = args[:i]
						kwargs = append(kwargs, requiredAfter(m, i)...)
					}
					check(t, args, kwargs, p.name+": must not be empty")
				})
			}
			if p.def == nil {
				t.Run(m.name+"/missing/"+p.name, func(t *testing.T) {
					args := validArgs()[:i]
					check(t, args, requiredAfter(m, i), "missing argument "+p.name)
				})
			}
		}
	}
}

// requiredAfter passes the required parameters after i by keyword.
func requiredAfter(m *method, i int) []starlark.Tuple {
	var kwargs []starlark.Tuple
	for j := i + 1; j < len(m.params) && m.params[j].def == nil; j++ {
		kwargs = append(kwargs, starlark.Tuple{starlark.String(m.params[j].name), validValue(m, j)})
	}
	return kwargs
}

// validValue is a well-typed value for parameter i of m.
func validValue(m *method, i int) starlark.Value {
	switch m.kinds[i] {
	case kindInt:
		return starlark.MakeInt(1)
	case kindBool:
		return starlark.True
	case kindBytes:
		return starlark.Bytes("x")
	case kindStringList:
		return starlark.NewList([]starlark.Value{starlark.String("x")})
	case kindDicts, kindField:
		if isEnum(m, i) {
			return starlark.String(m.fields[i].Enum().Values().Get(1).Name())
		}
		if m.fields[i] != nil && !m.fields[i].IsList() {
			return new(starlark.Dict)
		}
		return starlark.NewList(nil)
	}
	return starlark.String("x")
}
