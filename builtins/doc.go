// Package builtins is the fleet module: the predeclared value `fleet` whose
// methods are Viam's fleet management API (viam.app.v1.AppService) with the
// Python SDK's names, parameters, defaults and result shapes.
//
// Every method is a declaration (a spec in one of the group files:
// organizations.go, locations.go, robots.go, parts.go, logs.go,
// fragments.go, roles.go, modules.go, keys.go). The declarations are compiled
// once at init against the AppService descriptors, and one generic call path
// (call.go) binds and checks the arguments, fills the request, honours
// --dry-run, invokes the RPC through grpc.ClientConnInterface.Invoke and
// turns the response into the declared result shape. The two streaming RPCs
// and paging plug in through hooks on the same spec.
package builtins
