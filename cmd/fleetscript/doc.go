package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func docCmd(_ context.Context, std stdio, args []string) error {
	fs := newFlagSet("doc", "doc [METHOD]\n\nWithout METHOD, lists every fleet method by group and every module.\nMETHOD is a fleet method (list_robots or fleet.list_robots), a module\n(re) or a module member (re.match); its text is what help() prints.")
	if err := fs.parse(std, args); err != nil {
		return err
	}
	// A host with no fleet connection and no file access: only for help().
	host, err := runtime.New(runtime.Options{Fleet: builtins.New(nil, builtins.Options{})})
	if err != nil {
		return err
	}
	defer host.Close()
	switch fs.NArg() {
	case 0:
		writeIndex(std.out, host.Globals())
		return nil
	case 1:
		v, err := lookupDoc(host.Globals(), fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Fprintln(std.out, host.Help(v))
		return nil
	default:
		return usagef("doc: want at most one METHOD, got %d", fs.NArg())
	}
}

// lookupDoc finds what NAME refers to: a fleet method (with or without
// "fleet."), a predeclared name, or a member of one ("re.match").
func lookupDoc(globals starlark.StringDict, name string) (starlark.Value, error) {
	if _, ok := builtins.Doc(name); ok {
		name = "fleet." + strings.TrimPrefix(name, "fleet.")
	}
	head, member, dotted := strings.Cut(name, ".")
	v, ok := globals[head]
	if ok && dotted {
		v = nil
		if attrs, isAttrs := globals[head].(starlark.HasAttrs); isAttrs {
			v, _ = attrs.Attr(member)
		}
		ok = v != nil
	}
	if !ok {
		return nil, usagef("doc: no builtin, fleet method or module named %q (run 'fleetscript doc' for the list)", name)
	}
	return v, nil
}

// writeIndex lists the fleet methods by group, then the other predeclared
// names (modules and builtins such as catch and help).
func writeIndex(w io.Writer, globals starlark.StringDict) {
	groups, byGroup := methodGroups(builtins.Methods())
	fmt.Fprintln(w, "Fleet methods (fleetscript doc METHOD for one):")
	for _, g := range groups {
		fmt.Fprintf(w, "\n%s:\n", g)
		for _, m := range byGroup[g] {
			fmt.Fprintf(w, "  %s\n", m.Signature)
		}
	}
	fmt.Fprintln(w, "\nModules and builtins (fleetscript doc NAME for one):")
	names := globals.Keys()
	slices.Sort(names)
	for _, name := range names {
		v := globals[name]
		if _, documented := v.(starkit.Documented); !documented || name == "fleet" {
			continue // fleet is listed above; argv has no doc
		}
		fmt.Fprintf(w, "  %-10s %s\n", name, runtime.Summary(v))
	}
}

// methodGroups splits methods by group and orders the groups as the
// AppService declares their first RPC: Viam's own order, organizations
// before locations before machines, and a group (locations) before the
// one that extends it (location sharing), which sorting by name reverses.
func methodGroups(methods []builtins.MethodInfo) (groups []string, byGroup map[string][]builtins.MethodInfo) {
	rpcs := appv1.File_app_v1_app_proto.Services().ByName("AppService").Methods()
	first := map[string]int{}
	byGroup = map[string][]builtins.MethodInfo{}
	for _, m := range methods {
		pos := rpcs.Len() // an RPC the descriptor lacks goes last
		if rpc := rpcs.ByName(protoreflect.Name(m.RPC)); rpc != nil {
			pos = rpc.Index()
		}
		if at, seen := first[m.Group]; !seen || pos < at {
			first[m.Group] = pos
		}
		byGroup[m.Group] = append(byGroup[m.Group], m)
	}
	for g := range first {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b string) int { return cmp.Or(cmp.Compare(first[a], first[b]), cmp.Compare(a, b)) })
	return groups, byGroup
}
