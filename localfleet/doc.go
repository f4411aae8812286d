// Package localfleet is fleetscript's embedded fleet: a real
// viam.app.v1.AppService and proto.rpc.v1.AuthService server over SQLite
// (pure-Go modernc.org/sqlite), so scripts, tests and demos run with no
// cloud account.
//
// # Serving
//
// Open opens or creates the database (Options.DataPath; "" = in memory) and
// serves it in-process; Dial connects without a port and Serve serves any
// listener (loopback TCP, plaintext), with AppService, AuthService and the
// standard gRPC health service on one server. Clients log in as on
// app.viam.com: AuthService.Authenticate with entity = API key id and
// credentials {type: "api-key", payload: key} returns an access token
// (an HS256 JWT signed with a key private to the database, valid for
// Options.TokenTTL), sent as "authorization: Bearer <token>" on every
// AppService call. AppService RPCs the fleet does not serve answer
// Unimplemented naming the method.
//
// # Storage
//
// State lives in SQLite through one connection (an in-memory database
// exists only as long as its connection; SQLite serialises writers
// anyway): WAL, foreign keys on and synchronous=FULL for files, the schema
// created and migrated from the schema_version table (schema.go), and every
// multi-row change in one transaction. At most one main part per machine
// is enforced by a partial unique index. API key secrets are stored as
// SHA-256 hashes only.
//
// Three read caches keep the hot paths close to the cost of gRPC itself:
// prepared statements (store), each key's grants and each location's chain
// of ancestors (authCache), and machines with their wire encodings
// (robotCache). The two data caches are dropped whole after any committed
// write that could change them.
//
// # Authorization
//
// API keys and users hold roles (owner, operator) on an organization, a
// location (covering its child locations) or a machine. Each RPC checks
// one of the permission strings of API.md §7.3 with this mapping: owners
// hold every permission within their grant's scope, except the
// organization-only ones (write_organization, write_fragment, registry
// writes, ...) which need an organization grant; read_fragment is held by
// an owner anywhere in the organization; operators hold read_organization
// (organization operators only), read_location, read_robot, control_robot
// and reading data. So operators cannot read configs, logs, history or
// secrets, nor write. GetRobotParts shows operators parts without configs
// and secrets; GetRobotPart, logs and history refuse them. A refusal is
// PermissionDenied naming the permission and the resource.
//
// Organization settings: the billing service (its config included, as
// only owners see billing), support email, logo, auth service, OAuth apps
// and their users and the Firebase config are changed with
// write_organization; the support email, logo and Firebase app id are read
// with read_organization. OAuth apps need the auth service enabled
// (FailedPrecondition otherwise); their client secrets, like API key
// secrets, are stored hashed and returned once, by CreateOAuthApp. Device
// push tokens belong to the calling key: any caller manages its own. Viam
// apps (declared in a module's apps) are read by anyone when the module is
// public, with read_private_registry_item otherwise.
//
// Organizations and metadata: UpdateOrganization,
// UpdateOrganizationNamespace and DeleteOrganization need
// write_organization (organization owners). Reading the metadata of an
// organization, location, machine or part needs read_organization,
// read_location or read_robot (operators too: metadata describes a
// resource, it is not its config); replacing it needs write_organization,
// write_location or write_robot. GetUserIDByEmail, ListOrganizationsByUser
// and SearchOrganizations see only the organizations the caller holds
// read_organization on (PermissionDenied when there is none, NotFound for
// a user outside them); GetOrganizationsWithAccessToLocation needs
// read_location.
//
// A location shared with another organization (ShareLocation) is covered
// by that organization's grants as by its own, except that only the owning
// organization deletes it. The permissions checked by
// the sharing, listing, summary, fragment-version and ChangeRole RPCs:
// Share/UnshareLocation write_location on the location;
// GetRobotPartByNameAndLocation read_robot_config on the part's machine;
// GetRobotAPIKeys read_robot_secret on the machine; ListRobotsForLocations,
// ListRobotsForOrg and ListMachineSummaries list what ListRobots would
// (read_location, or read_robot per machine), summaries showing part
// fragments only with read_robot_config; ListMachineFragments
// read_robot_config on the machine; ListNestedFragments, GetFragmentUsage
// read_fragment for a private fragment (nested ones the caller cannot read
// are reported NO_ACCESS); GetFragmentHistory read_fragment;
// Set/DeleteFragmentTag write_fragment; ChangeRole ownership of both
// grants' resources, as AddRole and RemoveRole.
//
// Registry items (modules are items of type PACKAGE_TYPE_MODULE, in the
// same catalogue): reading a private one needs read_private_registry_item
// in its organization, every change write_private_registry_item there
// (transfers: in both organizations), and making one public or unlisted
// also write_public_registry_item; all three are organization owners'.
// Deleting, renaming or rotating an API key needs what managing it needs:
// ownership of its organization, or of every resource it holds a role on.
//
// # Deterministic mode
//
// With Options.Deterministic, ids come from a generator seeded with
// Options.Seed and the clock starts at 2026-01-01T00:00:00Z and advances one
// second on each reading, so the same calls give byte-identical results.
// Access tokens always use the real clock and random ids: they never appear
// in output.
//
// # Fixtures
//
// A new database is seeded from a Fixture (DemoFixture, BuiltinFixture,
// LoadFixture), in one transaction. The first organization gets an owner
// API key, returned by BootstrapKey and LocalCredentials. The JSON form:
//
//	{
//	  "organizations": [{
//	    "name": "Demo Robotics",
//	    "public_namespace": "demo-robotics",          // optional
//	    "locations": [{
//	      "name": "Warehouse",                          // no "/"
//	      "locations": [ ...child locations... ],
//	      "machines": [{
//	        "name": "forklift-01",                      // unique in the organization
//	        "parts": [{                                 // none: one main part "<machine>-main"
//	          "name": "forklift-01-main",
//	          "main": true,                             // default: the first part
//	          "state": "online",                        // "online", "offline" or "awaiting_setup" (default)
//	          "last_seen": "2m",                        // before the fleet's clock
//	          "config": { ...part config...,            // "fragments": [{"name": "<fixture fragment>"}]
//	                      },                            //   become {"id": "<its id>"}
//	          "user_supplied_info": { ... },
//	          "log_count": 40,                          // lines drawn from log_catalog
//	          "logs": [{"level": "info", "logger": "rdk", "caller": "web/server.go:120",
//	                    "function": "...", "message": "...", "ago": "5m"}]
//	        }]
//	      }]
//	    }],
//	    "fragments": [{"name": "...", "visibility": "private", "config": { ... }}],
//	    "modules": [{"name": "...", "visibility": "public", "description": "...", "url": "...",
//	                 "entrypoint": "...", "models": [{"api": "...", "model": "..."}]}],
//	    "members": [{"email": "...", "grants": [{"role": "owner", "resource": "organization"}]}],
//	    "invites": [{"email": "...", "grants": [{"role": "operator", "resource": "location", "name": "Warehouse/Aisle 1"}]}],
//	    "api_keys": [{"name": "...", "grants": [{"role": "operator", "resource": "robot", "name": "forklift-01"}]}]
//	  }],
//	  "log_catalog": [{"level": "warn", "logger": "rdk.resource_manager", "caller": "...", "message": "..."}]
//	}
//
// Grants name locations by path ("Warehouse/Aisle 1") and machines by name.
// Catalog lines are drawn per part with a generator seeded by the part's
// name and spread over the hours up to the fleet's clock.
package localfleet
