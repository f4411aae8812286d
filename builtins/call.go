package builtins

import (
	"fmt"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/runtime/protoval"
	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// call is one invocation of a method: its bound arguments and where it runs.
type call struct {
	m      *method
	fleet  *Fleet
	thread *starlark.Thread
	env    *starkit.Env
	args   []starlark.Value // one per parameter, defaults applied
	orgID  string           // resolved lazily by org()
}

// invoke is the one generic call path every method takes.
func (m *method) invoke(f *Fleet, thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	vals, err := m.bind(args, kwargs)
	if err != nil {
		return nil, err
	}
	if f.cc == nil {
		return nil, m.errorf("no fleet connection (this fleet only serves documentation)")
	}
	c := &call{m: m, fleet: f, thread: thread, env: starkit.EnvOf(thread), args: vals}
	req := m.reqType.New()
	if err := c.fillArgs(req); err != nil {
		return nil, err
	}
	if m.build != nil {
		if err := m.build(c, req); err != nil {
			return nil, m.argWrap(err)
		}
	}
	// Defaults last: resolving the organization may call ListOrganizations,
	// and no RPC may be sent for a call whose arguments are wrong.
	if err := c.fillDefaults(req); err != nil {
		return nil, err
	}
	if m.mutates && c.env.DryRun {
		c.reportDryRun(req)
		return m.zero(), nil
	}
	if m.run != nil {
		v, err := m.run(c, req)
		if err != nil {
			return nil, m.wrap(err)
		}
		return v, nil
	}
	resp, err := c.send(req)
	if err != nil {
		return nil, err
	}
	if m.after != nil {
		if err := m.after(c, resp); err != nil {
			return nil, m.wrap(err)
		}
	}
	return m.convert(resp), nil
}

// fillArgs sets the request fields of every argument given explicitly (or
// by a non-None default). Scoped parameters left as None wait for
// fillDefaults.
func (c *call) fillArgs(req protoreflect.Message) error {
	for i, fd := range c.m.fields {
		v := c.args[i]
		if fd == nil || v == starlark.None {
			continue
		}
		p := &c.m.params[i]
		if p.emptyIsNone && v == starlark.String("") {
			continue
		}
		if err := setField(req, fd, c.m.kinds[i], v, p.name); err != nil {
			return c.m.argWrap(err)
		}
	}
	return nil
}

// fillDefaults resolves omitted org and location arguments.
func (c *call) fillDefaults(req protoreflect.Message) error {
	for i, p := range c.m.params {
		if p.scope == scopeNone || c.args[i] != starlark.None {
			continue
		}
		var id string
		var err error
		switch p.scope {
		case scopeOrg:
			id, err = c.org()
		case scopeLocation:
			id, err = c.location()
		}
		if err != nil {
			return err
		}
		if fd := c.m.fields[i]; fd != nil {
			req.Set(fd, protoreflect.ValueOfString(id))
		}
	}
	return nil
}

// setField fills fd from an argument already checked against k.
func setField(req protoreflect.Message, fd protoreflect.FieldDescriptor, k kind, v starlark.Value, path string) error {
	switch k {
	case kindString:
		req.Set(fd, protoreflect.ValueOfString(string(v.(starlark.String))))
	case kindBool:
		req.Set(fd, protoreflect.ValueOfBool(bool(v.(starlark.Bool))))
	case kindBytes:
		req.Set(fd, protoreflect.ValueOfBytes([]byte(v.(starlark.Bytes))))
	case kindStringList:
		list := req.Mutable(fd).List()
		seq := v.(starlark.Indexable)
		for j := 0; j < seq.Len(); j++ {
			list.Append(protoreflect.ValueOfString(string(seq.Index(j).(starlark.String))))
		}
	case kindInt:
		n, _ := v.(starlark.Int).Int64()
		switch fd.Kind() {
		case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
			req.Set(fd, protoreflect.ValueOfInt64(n))
		default:
			if n != int64(int32(n)) {
				return fmt.Errorf("%s: %d out of range", path, n)
			}
			req.Set(fd, protoreflect.ValueOfInt32(int32(n)))
		}
	default:
		return protoval.SetField(req, fd, v, path)
	}
	return nil
}

// convert turns a response into the declared result shape: None, one
// field, or a tuple of fields.
func (m *method) convert(resp protoreflect.Message) starlark.Value {
	switch len(m.results) {
	case 0:
		return starlark.None
	case 1:
		return protoval.FieldValue(resp, m.results[0])
	}
	t := make(starlark.Tuple, len(m.results))
	for i, fd := range m.results {
		t[i] = protoval.FieldValue(resp, fd)
	}
	return t
}

// zero is the result a dry run returns: the declared shape with empty
// values, messages present but empty so that field reads still work.
func (m *method) zero() starlark.Value {
	resp := m.respType.New()
	for _, fd := range m.results {
		if fd.Message() != nil && !fd.IsList() && !fd.IsMap() {
			resp.Mutable(fd)
		}
	}
	return m.convert(resp)
}

func (c *call) reportDryRun(req protoreflect.Message) {
	if len(c.m.secrets) > 0 { // never print a password or a credential
		req = proto.Clone(req.Interface()).ProtoReflect()
		for _, name := range c.m.secrets {
			fd := req.Descriptor().Fields().ByName(protoreflect.Name(name))
			if req.Has(fd) {
				req.Set(fd, protoreflect.ValueOfString("<redacted>"))
			}
		}
	}
	fmt.Fprintf(c.env.Stdout, "[dry-run] fleet.%s: %s\n", c.m.name, protoval.NewMessage(req.Interface()).String())
}

// value returns the bound argument of a declared parameter.
func (c *call) value(name string) starlark.Value {
	i, ok := c.m.index[name]
	if !ok {
		panic(fmt.Sprintf("fleet.%s has no parameter %s", c.m.name, name))
	}
	return c.args[i]
}

// str returns a string argument, and false when it is None.
func (c *call) str(name string) (string, bool) {
	s, ok := c.value(name).(starlark.String)
	return string(s), ok
}

// int returns an int argument (already range-checked by bind).
func (c *call) int(name string) (int64, bool) {
	n, ok := c.value(name).(starlark.Int)
	if !ok {
		return 0, false
	}
	i, _ := n.Int64()
	return i, true
}

// org returns the organization of this call: org_id= when given, else
// the fleet's default (discovered on first need).
func (c *call) org() (string, error) {
	if c.orgID != "" {
		return c.orgID, nil
	}
	if _, declared := c.m.index["org_id"]; declared {
		if id, ok := c.str("org_id"); ok {
			c.orgID = id
			return id, nil
		}
	}
	ctx, cancel := c.rpcContext()
	defer cancel()
	id, err := c.fleet.defaultOrg(ctx)
	if err != nil {
		return "", c.m.wrap(fmt.Errorf("org_id: %w", err))
	}
	c.orgID = id
	return id, nil
}

// location returns the location of this call: location_id= when given,
// else the fleet's default, else an error naming the argument.
func (c *call) location() (string, error) {
	if _, declared := c.m.index["location_id"]; declared {
		if id, ok := c.str("location_id"); ok {
			return id, nil
		}
	}
	if id := c.fleet.LocationID(); id != "" {
		return id, nil
	}
	return "", c.m.argErrorf("location_id: not given and no default location (pass location_id= or call fleet.use(location_id=...))")
}
