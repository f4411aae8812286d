package builtins

import (
	"fmt"
	"slices"
	"sort"

	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// group is one resource group of methods, as fleetscript doc lists them.
type group struct {
	name  string
	specs []spec
}

// groups lists every declared method; group files add theirs here.
var groups = []group{
	{"organizations", organizationMethods},
	{"locations", locationMethods},
	{"robots", robotMethods},
	{"parts", partMethods},
	{"logs", logMethods},
	{"fragments", fragmentMethods},
	{"roles", roleMethods},
	{"modules", moduleMethods},
	{"registry", registryItemMethods},
	{"keys", slices.Concat(keyMethods, keyRotationMethods)},
	{"organization settings", orgSettingsMethods},
	{"apps and push notifications", appMethods},
	{"organization admin", orgAdminMethods},
	{"metadata", metadataMethods},
	{"location sharing", locationSharingMethods},
	{"machine listings", machineListingMethods},
	{"fragment versions", fragmentVersionMethods},
}

// registry is every method, compiled once against the descriptors.
var registry = compileAll(groups)

// method is a spec compiled against the AppService descriptors: the work
// every call would otherwise repeat.
type method struct {
	*spec
	group      string
	fullMethod string // "/viam.app.v1.AppService/GetRobot"
	desc       protoreflect.MethodDescriptor
	reqType    protoreflect.MessageType
	respType   protoreflect.MessageType
	fields     []protoreflect.FieldDescriptor // per param; nil when no field
	kinds      []kind                         // per param, as checked
	results    []protoreflect.FieldDescriptor
	names      []string       // parameter names, in order
	index      map[string]int // parameter name -> position
	pageToken  protoreflect.FieldDescriptor
	pageNext   protoreflect.FieldDescriptor
	doc        string
}

type methodTable struct {
	byName map[string]*method
	sorted []*method // by name
}

var appService = appv1.File_app_v1_app_proto.Services().ByName("AppService")

func compileAll(groups []group) *methodTable {
	t := &methodTable{byName: map[string]*method{}}
	for _, g := range groups {
		for i := range g.specs {
			m, err := compile(&g.specs[i], g.name)
			if err != nil {
				// A bad declaration is a programming error caught by every test run.
				panic(fmt.Sprintf("builtins: %v", err))
			}
			if _, dup := t.byName[m.name]; dup {
				panic(fmt.Sprintf("builtins: fleet.%s declared twice", m.name))
			}
			t.byName[m.name] = m
			t.sorted = append(t.sorted, m)
		}
	}
	sort.Slice(t.sorted, func(i, j int) bool { return t.sorted[i].name < t.sorted[j].name })
	return t
}

func compile(s *spec, groupName string) (*method, error) {
	md := appService.Methods().ByName(protoreflect.Name(s.rpc))
	if md == nil {
		return nil, fmt.Errorf("fleet.%s: no RPC %q in %s", s.name, s.rpc, appService.FullName())
	}
	reqType, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
	if err != nil {
		return nil, fmt.Errorf("fleet.%s: request type: %w", s.name, err)
	}
	respType, err := protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
	if err != nil {
		return nil, fmt.Errorf("fleet.%s: response type: %w", s.name, err)
	}
	m := &method{
		spec:       s,
		group:      groupName,
		fullMethod: fmt.Sprintf("/%s/%s", appService.FullName(), md.Name()),
		desc:       md,
		reqType:    reqType,
		respType:   respType,
		fields:     make([]protoreflect.FieldDescriptor, len(s.params)),
		kinds:      make([]kind, len(s.params)),
		index:      make(map[string]int, len(s.params)),
	}
	reqFields := md.Input().Fields()
	for i, p := range s.params {
		if _, dup := m.index[p.name]; dup {
			return nil, fmt.Errorf("fleet.%s: parameter %s declared twice", s.name, p.name)
		}
		m.index[p.name] = i
		m.names = append(m.names, p.name)
		if p.field != "" {
			fd := reqFields.ByName(protoreflect.Name(p.field))
			if fd == nil {
				return nil, fmt.Errorf("fleet.%s: parameter %s: no field %q in %s", s.name, p.name, p.field, md.Input().FullName())
			}
			if p.kind != kindField && !kindFits(p.kind, fd) {
				return nil, fmt.Errorf("fleet.%s: parameter %s: kind does not fit field %s", s.name, p.name, fd.FullName())
			}
			m.fields[i] = fd
		} else if p.kind == kindField {
			return nil, fmt.Errorf("fleet.%s: parameter %s fills no field and has no kind", s.name, p.name)
		}
		m.kinds[i] = effectiveKind(p, m.fields[i])
	}
	for _, name := range s.secrets {
		if fd := reqFields.ByName(protoreflect.Name(name)); fd == nil || fd.Kind() != protoreflect.StringKind || fd.IsList() {
			return nil, fmt.Errorf("fleet.%s: secret %q is not a string field of %s", s.name, name, md.Input().FullName())
		}
	}
	respFields := md.Output().Fields()
	for _, name := range s.result {
		fd := respFields.ByName(protoreflect.Name(name))
		if fd == nil {
			return nil, fmt.Errorf("fleet.%s: no result field %q in %s", s.name, name, md.Output().FullName())
		}
		m.results = append(m.results, fd)
	}
	if s.pages != nil {
		m.pageToken = reqFields.ByName(protoreflect.Name(s.pages.tokenField))
		m.pageNext = respFields.ByName(protoreflect.Name(s.pages.nextField))
		if m.pageToken == nil || m.pageNext == nil || len(m.results) != 1 || !m.results[0].IsList() {
			return nil, fmt.Errorf("fleet.%s: paging needs a token field, a next-token field and one list result", s.name)
		}
	}
	m.doc = renderDoc(m)
	return m, nil
}

// kindFits reports whether a declared kind can fill field fd directly.
func kindFits(k kind, fd protoreflect.FieldDescriptor) bool {
	switch k {
	case kindString:
		return !fd.IsList() && fd.Kind() == protoreflect.StringKind
	case kindBool:
		return !fd.IsList() && fd.Kind() == protoreflect.BoolKind
	case kindStringList:
		return fd.IsList() && fd.Kind() == protoreflect.StringKind
	case kindBytes:
		return !fd.IsList() && fd.Kind() == protoreflect.BytesKind
	case kindInt:
		return !fd.IsList() && effectiveKind(param{}, fd) == kindInt
	}
	return false
}
