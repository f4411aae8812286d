package runtime

import (
	"fmt"

	"go.starlark.net/starlark"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// rpcError mimics the fleet module's RPC failure: the message names the
// method, and the gRPC status stays reachable.
type rpcError struct {
	method string
	st     *status.Status
}

func (e *rpcError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.method, codeName(e.st.Code()), e.st.Message())
}
func (e *rpcError) GRPCStatus() *status.Status { return e.st }
func (e *rpcError) Unwrap() error              { return e.st.Err() }

func codeName(c codes.Code) string {
	switch c {
	case codes.NotFound:
		return "NOT_FOUND"
	case codes.PermissionDenied:
		return "PERMISSION_DENIED"
	}
	return c.String()
}

// fakeFleet is a tiny fleet module: get_robot(id) knows machine "m1" and
// fails NOT_FOUND for any other id, as the real one would; locations,
// machines and parts come from the tables below.
func fakeFleet() *starkit.Module {
	getRobot := func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var id string
		if err := starlark.UnpackArgs("fleet.get_robot", args, kwargs, "robot_id", &id); err != nil {
			return nil, err
		}
		if id != "m1" {
			return nil, &rpcError{method: "fleet.get_robot", st: status.Newf(codes.NotFound, "machine %q not found", id)}
		}
		return record("id", "m1", "name", "rover", "location", "loc-a"), nil
	}
	listLocations := func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.NewList([]starlark.Value{
			record("id", "loc-b", "name", "warehouse", "parent_location_id", ""),
			record("id", "loc-c", "name", "dock", "parent_location_id", "loc-b"),
			record("id", "loc-a", "name", "lab", "parent_location_id", ""),
			record("id", "loc-d", "name", "aisle", "parent_location_id", "loc-b"),
		}), nil
	}
	robots := map[string][]starlark.Value{
		"loc-a": {record("id", "m1", "name", "rover", "location", "loc-a")},
		"loc-c": {record("id", "m3", "name", "crane", "location", "loc-c"), record("id", "m2", "name", "arm", "location", "loc-c")},
		"loc-d": {record("id", "m4", "name", "arm", "location", "loc-d")},
	}
	listRobots := func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var loc string
		if err := starlark.UnpackArgs("fleet.list_robots", args, kwargs, "location_id", &loc); err != nil {
			return nil, err
		}
		return starlark.NewList(robots[loc]), nil
	}
	getRobotParts := func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var id string
		if err := starlark.UnpackArgs("fleet.get_robot_parts", args, kwargs, "robot_id", &id); err != nil {
			return nil, err
		}
		if id == "m2" {
			return starlark.NewList([]starlark.Value{record("id", "p3", "name", "arm-extra", "main_part", false)}), nil
		}
		return starlark.NewList([]starlark.Value{
			record("id", "p2", "name", id+"-extra", "main_part", false),
			record("id", "p1", "name", id+"-main", "main_part", true),
		}), nil
	}
	return starkit.NewModule("fleet", "fleet: a fake fleet for tests.", starlark.StringDict{
		"get_robot":       starkit.NewFunc("fleet.get_robot", "fleet.get_robot(robot_id)\n\nReturns a machine.", []string{"robot_id"}, getRobot),
		"list_locations":  starkit.NewFunc("fleet.list_locations", "Lists locations.", nil, listLocations),
		"list_robots":     starkit.NewFunc("fleet.list_robots", "Lists machines.", []string{"location_id"}, listRobots),
		"get_robot_parts": starkit.NewFunc("fleet.get_robot_parts", "Lists parts.", []string{"robot_id"}, getRobotParts),
	})
}

// record is a dict of alternating keys and values, standing in for a
// message result.
func record(kv ...any) *starlark.Dict {
	d := starlark.NewDict(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		var v starlark.Value
		switch x := kv[i+1].(type) {
		case string:
			v = starlark.String(x)
		case bool:
			v = starlark.Bool(x)
		default:
			panic(fmt.Sprintf("record: unsupported %T", x))
		}
		d.SetKey(starlark.String(kv[i].(string)), v)
	}
	return d
}
