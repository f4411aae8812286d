package builtins

import (
	"fmt"
	"slices"
	"time"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/internal/spell"
)

var keyMethods = []spec{
	{
		name: "create_key", rpc: "CreateKey", mutates: true,
		params: []param{
			{name: "authorizations", kind: kindDicts,
				doc: "What the key may do: dicts {\"role\": \"owner\"|\"operator\", \"resource_type\": \"organization\"|\"location\"|\"robot\", \"resource_id\"}."},
			{name: "name", field: "name", def: none, doc: "Name of the key. None: the current time."},
			orgParam(""),
		},
		result:  []string{"key", "id"},
		build:   buildKeyAuthorizations,
		summary: "Create a new API key.",
		returns: "a tuple (key, id): the secret, shown only now, and the key's ID.",
		errors:  "INVALID_ARGUMENT for an empty authorization list.",
	},
	{
		name: "create_key_from_existing_key_authorizations", rpc: "CreateKeyFromExistingKeyAuthorizations", mutates: true,
		params:  []param{idParam("id", "id", "ID of the API key to copy the authorizations of.")},
		result:  []string{"key", "id"},
		summary: "Create a new API key with an existing key's authorizations.",
		returns: "a tuple (key, id) of the new key.",
		errors:  "NOT_FOUND for an unknown key id.",
	},
	{
		name: "delete_key", rpc: "DeleteKey", mutates: true,
		params:  []param{idParam("id", "id", "ID of the API key to delete.")},
		summary: "Delete an API key: its secret stops working at once, and the grants it held go with it.",
		errors:  "NOT_FOUND for an unknown key id; PERMISSION_DENIED unless the credentials own what the key grants.",
	},
	{
		name: "list_keys", rpc: "ListKeys",
		params:  []param{orgParam("org_id")},
		result:  []string{"api_keys"},
		summary: "List all keys of the organization, with their authorizations.",
	},
}

var keyAuthorizationKeys = []string{"role", "resource_type", "resource_id"}

// buildKeyAuthorizations turns the APIKeyAuthorization dicts into the
// Authorizations the Python SDK sends: type "role", id
// "<resource_type>_<role>", identity type "api-key", in the call's
// organization.
func buildKeyAuthorizations(c *call, req protoreflect.Message) error {
	r := req.Interface().(*appv1.CreateKeyRequest)
	seq := c.value("authorizations").(starlark.Indexable)
	for i := 0; i < seq.Len(); i++ {
		path := fmt.Sprintf("authorizations[%d]", i)
		kv, err := stringDict(path, seq.Index(i), keyAuthorizationKeys)
		if err != nil {
			return err
		}
		auth, err := newRoleAuthorization(path+".", kv["role"], kv["resource_type"], kv["resource_id"])
		if err != nil {
			return err
		}
		if kv["resource_id"] == "" {
			return fmt.Errorf("%s.resource_id: must not be empty", path)
		}
		auth.IdentityType = "api-key"
		r.Authorizations = append(r.Authorizations, auth)
	}
	org, err := c.org()
	if err != nil {
		return err
	}
	for _, a := range r.Authorizations {
		a.OrganizationId = org
	}
	if r.Name == "" {
		now := time.Now
		if c.env.Now != nil { // golden tests' fake clock
			now = c.env.Now
		}
		r.Name = now().Format("2006-01-02 15:04:05.000000") // Python's str(datetime.now())
	}
	return nil
}

// stringDict reads a dict whose keys are exactly keys and whose values are
// strings.
func stringDict(path string, v starlark.Value, keys []string) (map[string]string, error) {
	m, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil, fmt.Errorf("%s: want dict, got %s", path, v.Type())
	}
	out := make(map[string]string, len(keys))
	for _, item := range m.Items() {
		key, ok := item[0].(starlark.String)
		k := string(key)
		if !ok {
			return nil, fmt.Errorf("%s: want string keys, got %s", path, item[0].Type())
		}
		if !slices.Contains(keys, k) {
			if near := spell.Nearest(k, keys); near != "" {
				return nil, fmt.Errorf("%s: unknown key %q (did you mean %q?)", path, k, near)
			}
			return nil, fmt.Errorf("%s: unknown key %q (want %q)", path, k, keys)
		}
		s, ok := item[1].(starlark.String)
		if !ok {
			return nil, fmt.Errorf("%s.%s: want string, got %s", path, k, item[1].Type())
		}
		out[k] = string(s)
	}
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("%s: missing key %q", path, k)
		}
	}
	return out, nil
}
